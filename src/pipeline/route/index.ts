export { classifyIntent, type IntentClassification } from './classify-intent.js';
export { extractEntities, type ExtractOptions, type ExtractedEntities, type EntitySource } from './extract-entities.js';
export { selectTools, TOOL, type ToolPick, type ToolPurpose, type ToolSelection, type ToolSkip } from './select-tools.js';
export { buildGraph, slug, WARMUP_BARS, BASE_BARS, MAX_CHARTED_SYMBOLS } from './build-graph.js';
export { route, planFromRoute, selectionForRoute, type RouteDeps, type RouteResult } from './route.js';
export { INTENTS, CONFIDENT, PRICE_INTENTS, BENCHMARK_INTENTS, isIntent, type Intent } from './intents.js';
export { parsePeriod, defaultPeriod, type ParsedPeriod, type PeriodIssue } from './parse-period.js';
export {
  ROUTE_PROBLEM_CODES,
  MAX_QUESTION_CHARS,
  MAX_TICKERS,
  escapeMarkdown,
  formatRouteProblems,
  hasBlockingProblem,
  type RouteProblem,
  type RouteProblemCode,
} from './route-problem.js';
