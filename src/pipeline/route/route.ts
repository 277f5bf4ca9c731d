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
import { detectMetrics, impliedMetric, RISK_METRICS, TECHNICAL_METRICS, type Metric } from './detect-metrics.js';
import { extractEntities, type ExtractedEntities } from './extract-entities.js';
import { CONFIDENT, isIntent, type Intent } from './intents.js';
import { normalizeQuestion } from './normalize-question.js';
import { parsePeriod, unreadTimePhrases } from './parse-period.js';
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
  /** What was taken for granted, in words a person reads. */
  assumptions: string[];
  /** Words about time, symbols or metrics that were not used ("since the fed meeting"). */
  unparsed: string[];
  /** Near-misses read as something ("Nvidea" as NVDA). */
  corrections: { typed: string; read: string }[];
  /** The shape of the answer asked for. */
  asks?: 'yes_no' | 'winner' | 'ranking';
};

/** A yes/no question: "is NVDA overbought?", "has Apple outperformed…?", "did TSLA beat…". */
const YES_NO = /^\s*(?:\/analy[sz]e\s+)?(?:is|are|was|were|has|have|had|does|do|did|can|could|should|will|would)\b|\b(?:or not|yes or no)\b/i;
/** Asks which of several did better: "which did better", "who won", "A or B". */
const WINNER = /\b(?:which|who|whose)\b|\bdid better\b|\bwon\b|\bwinning\b|\bwinner\b|\bbetter\b|\b\w+ or \$?\w+\b(?!.*\bnot\b)/i;
const RANKING = /\b(?:best|worst|rank(?:ed|ing|s)?|leaders?|laggards?|leading|lagging|leads|lags|led|most|least|top|bottom|strongest|weakest|hardest|each)\b/i;

export function route(question: string, deps: RouteDeps): RouteResult {
  const normalized = normalizeQuestion(typeof question === 'string' ? question : '');
  const text = normalized.text;
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
  // The figure asked for decides the intent when the words alone left it open ("what's NVDA's 200 day").
  const referenceDate = deps.market.referenceDate();
  const lower = text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  const parsed = text.length > MAX_QUESTION_CHARS ? undefined : parsePeriod(text, referenceDate);
  let metrics = detectMetrics(lower, { singleDay: parsed?.singleDay, today: parsed?.period.label === 'today' });
  // The words of an anchor ("since its 52-week high") are the window, not a figure to report.
  if (parsed?.period.anchor) metrics = metrics.filter((m) => m.name !== 'high_52w' && m.name !== 'low_52w');
  const forced = intentForMetrics(metrics, intent);
  if (forced && forced !== intent) {
    reasons.unshift(`asks for ${metrics.map((m) => m.name.replace(/_/g, ' ')).join(' and ')}`);
    intent = forced;
    confidence = Math.max(confidence, CONFIDENT);
  }

  const extracted = extractEntities(text, {
    directory: deps.directory,
    referenceDate,
    available: deps.market.availableSymbols(),
    inherit: deps.inherit,
    intent,
    sourceLabel: deps.market.label,
  });
  const entities = extracted.entities;
  const unparsed = unreadTimePhrases(text, parsed);
  // A ranked group, a window anchored on a low or a peak, or a bare ticker with a period: a performance question.
  const performance =
    (entities.group !== undefined && (intent === 'overview' || intent === 'unknown')) ||
    (parsed?.period.anchor !== undefined && (intent === 'technicals' || intent === 'unknown')) ||
    (intent === 'unknown' && entities.tickers.length > 0 && (extracted.sources.period === 'named' || unparsed.length > 0));
  if (performance && metrics.every((m) => !RISK_METRICS.has(m.name) && !TECHNICAL_METRICS.has(m.name))) {
    reasons.unshift(entities.group ? `ranks ${entities.group.label}` : parsed?.period.anchor ? 'measures from a low or a peak' : 'names a stock and a period');
    intent = 'compare';
    confidence = Math.max(confidence, CONFIDENT);
    if (!entities.benchmark && extracted.sources.benchmark === 'none') {
      const redo = extractEntities(text, { directory: deps.directory, referenceDate, available: deps.market.availableSymbols(), inherit: deps.inherit, intent, sourceLabel: deps.market.label });
      Object.assign(entities, { benchmark: redo.entities.benchmark, altBenchmarks: redo.entities.altBenchmarks, benchmarkLabel: redo.entities.benchmarkLabel });
      extracted.sources.benchmark = redo.sources.benchmark;
      extracted.assumptions.push(...redo.assumptions.filter((a) => a.startsWith('no benchmark named')));
    }
  }
  const blocked = extracted.problems.some((p) => p.fatal && (p.code === 'unknown_ticker' || p.code === 'no_ticker'));
  if (metrics.length === 0 && !blocked) {
    const implied = impliedMetric(intent);
    if (implied) metrics = [implied];
  }
  // "correlation between NVDA and AMD": the second name is what the first is measured against.
  if (metrics.some((m) => m.name === 'beta' || m.name === 'correlation') && entities.tickers.length >= 2 && extracted.sources.benchmark !== 'named') {
    entities.benchmark = entities.tickers[1];
    entities.altBenchmarks = [];
    entities.benchmarkLabel = null;
    entities.tickers = [entities.tickers[0]];
    extracted.sources.benchmark = 'named';
  }
  // Only beta and correlation need a benchmark among the risk measures, and the market is the one people mean.
  const measuredAgainst = metrics.some((m) => m.name === 'beta' || m.name === 'correlation');
  if (intent === 'risk' && !measuredAgainst && extracted.sources.benchmark === 'default') {
    entities.benchmark = null;
    entities.altBenchmarks = [];
    entities.benchmarkLabel = null;
  } else if (measuredAgainst && (extracted.sources.benchmark === 'default' || extracted.sources.benchmark === 'none') && entities.tickers.length > 0) {
    const spy = deps.market.availableSymbols()?.includes('SPY') !== false && !entities.tickers.includes('SPY');
    if (spy && !(entities.benchmark && extracted.sources.benchmark === 'default' && entities.tickers.length === 0)) {
      entities.benchmark = 'SPY';
      entities.altBenchmarks = [];
      entities.benchmarkLabel = 'the S&P 500 (SPY)';
      extracted.sources.benchmark = 'default';
    }
  }
  entities.metrics = metrics.map((m) => (m.window ? { name: m.name, window: m.window } : { name: m.name }));

  const assumptions = [...extracted.assumptions.filter((a) => !a.startsWith('no benchmark named') || metrics.some((m) => m.name === 'return'))];
  if (extracted.sources.period === 'default' && entities.tickers.length > 0 && !metrics.some((m) => m.name === 'price' || m.name === 'all_time_high')) {
    assumptions.unshift(`no period named: ${entities.period.label} (${entities.period.from} → ${entities.period.to})`);
  }
  const corrections = [...normalized.lookalikes.map((l) => ({ typed: l.typed, read: l.read })), ...extracted.corrections];
  const asks = askedShape(text, entities.tickers.length, entities.group !== undefined, metrics);
  return {
    intent,
    confidence: unparsed.length > 0 ? Math.min(confidence, CONFIDENT - 0.01) : confidence,
    reasons,
    entities,
    problems: extracted.problems,
    router: 'rules',
    sources: extracted.sources,
    assumptions,
    unparsed,
    corrections,
    ...(asks ? { asks } : {}),
  };
}

/** The intent a named metric implies, when it differs from a weak or generic classification. */
function intentForMetrics(metrics: readonly Metric[], intent: Intent): Intent | undefined {
  if (metrics.length === 0) return undefined;
  if (metrics.some((m) => RISK_METRICS.has(m.name)) && !['fundamentals', 'news', 'earnings'].includes(intent)) return 'risk';
  if (metrics.some((m) => m.name === 'close_on_date')) return 'quote';
  if (metrics.every((m) => TECHNICAL_METRICS.has(m.name)) && ['compare', 'unknown', 'quote', 'overview'].includes(intent)) return intent === 'overview' ? undefined : 'technicals';
  return undefined;
}

function askedShape(text: string, tickers: number, group: boolean, metrics: readonly Metric[]): RouteResult['asks'] {
  if (YES_NO.test(text) && !/\b(?:which|who)\b/i.test(text)) return 'yes_no';
  if ((group || tickers >= 3) && (RANKING.test(text) || WINNER.test(text))) return 'ranking';
  if (tickers >= 2 && (WINNER.test(text) || RANKING.test(text))) return 'winner';
  if (group && tickers >= 2) return 'ranking';
  void metrics;
  return undefined;
}

/** Tool selection for a route (exposed so callers can log or show why each tool was picked). */
export type PlanOptions = {
  readonly available: ReadonlySet<string>;
  /** Company-data questions also get the period's price action (no live company data to answer them). */
  readonly priceActionForCompanyData?: boolean;
};

export function selectionForRoute(result: { intent: string; entities: Entities }, options: PlanOptions): ToolSelection {
  // Another router (e.g. the LLM intent role) may name an intent the rules do not know: plan it as `unknown`.
  return selectTools(isIntent(result.intent) ? result.intent : 'unknown', result.entities, options);
}

/**
 * The rules plan for a route. Throws `BotError('route_blocked')` with the polite problem text when routing found
 * an error-level problem (check `hasBlockingProblem(route.problems)` first to answer without planning).
 */
export function planFromRoute(
  result: { intent: string; entities: Entities; problems: readonly { fatal: boolean; message: string; code: string }[] },
  options: PlanOptions,
): Plan {
  if (hasBlockingProblem(result.problems)) {
    throw new BotError('route_blocked', formatRouteProblems(result.problems) ?? 'the question cannot be answered', {
      details: { problems: result.problems.map((p) => p.code) },
    });
  }
  return buildGraph(selectionForRoute(result, options), result.entities);
}
