/**
 * The intents the rules router knows. `overview` is the seed's composite (performance vs a benchmark plus
 * technicals); `risk` is a risk measure computed from prices (drawdown, volatility, beta, correlation); fundamentals/news/peers/recommendations/earnings need live data; `unknown` goes to the LLM planner
 * when one is configured (the builtin planner answers it with an overview).
 */
export const INTENTS = [
  'quote',
  'compare',
  'technicals',
  'risk',
  'overview',
  'fundamentals',
  'news',
  'peers',
  'recommendations',
  'earnings',
  'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
}

/** At or above this confidence the rules route is trusted (no LLM planner call). */
export const CONFIDENT = 0.6;

/** Intents whose answer is built from daily prices (periods matter; a future window is an error). */
export const PRICE_INTENTS: ReadonlySet<Intent> = new Set(['compare', 'technicals', 'risk', 'overview', 'unknown']);

/** Intents that compare against a benchmark (a default one is chosen when the question names none). */
export const BENCHMARK_INTENTS: ReadonlySet<Intent> = new Set(['compare', 'overview', 'unknown']);
