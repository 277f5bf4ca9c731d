/**
 * The rules router: classify the intent, extract entities against the symbol directory and the provider's
 * reference date (`route`), then pick tools and build the graph (`planFromRoute`). Synchronous and pure apart from
 * the provider's two cheap reads, so it runs in well under a millisecond.
 */
import { BotError } from '../../errors.js';
import type { Entities } from '../events/events.js';
import type { Inherited } from './router.js';
import type { Plan } from '../plan/plan-schema.js';
import type { MarketDataProvider } from '../../tools/market/types.js';
import type { SymbolDirectory } from '../../tools/market/symbol-directory.js';
import { buildGraph } from './build-graph.js';
import { classifyIntent } from './classify-intent.js';
import { extractEntities, type ExtractedEntities } from './extract-entities.js';
import { CONFIDENT, isIntent, type Intent } from './intents.js';
import { formatRouteProblems, hasBlockingProblem, MAX_QUESTION_CHARS, type RouteProblem } from './route-problem.js';
import { selectTools, type ToolSelection } from './select-tools.js';

export type RouteDeps = {
  readonly directory: SymbolDirectory;
  /** The market-data provider: its reference date anchors periods; its closed symbol set (offline) bounds tickers. */
  readonly market: Pick<MarketDataProvider, 'referenceDate' | 'availableSymbols'> & Partial<Pick<MarketDataProvider, 'label'>>;
  /** What the thread's previous run was about ("and AMD?" keeps its intent, benchmark and period). */
  readonly inherit?: Inherited;
};

export type RouteResult = {
  intent: Intent;
  /** 0..1; below `CONFIDENT` an LLM planner (when configured) should take over. */
  confidence: number;
  reasons: string[];
  entities: Entities;
  problems: RouteProblem[];
  router: 'rules';
  sources: ExtractedEntities['sources'];
};

export function route(question: string, deps: RouteDeps): RouteResult {
  const text = typeof question === 'string' ? question : '';
  // Do not run patterns over an over-long message: extraction reports it, classification stays unknown.
  const classified = text.length > MAX_QUESTION_CHARS ? { intent: 'unknown' as const, confidence: 0, reasons: ['question too long'] } : classifyIntent(text);
  let { intent, confidence } = classified;
  const reasons = [...classified.reasons];
  const inherited = deps.inherit?.intent;
  if (confidence < CONFIDENT && isIntent(inherited) && inherited !== 'unknown' && text.trim() !== '') {
    reasons.unshift(`follow-up in a thread: kept the previous intent (${inherited})`);
    intent = inherited;
    confidence = CONFIDENT;
  }
  const extracted = extractEntities(text, {
    directory: deps.directory,
    referenceDate: deps.market.referenceDate(),
    available: deps.market.availableSymbols(),
    inherit: deps.inherit,
    intent,
    sourceLabel: deps.market.label,
  });
  return { intent, confidence, reasons, entities: extracted.entities, problems: extracted.problems, router: 'rules', sources: extracted.sources };
}

/** Tool selection for a route (exposed so callers can log or show why each tool was picked). */
export function selectionForRoute(result: { intent: string; entities: Entities }, options: { available: ReadonlySet<string> }): ToolSelection {
  // Another router (e.g. the LLM intent role) may name an intent the rules do not know: plan it as `unknown`.
  return selectTools(isIntent(result.intent) ? result.intent : 'unknown', result.entities, options);
}

/**
 * The rules plan for a route. Throws `BotError('route_blocked')` with the polite problem text when routing found
 * an error-level problem (check `hasBlockingProblem(route.problems)` first to answer without planning).
 */
export function planFromRoute(
  result: { intent: string; entities: Entities; problems: readonly { fatal: boolean; message: string; code: string }[] },
  options: { available: ReadonlySet<string> },
): Plan {
  if (hasBlockingProblem(result.problems)) {
    throw new BotError('route_blocked', formatRouteProblems(result.problems) ?? 'the question cannot be answered', {
      details: { problems: result.problems.map((p) => p.code) },
    });
  }
  return buildGraph(selectionForRoute(result, options), result.entities);
}
