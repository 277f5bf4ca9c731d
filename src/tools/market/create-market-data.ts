/**
 * Builds the market-data edge from config. Offline by default. Live (`MARKET_DATA=live`, `finnhub` kept as an
 * alias; unset means live when a Finnhub, Tiingo or Alpaca key is set):
 *  - daily bars from the daily-bars chain (Tiingo → Alpaca → Yahoo → offline dataset, or `BARS_PROVIDERS`), with
 *    "now" = the last completed NYSE session;
 *  - quotes, profiles and search from Finnhub when it has a key, else quotes from the latest daily bar; company data
 *    (fundamentals, news, peers, earnings) from Finnhub only;
 *  - the offline dataset behind all of it (profiles, sectors, search).
 * Finnhub candles are not asked for: they are premium (a free key gets 403), and the chain covers bars.
 * One cache is shared by every client and run; each provider has its own limiter. `src/app/create-app.ts` calls this.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { FaultInjector } from '../../faults.js';
import { createBarsChain } from './bars/create-bars-chain.js';
import type { DailyBarsChain } from './bars/bars-chain.js';
import type { LiveBarsProviderId } from './bars/bars-source.js';
import { MemoryCache, type Cache } from './cache.js';
import type { CompanyDataProvider } from './company-data.js';
import { FinnhubClient } from './finnhub/finnhub-client.js';
import { FinnhubCompanyData } from './finnhub/finnhub-company-data.js';
import { FinnhubProvider } from './finnhub/finnhub-provider.js';
import { OfflineMarketData } from './offline-provider.js';
import { ProviderChain } from './provider-chain.js';
import { WindowedTokenBucket, type RateLimiter, type RateWindow } from './rate-limiter.js';
import type { MarketDataProvider } from './types.js';

export type MarketData = {
  readonly mode: 'offline' | 'live';
  readonly market: MarketDataProvider;
  /** Present only with a Finnhub key; tools answer `needs_live_data` without it. */
  readonly company?: CompanyDataProvider;
  /** The Finnhub client, for stats (upstream request counts, cache hits). */
  readonly finnhub?: FinnhubClient;
  /** The daily-bars chain (live only), for stats and its sources' request counts. */
  readonly bars?: DailyBarsChain;
};

export type MarketDataDeps = {
  readonly logger: Logger;
  readonly faults: FaultInjector;
  /** Shared cache (the scale-out issue passes a Redis one). @default in-memory LRU */
  readonly cache?: Cache;
  /** Shared Finnhub limiter (the scale-out issue passes a Redis one). @default in-memory, from FINNHUB_RATE_PER_* */
  readonly limiter?: RateLimiter;
  /** Shared daily-bars limiters per provider. @default in-memory, from each provider's free-plan limits */
  readonly barsLimiters?: Partial<Record<LiveBarsProviderId, RateLimiter>>;
  /** @default the offline dataset in MARKET_DATA_DIR */
  readonly offline?: MarketDataProvider;
  /** @deprecated no effect: live daily bars no longer come from Finnhub candles, so nothing is probed. */
  readonly probe?: boolean;
  /** The clock for "today" and the last completed session (tests pin it). @default Date.now */
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
};

/** A little slack over Finnhub's own windows, for clock granularity at both ends. */
const SECOND_WINDOW_MS = 1_050;
const MINUTE_WINDOW_MS = 60_500;

/** Finnhub's per-second and per-minute windows, from FINNHUB_RATE_PER_*. */
export function finnhubWindows(config: Config): RateWindow[] {
  return [
    { limit: config.FINNHUB_RATE_PER_SECOND, windowMs: SECOND_WINDOW_MS },
    { limit: config.FINNHUB_RATE_PER_MINUTE, windowMs: MINUTE_WINDOW_MS },
  ];
}

export function wantsLiveData(config: Config): boolean {
  if (config.MARKET_DATA) return config.MARKET_DATA !== 'offline';
  return Boolean(config.FINNHUB_API_KEY || config.TIINGO_API_KEY || (config.ALPACA_API_KEY_ID && config.ALPACA_API_SECRET_KEY));
}

export function createMarketData(config: Config, deps: MarketDataDeps): MarketData {
  const offline = deps.offline ?? new OfflineMarketData(config.MARKET_DATA_DIR);
  if (!wantsLiveData(config)) return { mode: 'offline', market: offline };

  const cache = deps.cache ?? new MemoryCache();
  const now = deps.now;
  const clock = now ? () => new Date(now()) : undefined;
  const bars = createBarsChain(config, { offline, logger: deps.logger, cache, faults: deps.faults, limiters: deps.barsLimiters, now: deps.now, fetch: deps.fetch });
  let client: FinnhubClient | undefined;
  const providers: MarketDataProvider[] = [];
  if (config.FINNHUB_API_KEY) {
    const limiter = deps.limiter ?? new WindowedTokenBucket({ windows: finnhubWindows(config) });
    client = new FinnhubClient({ apiKey: config.FINNHUB_API_KEY, baseUrl: config.FINNHUB_API_URL, limiter, cache, logger: deps.logger, faults: deps.faults, fetch: deps.fetch });
    providers.push(new FinnhubProvider(client, clock));
  }
  // The dataset stays last for what the chain does not do: profiles, GICS sectors, search.
  providers.push(bars, offline);
  const label = `${client ? 'Finnhub quotes + ' : ''}daily bars ${bars.label}`;
  const market = new ProviderChain(providers, { logger: deps.logger, barsProviders: [bars], label });
  deps.logger.info({ market: label, bars: bars.label, finnhub: Boolean(client) }, 'live market data');
  return { mode: 'live', market, company: client ? new FinnhubCompanyData(client, clock) : undefined, finnhub: client, bars };
}
