/**
 * A tool selection + entities → a Plan (a DAG of steps). Step ids are readable (`bars_nvda`, `technicals_nvda`),
 * labels are what a person sees ("Fetching NVDA daily prices"), and data flows through `$ref` args as in
 * docs/tools.md. Independent fetches have no dependencies, so the executor runs them in parallel.
 */
import type { Entities } from '../events/events.js';
import { stepDependencies, type Plan, type Step } from '../plan/plan-schema.js';
import type { ToolPurpose, ToolSelection } from './select-tools.js';

/** Sessions of history before the window so SMA200 and 52-week levels exist on its first day. */
export const WARMUP_BARS = 260;
/** Performance needs the close of the session before the window (the base of the return). */
export const BASE_BARS = 1;
/** Technical charts (render + read) for at most this many symbols; the rest get the numeric summary only. */
export const MAX_CHARTED_SYMBOLS = 2;
/** News windows longer than this use the tool's default. */
const MAX_NEWS_DAYS = 30;

const ref = (stepId: string) => ({ $ref: stepId });

export function buildGraph(selection: ToolSelection, entities: Entities): Plan {
  const picked = new Map(selection.picks.map((pick) => [pick.purpose, pick]));
  const has = (purpose: ToolPurpose) => picked.has(purpose);
  const toolOf = (purpose: ToolPurpose) => picked.get(purpose)!.tool;
  const steps: Step[] = [];
  const ids = new Set<string>();
  const add = (base: string, tool: string, label: string, args: Record<string, unknown>, optional = false): string => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}_${n}`;
    ids.add(id);
    steps.push({ id, tool, label, args, ...(optional ? { optional: true } : {}) });
    return id;
  };
  const { tickers, period } = entities;
  const { from, to } = period;

  // Per-symbol, single-call intents.
  const perSymbol: [ToolPurpose, string, (s: string) => string][] = [
    ['quote', 'quote', (s) => `Fetching the ${s} quote`],
    ['fundamentals', 'fundamentals', (s) => `Fetching ${s} fundamentals`],
    ['news', 'news', (s) => `Fetching ${s} news`],
    ['peers', 'peers', (s) => `Finding ${s} peers`],
    ['recommendations', 'recommendations', (s) => `Fetching analyst recommendations for ${s}`],
    ['earnings', 'earnings', (s) => `Fetching ${s} earnings`],
  ];
  for (const [purpose, prefix, label] of perSymbol) {
    if (!has(purpose)) continue;
    for (const symbol of tickers) {
      const args: Record<string, unknown> = { symbol };
      if (purpose === 'news') {
        const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
        if (days > 0 && days <= MAX_NEWS_DAYS) args.days = days;
      }
      add(`${prefix}_${slug(symbol)}`, toolOf(purpose), label(symbol), args);
    }
  }

  if (has('prices')) {
    const withIndicators = has('indicators');
    const benchmarks = has('relative') && entities.benchmark ? [entities.benchmark, ...entities.altBenchmarks] : [];
    const subjects = tickers;
    const barIds = new Map<string, string>();
    for (const symbol of [...subjects, ...benchmarks.filter((b) => !subjects.includes(b))]) {
      const isSubject = subjects.includes(symbol);
      const args: Record<string, unknown> = { symbol, from, to };
      args.warmupBars = isSubject && withIndicators ? WARMUP_BARS : BASE_BARS;
      const role = isSubject ? '' : symbol === entities.benchmark ? ' (benchmark)' : ' (second view of the benchmark)';
      barIds.set(symbol, add(`bars_${slug(symbol)}`, toolOf('prices'), `Fetching ${symbol} daily prices${role}`, args));
    }

    let relativeId: string | undefined;
    if (has('relative')) {
      const benchmark = entities.benchmark ?? subjects[0];
      const others = [...benchmarks.slice(1)];
      const versus = entities.benchmark ? ` with ${[benchmark, ...others].join(', ')}` : '';
      relativeId = add('performance', toolOf('relative'), `Comparing ${subjects.join(', ')}${versus} (${period.label})`, {
        series: [...barIds.values()].map(ref),
        benchmark,
        from,
        to,
        ...(others.length > 0 ? { alts: others } : {}),
      });
    }

    if (withIndicators) {
      subjects.forEach((symbol, index) => {
        const bars = ref(barIds.get(symbol)!);
        const indicatorsId = add(`indicators_${slug(symbol)}`, toolOf('indicators'), `Computing ${symbol} indicators`, { series: bars });
        const indicators = ref(indicatorsId);
        if (has('technicals')) add(`technicals_${slug(symbol)}`, toolOf('technicals'), `Summarizing ${symbol} technicals`, { series: bars, indicators });
        if (index >= MAX_CHARTED_SYMBOLS) return;
        if (has('technical_chart')) {
          const chartId = add(`chart_${slug(symbol)}`, toolOf('technical_chart'), `Rendering the ${symbol} technical chart`, { kind: 'technical', symbol, series: bars, indicators });
          if (has('chart_analysis')) add(`analysis_${slug(symbol)}`, toolOf('chart_analysis'), `Reading the ${symbol} chart`, { chart: ref(chartId), series: bars, indicators });
        } else if (has('chart_reading')) {
          add(`reading_${slug(symbol)}`, toolOf('chart_reading'), `Reading the ${symbol} chart levels`, { series: bars, indicators });
        }
      });
    }

    if (relativeId && has('relative_chart')) {
      add('chart_relative', toolOf('relative_chart'), 'Rendering the relative performance chart', { kind: 'relative', performance: ref(relativeId) }, picked.get('relative_chart')!.optional ?? false);
    }
  }

  return { steps: steps.map((step) => withDependencies(step)) };
}

function withDependencies(step: Step): Step {
  const dependsOn = stepDependencies(step);
  return dependsOn.length > 0 ? { ...step, dependsOn } : step;
}

/** A symbol as a step-id fragment: "^SOX" → "sox", "BRK.B" → "brk_b". */
export function slug(symbol: string): string {
  const s = symbol.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return s || 'symbol';
}
