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
/** How far back the all-time high looks (the tool reports how far the history actually reaches). */
const ALL_TIME_YEARS = 30;
/** Moving averages when the question names none ("moving averages"). */
const DEFAULT_AVERAGES = [50, 200];
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
    const needsBenchmark = (has('relative') || has('beta')) && entities.benchmark !== null;
    const benchmarks = needsBenchmark && entities.benchmark ? [entities.benchmark, ...(has('relative') ? entities.altBenchmarks : [])] : [];
    const subjects = tickers;
    const anchor = period.anchor;
    const windowOf = (): Record<string, unknown> => (anchorId ? { window: { $ref: `${anchorId}.window` } } : { window: { from, to } });
    const barIds = new Map<string, string>();
    for (const symbol of [...subjects, ...benchmarks.filter((b) => !subjects.includes(b))]) {
      const isSubject = subjects.includes(symbol);
      const args: Record<string, unknown> = { symbol, from, to, warmupBars: isSubject ? warmupFor(entities, withIndicators) : BASE_BARS };
      // The all-time high reads the whole history there is; a close on a day needs the sessions before it (the
      // previous close, and the last session when the day asked about is a weekend or a holiday).
      if (isSubject && has('all_time_high')) args.from = addYears(to, -ALL_TIME_YEARS);
      if (isSubject && has('close_on_date')) args.from = addDaysIso(to, -10);
      const role = isSubject ? '' : symbol === entities.benchmark ? ' (benchmark)' : ' (second view of the benchmark)';
      barIds.set(symbol, add(`bars_${slug(symbol)}`, toolOf('prices'), `Fetching ${symbol} daily prices${role}`, args));
    }

    // "since the March low": the dated close the window starts at, read off the first subject's prices.
    let anchorId: string | undefined;
    if (has('anchor') && anchor && subjects.length > 0) {
      const owner = anchor.ticker && barIds.has(anchor.ticker) ? anchor.ticker : subjects[0];
      anchorId = add(`anchor_${slug(owner)}`, toolOf('anchor'), `Finding ${owner}'s ${anchorWords(anchor.kind)}${anchor.in ? ` (${anchor.in.from} → ${anchor.in.to})` : ''}`, {
        series: ref(barIds.get(owner)!),
        anchor: { kind: anchor.kind, ...(anchor.in ? { from: anchor.in.from, to: anchor.in.to } : {}) },
      });
    }

    let relativeId: string | undefined;
    if (has('relative')) {
      // With no benchmark the names are compared with each other (a group is ranked, a single name measured).
      const benchmark = entities.benchmark ?? undefined;
      const others = [...benchmarks.slice(1)];
      const versus = benchmark ? ` with ${[benchmark, ...others].join(', ')}` : subjects.length > 1 ? ' with each other' : '';
      const verb = subjects.length === 1 && !benchmark ? 'Measuring' : 'Comparing';
      relativeId = add('performance', toolOf('relative'), `${verb} ${subjects.join(', ')}${versus} (${period.label})`, {
        series: [...barIds.values()].map(ref),
        ...(benchmark ? { benchmark } : {}),
        from,
        to,
        ...(anchorId ? windowOf() : {}),
        ...(others.length > 0 ? { alts: others } : {}),
      });
    }

    // The figures asked for, one step per subject.
    for (const symbol of subjects) {
      const bars = ref(barIds.get(symbol)!);
      const s = slug(symbol);
      if (has('close_on_date')) add(`close_${s}`, toolOf('close_on_date'), `Finding ${symbol}'s close on ${to}`, { series: bars, date: to });
      if (has('drawdown')) add(`drawdown_${s}`, toolOf('drawdown'), `Measuring ${symbol}'s max drawdown (${period.label})`, { series: bars, ...windowOf() });
      if (has('volatility')) add(`volatility_${s}`, toolOf('volatility'), `Measuring ${symbol}'s volatility (${period.label})`, { series: bars, ...windowOf() });
      if (has('beta') && entities.benchmark && barIds.has(entities.benchmark) && entities.benchmark !== symbol) {
        add(`beta_${s}`, toolOf('beta'), `Measuring ${symbol}'s beta and correlation vs ${entities.benchmark} (${period.label})`, { series: bars, benchmark: ref(barIds.get(entities.benchmark)!), ...windowOf() });
      }
      if (has('all_time_high')) add(`ath_${s}`, toolOf('all_time_high'), `Finding ${symbol}'s all-time high`, { series: bars });
      if (has('range_52w')) add(`range52w_${s}`, toolOf('range_52w'), `Finding ${symbol}'s 52-week high and low`, { series: bars });
      if (has('moving_average')) {
        for (const n of movingAverageWindows(entities)) add(`sma${n}_${s}`, toolOf('moving_average'), `Computing ${symbol}'s ${n}-day moving average`, { series: bars, period: n, kind: 'sma' });
      }
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

/** Sessions of history a subject's prices need before the window: indicators, the longest average, the 52-week range. */
function warmupFor(entities: Entities, withIndicators: boolean): number {
  const metrics = entities.metrics ?? [];
  let warmup = withIndicators ? WARMUP_BARS : BASE_BARS;
  for (const m of metrics) {
    if (m.name === 'moving_average') warmup = Math.max(warmup, Math.max(...movingAverageWindows(entities)) + 20);
    if (m.name === 'high_52w' || m.name === 'low_52w') warmup = Math.max(warmup, WARMUP_BARS);
  }
  return Math.min(warmup, 400);
}

function movingAverageWindows(entities: Entities): number[] {
  const named = (entities.metrics ?? []).flatMap((m) => (m.name === 'moving_average' && m.window ? [m.window] : []));
  return named.length > 0 ? [...new Set(named)].sort((a, b) => a - b) : DEFAULT_AVERAGES;
}

function anchorWords(kind: string): string {
  switch (kind) {
    case 'lowest_close':
      return 'lowest close';
    case 'highest_close':
      return 'highest close';
    case 'high_52w':
      return '52-week high';
    default:
      return '52-week low';
  }
}

function addDaysIso(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
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
