/**
 * Builds the market-data edge from config: offline by default; with a Finnhub key (and MARKET_DATA not forced
 * to `offline`) a provider chain Finnhub → [extra daily-bars providers] → offline dataset, plus Finnhub company
 * data. One rate limiter and one cache per process, shared by every run. `src/app/create-app.ts` calls this.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { FaultInjector } from '../../faults.js';
import type { Cache } from './cache.js';
import type { CompanyDataProvider } from './company-data.js';
import { FinnhubClient } from './finnhub/finnhub-client.js';
import { FinnhubCompanyData } from './finnhub/finnhub-company-data.js';
import { FinnhubProvider } from './finnhub/finnhub-provider.js';
import { OfflineMarketData } from './offline-provider.js';
import { ProviderChain } from './provider-chain.js';
import { WindowedTokenBucket, type RateLimiter } from './rate-limiter.js';
import type { MarketDataProvider } from './types.js';

export type MarketData = {
  readonly mode: 'offline' | 'finnhub';
  readonly market: MarketDataProvider;
  /** Present only with live data; tools answer `needs_live_data` without it. */
  readonly company?: CompanyDataProvider;
  /** The Finnhub client, for stats (upstream request counts, cache hits). */
  readonly finnhub?: FinnhubClient;
};

export type MarketDataDeps = {
  readonly logger: Logger;
  readonly faults: FaultInjector;
  /** Shared cache (the scale-out issue passes a Redis one). @default in-memory LRU */
  readonly cache?: Cache;
  /** Shared limiter (the scale-out issue passes a Redis one). @default in-memory, from FINNHUB_RATE_PER_* */
  readonly limiter?: RateLimiter;
  /** Daily-bars providers tried after Finnhub and before the offline dataset (e.g. Tiingo, Yahoo). @default none */
  readonly barsProviders?: readonly MarketDataProvider[];
  /** @default the offline dataset in MARKET_DATA_DIR */
  readonly offline?: MarketDataProvider;
  /** Ask Finnhub for a few candles at start so a 403 is known before the first run. @default true */
  readonly probe?: boolean;
  readonly fetch?: typeof fetch;
};

/** A little slack over Finnhub's own windows, for clock granularity at both ends. */
const SECOND_WINDOW_MS = 1_050;
const MINUTE_WINDOW_MS = 60_500;

export function createMarketData(config: Config, deps: MarketDataDeps): MarketData {
  const offline = deps.offline ?? new OfflineMarketData(config.MARKET_DATA_DIR);
  const wantsLive = (config.MARKET_DATA ?? (config.FINNHUB_API_KEY ? 'finnhub' : 'offline')) === 'finnhub';
  if (!wantsLive || !config.FINNHUB_API_KEY) return { mode: 'offline', market: offline };

  const limiter =
    deps.limiter ??
    new WindowedTokenBucket({
      windows: [
        { limit: config.FINNHUB_RATE_PER_SECOND, windowMs: SECOND_WINDOW_MS },
        { limit: config.FINNHUB_RATE_PER_MINUTE, windowMs: MINUTE_WINDOW_MS },
      ],
    });
  const client = new FinnhubClient({
    apiKey: config.FINNHUB_API_KEY,
    baseUrl: config.FINNHUB_API_URL,
    limiter,
    cache: deps.cache,
    logger: deps.logger,
    faults: deps.faults,
    fetch: deps.fetch,
  });
  const market = new ProviderChain([new FinnhubProvider(client), ...(deps.barsProviders ?? []), offline], { logger: deps.logger });
  if (deps.probe ?? true) void market.probeDailyBars();
  deps.logger.info({ market: market.label, ratePerMinute: config.FINNHUB_RATE_PER_MINUTE, ratePerSecond: config.FINNHUB_RATE_PER_SECOND }, 'live market data: Finnhub');
  return { mode: 'finnhub', market, company: new FinnhubCompanyData(client), finnhub: client };
}
