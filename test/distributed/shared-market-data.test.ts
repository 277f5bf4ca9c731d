/**
 * Two processes' live market data sharing one Redis (the deps distributed mode builds: RedisCache, RedisRateLimiter
 * for Finnhub and each bars provider) against the fake Finnhub, Tiingo and Yahoo: what one process fetched, the
 * other reads from the shared cache — the upstream sees each request once — and the values survive the JSON
 * round trip intact.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRedis } from '../../src/distributed/redis-connection.js';
import { RedisCache } from '../../src/distributed/redis-cache.js';
import { redisKeys } from '../../src/distributed/redis-keys.js';
import { RedisRateLimiter } from '../../src/distributed/redis-rate-limits.js';
import { FaultInjector } from '../../src/faults.js';
import { silentLogger } from '../../src/logger.js';
import { barsWindows } from '../../src/tools/market/bars/create-bars-chain.js';
import { createMarketData, finnhubWindows, type MarketData } from '../../src/tools/market/create-market-data.js';
import { startFakeFinnhub, type FakeFinnhub } from '../fakes/finnhub-server.js';
import { startFakeTiingo, type FakeTiingo } from '../fakes/tiingo-server.js';
import { startFakeYahoo, type FakeYahoo } from '../fakes/yahoo-server.js';
import type { StartedFake } from '../fakes/bars-fake-server.js';
import { offline, THANKSGIVING_10AM } from '../tools/market/bars/bars-harness.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../e2e/helpers/redis-test.js';

const PREFIX = uniquePrefix('market');
const keys = redisKeys(PREFIX);
const redis = createRedis(REDIS_URL, silentLogger, 'test-market');
const now = () => THANKSGIVING_10AM;

let finnhub: (FakeFinnhub & { close(): Promise<void> }) | undefined;
let tiingo: StartedFake<FakeTiingo> | undefined;
let yahoo: StartedFake<FakeYahoo> | undefined;
afterEach(async () => {
  await Promise.all([finnhub?.close(), tiingo?.close(), yahoo?.close()]);
});
afterAll(async () => {
  await deletePrefix(REDIS_URL, PREFIX);
  await redis.quit();
});

async function twoProcesses(): Promise<[MarketData, MarketData]> {
  finnhub = await startFakeFinnhub({ nowSec: () => Math.floor(now() / 1000) });
  tiingo = await startFakeTiingo({ now });
  yahoo = await startFakeYahoo({ now });
  const config = loadConfig({
    MARKET_DATA: 'live',
    FINNHUB_API_KEY: finnhub.apiKey,
    FINNHUB_API_URL: finnhub.url,
    TIINGO_API_KEY: tiingo.apiKey,
    TIINGO_API_URL: tiingo.url,
    YAHOO_CHART_URL: yahoo.url,
  });
  const process = () => {
    // Each process has its own clients to Redis, as separate processes would.
    const client = redis.duplicate();
    const barsLimiters = Object.fromEntries((['tiingo', 'alpaca', 'yahoo'] as const).map((id) => [id, new RedisRateLimiter(client, keys, `bars:${id}`, barsWindows(id, config))]));
    return createMarketData(config, {
      logger: silentLogger,
      faults: new FaultInjector(),
      offline,
      now,
      cache: new RedisCache(client, keys, silentLogger),
      limiter: new RedisRateLimiter(client, keys, 'finnhub', finnhubWindows(config)),
      barsLimiters,
    });
  };
  return [process(), process()];
}

describe('live market data shared through Redis', () => {
  it('a quote and a daily-bars span fetched by one process are served to the other from the shared cache', async () => {
    const [a, b] = await twoProcesses();
    const window = { from: '2026-08-25', to: '2026-11-25', warmupBars: 1 };
    const quoteA = await a.market.getQuote('NVDA');
    const barsA = await a.market.getDailyBars('NVDA', window);
    const quoteRequests = finnhub!.count();
    const barsRequests = tiingo!.count('NVDA');
    expect(quoteRequests).toBeGreaterThan(0);
    expect(barsRequests).toBeGreaterThan(0);

    const quoteB = await b.market.getQuote('NVDA');
    const barsB = await b.market.getDailyBars('NVDA', window);
    expect(quoteB).toEqual(quoteA);
    expect(barsB).toEqual(barsA);
    expect(barsB.bars.length).toBeGreaterThan(40);
    // Nothing more reached the upstreams: the second process was served from Redis.
    expect(finnhub!.count()).toBe(quoteRequests);
    expect(tiingo!.count('NVDA')).toBe(barsRequests);
  }, 30_000);
});
