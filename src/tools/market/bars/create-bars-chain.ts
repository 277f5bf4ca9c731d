/**
 * Builds the daily-bars chain from config: the order (`BARS_PROVIDERS`, else Tiingo if keyed, Alpaca if keyed,
 * Yahoo, offline), one client per live provider on `fetch`, and each provider's limits in the shared limiter type
 * Finnhub uses (Tiingo 50/hour and 1 000/day, Alpaca 200/min, Yahoo 2 per 2 s, which also keeps it to 2 at a time),
 * plus Tiingo's 500 distinct symbols a month.
 */
import type { Logger } from 'pino';
import type { Config } from '../../../config.js';
import { FaultInjector } from '../../../faults.js';
import type { Cache } from '../cache.js';
import { WindowedTokenBucket, type RateLimiter, type RateWindow } from '../rate-limiter.js';
import type { MarketDataProvider } from '../types.js';
import { AlpacaSource } from './alpaca/alpaca-source.js';
import { DailyBarsChain } from './bars-chain.js';
import type { BarsProviderId, BarsSource, LiveBarsProviderId } from './bars-source.js';
import { TiingoSource } from './tiingo/tiingo-source.js';
import { YahooSource } from './yahoo/yahoo-source.js';
import { withSymbolBudget } from './symbol-budget.js';

export type BarsChainDeps = {
  readonly offline: MarketDataProvider;
  readonly logger: Logger;
  readonly cache: Cache;
  readonly faults?: FaultInjector;
  /** Per-provider limiters (the scale-out work passes shared ones). @default in-memory, from config */
  readonly limiters?: Partial<Record<LiveBarsProviderId, RateLimiter>>;
  /** false: no cache, no single-flight (bench baseline). @default true */
  readonly caching?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /** Per upstream attempt. @default 4000 */
  readonly timeoutMs?: number;
  /** Longest wait for a provider's own rate budget before the next provider is tried. @default 5000 for Yahoo, 2000 for the others */
  readonly maxLimiterWaitMs?: number;
};

/** The configured order, or the default one from which keys are set. */
export function barsProviderOrder(config: Config): BarsProviderId[] {
  if (config.BARS_PROVIDERS) return [...config.BARS_PROVIDERS];
  const order: BarsProviderId[] = [];
  if (config.TIINGO_API_KEY) order.push('tiingo');
  if (config.ALPACA_API_KEY_ID && config.ALPACA_API_SECRET_KEY) order.push('alpaca');
  order.push('yahoo', 'offline');
  return order;
}

/** The limits each provider's free plan allows (a little slack on each window for clock granularity). */
export function barsWindows(provider: LiveBarsProviderId, config: Config): RateWindow[] {
  switch (provider) {
    case 'tiingo':
      return [
        { limit: config.TIINGO_RATE_PER_HOUR, windowMs: 3_601_000 },
        { limit: config.TIINGO_RATE_PER_DAY, windowMs: 86_401_000 },
      ];
    case 'alpaca':
      return [{ limit: config.ALPACA_RATE_PER_MINUTE, windowMs: 60_500 }];
    case 'yahoo':
      // ~1 request a second and never more than 2 open: a token comes back 2 s after its request finished.
      return [{ limit: 2, windowMs: 2_000 }];
  }
}

export function defaultBarsLimiter(provider: LiveBarsProviderId, config: Config): RateLimiter {
  return new WindowedTokenBucket({ windows: barsWindows(provider, config) });
}

export function createBarsChain(config: Config, deps: BarsChainDeps): DailyBarsChain {
  const common = (id: LiveBarsProviderId) => {
    return {
      limiter: deps.limiters?.[id] ?? defaultBarsLimiter(id, config),
      log: deps.logger,
      faults: deps.faults ?? new FaultInjector(),
      fetch: deps.fetch ?? fetch,
      timeoutMs: deps.timeoutMs ?? 4_000,
      // Yahoo's budget refills every second or two, so waiting for it is worth it; a keyed plan's is hourly.
      maxLimiterWaitMs: deps.maxLimiterWaitMs ?? (id === 'yahoo' ? 5_000 : 2_000),
    };
  };
  const legs = barsProviderOrder(config).map((id): BarsSource | MarketDataProvider => {
    switch (id) {
      case 'tiingo':
        return withSymbolBudget(new TiingoSource({ ...common(id), apiKey: config.TIINGO_API_KEY!, baseUrl: config.TIINGO_API_URL }), {
          cache: deps.cache,
          perMonth: config.TIINGO_SYMBOLS_PER_MONTH,
          now: deps.now,
        });
      case 'alpaca':
        return new AlpacaSource({ ...common(id), keyId: config.ALPACA_API_KEY_ID!, secretKey: config.ALPACA_API_SECRET_KEY!, baseUrl: config.ALPACA_DATA_URL, now: deps.now });
      case 'yahoo':
        return new YahooSource({ ...common(id), baseUrl: config.YAHOO_CHART_URL, now: deps.now });
      case 'offline':
        return deps.offline;
    }
  });
  return new DailyBarsChain({ legs, cache: deps.cache, caching: deps.caching, now: deps.now, logger: deps.logger });
}
