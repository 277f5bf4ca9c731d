/**
 * A monthly budget of distinct symbols for a provider that counts them (Tiingo's free plan: 500 a month). Symbols
 * already looked up this month (UTC) cost nothing; a new one past the budget is refused here as `not_in_plan`,
 * before Tiingo would refuse it, so the chain moves on without spending a request. The set lives in the shared
 * cache (a Redis set per month would be the shared form; this read-modify-write is per process).
 */
import type { Cache } from '../cache.js';
import { barsFailure } from './bars-errors.js';
import type { BarsSource, FetchOptions, SpanRequest } from './bars-source.js';
import type { Bar } from '../types.js';

export function withSymbolBudget(source: BarsSource, options: { cache: Cache; perMonth: number; now?: () => number }): BarsSource {
  const now = options.now ?? Date.now;
  return {
    id: source.id,
    label: source.label,
    indices: source.indices,
    upstream: source.upstream,
    async fetchSpan(symbol: string, span: SpanRequest, fetchOptions: FetchOptions): Promise<Bar[]> {
      if (options.perMonth > 0) {
        const month = new Date(now()).toISOString().slice(0, 7);
        const key = `bars:v1:symbols:${source.id}:${month}`;
        const seen = (await options.cache.get<string[]>(key)) ?? [];
        if (!seen.includes(symbol)) {
          if (seen.length >= options.perMonth) {
            throw barsFailure('not_in_plan', source.id, `${source.label}: this month's budget of ${options.perMonth} distinct symbols is used up, so ${symbol} is not looked up`);
          }
          await options.cache.set(key, [...seen, symbol], 32 * 86_400_000);
        }
      }
      return source.fetchSpan(symbol, span, fetchOptions);
    },
  };
}
