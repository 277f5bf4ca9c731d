/**
 * What synthesis receives: compact structured results (never raw bars), the gaps (steps that failed or were
 * skipped, with reasons), notes (fallbacks taken, problems the router found) and the as-of line.
 */
import type { SynthesisGap, SynthesisInput, SynthesisResult } from './synthesis-model.js';
import type { MarketDataProvider } from '../../tools/market/types.js';
import type { ToolRegistry } from '../../tools/registry.js';
import type { ExecutionResult } from '../execute/executor.js';
import type { RunState } from '../events/reduce.js';
import type { RouteOutcome } from '../route/router.js';

export function buildSynthesisInput(args: {
  question: string;
  route: RouteOutcome;
  state: RunState;
  execution: ExecutionResult;
  registry: ToolRegistry;
  market: MarketDataProvider;
}): SynthesisInput {
  const { route, state, execution, registry, market } = args;
  const results: SynthesisResult[] = [];
  const gaps: SynthesisGap[] = [];
  const replaced = new Set(state.revisions.flatMap((r) => r.removed));
  for (const step of execution.steps) {
    const outcome = execution.outcomes.get(step.id);
    if (!outcome) continue;
    if (outcome.status === 'succeeded') {
      const tool = registry.get(step.tool);
      const summary = state.steps.find((s) => s.id === step.id)?.summary ?? '';
      let data: unknown = outcome.output;
      try {
        if (tool?.compact) data = tool.compact(outcome.output);
      } catch {
        // A compact() bug must not lose the result: fall back to the raw output.
      }
      results.push({ stepId: step.id, tool: step.tool, label: step.label, summary, data });
    } else {
      // A step replaced by a fallback (or skipped because its input was replaced) is not a gap in the answer:
      // the revision note says what happened and the replacement's result stands in.
      if (replaced.has(step.id)) continue;
      if (outcome.status === 'skipped' && outcome.cause === 'dependency_replaced') continue;
      const reason = outcome.status === 'failed' ? outcome.error.message : outcome.reason;
      gaps.push({ stepId: step.id, label: step.label, reason });
    }
  }
  // Revisions that only add steps (a streamed LLM plan arriving) are not fallbacks worth a note.
  const notes = unique([...state.revisions.filter((r) => r.removed.length > 0).map((r) => r.reason), ...route.problems.filter((p) => !p.fatal).map((p) => p.message)]);
  // Data that needs a live provider: the gap is said in a reader's words, the configuration hint goes to a footnote.
  const footnotes: string[] = [];
  for (const gap of gaps) {
    const hint = /\b(?:MARKET_DATA|FINNHUB_API_KEY|_API_KEY|_API_URL)\b/.test(gap.reason) ? gap.reason : undefined;
    if (hint && !footnotes.includes(LIVE_DATA_HINT)) footnotes.push(LIVE_DATA_HINT);
    if (hint || /needs live|live data/i.test(gap.reason)) gap.reason = LIVE_ONLY;
  }
  return {
    question: args.question,
    intent: route.intent,
    entities: route.entities,
    results,
    gaps,
    asOfLine: asOfLine(results, market),
    notes,
    understanding: {
      assumptions: route.assumptions ?? [],
      unparsed: route.unparsed ?? [],
      corrections: route.corrections ?? [],
      ...(route.asks ? { asks: route.asks } : {}),
    },
    footnotes,
  };
}

/** What a reader is told when data needs a live provider (the deployment hint goes to a footnote). */
export const LIVE_ONLY = 'this needs live market data, which this deployment does not have';
export const LIVE_DATA_HINT = 'Live data (quotes, fundamentals, news, earnings) is turned on with MARKET_DATA=live and a FINNHUB_API_KEY; see the README.';

/** "offline dataset, as of 2026-05-15" — from the sources the results actually came from. */
function asOfLine(results: SynthesisResult[], market: MarketDataProvider): string {
  const sources = new Map<string, string>();
  for (const r of results) {
    const d = r.data as { source?: unknown; asOf?: unknown } | null;
    if (d && typeof d.source === 'string' && typeof d.asOf === 'string') sources.set(d.source, d.asOf);
  }
  if (sources.size === 0) return `${market.label}, as of ${market.referenceDate()}`;
  return [...sources].map(([source, asOf]) => `${source}, as of ${asOf.slice(0, 10)}`).join('; ');
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
