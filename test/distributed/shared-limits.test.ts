/**
 * What processes share through Redis besides runs: the market-data rate limits (and a 429 cooldown), the HTTP API's
 * per-client budget, and the market-data cache with single-flight fill. Two instances stand for two processes;
 * the machine's Redis, a unique prefix, removed afterwards. No timing assertions: a limiter that must hold a caller
 * back is shown to by the caller's own short deadline running out while it waits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/distributed/redis-connection.js';
import { RedisCache } from '../../src/distributed/redis-cache.js';
import { redisKeys } from '../../src/distributed/redis-keys.js';
import { RedisRateLimiter, redisClientLimit } from '../../src/distributed/redis-rate-limits.js';
import { CoalescingLoader } from '../../src/tools/market/cache.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../e2e/helpers/redis-test.js';
import { testLogger } from '../helpers/tool-fixtures.js';

const PREFIX = uniquePrefix('shared-limits');
const keys = redisKeys(PREFIX);
const processA = createRedis(REDIS_URL, testLogger, 'test-a');
const processB = createRedis(REDIS_URL, testLogger, 'test-b');

afterAll(async () => {
  await deletePrefix(REDIS_URL, PREFIX);
  await Promise.all([processA.quit(), processB.quit()]);
});

describe('shared market-data rate limit', () => {
  it('one window across processes: the limit is spent by both, the next caller waits', async () => {
    const windows = [{ limit: 3, windowMs: 60_000 }];
    const a = new RedisRateLimiter(processA, keys, 'finnhub-test', windows);
    const b = new RedisRateLimiter(processB, keys, 'finnhub-test', windows);
    const granted = await Promise.all([a.acquire(), b.acquire(), a.acquire()]);
    expect(granted).toHaveLength(3);
    for (const release of granted) release();
    await expect(b.acquire({ signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await expect(a.acquire({ signal: AbortSignal.timeout(300) })).rejects.toThrow();
  });

  it("a 429 seen by one process pauses the other (the shared cooldown)", async () => {
    const windows = [{ limit: 100, windowMs: 60_000 }];
    const a = new RedisRateLimiter(processA, keys, 'cool-test', windows);
    const b = new RedisRateLimiter(processB, keys, 'cool-test', windows);
    (await b.acquire())();
    a.pauseUntil(Date.now() + 60_000);
    await expect.poll(() => processB.pttl(keys.rate('cool-test:cooldown'))).toBeGreaterThan(0);
    await expect(b.acquire({ signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await processA.del(keys.rate('cool-test:cooldown'));
    (await b.acquire())();
  });
});

describe('shared HTTP per-client limit', () => {
  it("a client's budget is one across web processes; other clients are unaffected", async () => {
    const webA = redisClientLimit(processA, keys, 2, 2 / 60);
    const webB = redisClientLimit(processB, keys, 2, 2 / 60);
    expect(await webA('addr:10.0.0.1')).toBe(0);
    expect(await webB('addr:10.0.0.1')).toBe(0);
    expect(await webA('addr:10.0.0.1')).toBeGreaterThan(0);
    expect(await webB('addr:10.0.0.1')).toBeGreaterThan(0);
    expect(await webB('addr:10.0.0.2')).toBe(0);
  });
});

describe('shared market-data cache', () => {
  it('values round-trip as JSON with their TTL', async () => {
    const cache = new RedisCache(processA, keys, testLogger);
    await cache.set('quote:NVDA', { c: 181.5, t: 1, list: [1, 2] }, 60_000);
    expect(await new RedisCache(processB, keys, testLogger).get('quote:NVDA')).toEqual({ c: 181.5, t: 1, list: [1, 2] });
    expect(await processA.pttl(keys.cache('quote:NVDA'))).toBeGreaterThan(0);
    await cache.delete('quote:NVDA');
    expect(await cache.get('quote:NVDA')).toBeUndefined();
  });

  it('a miss asked by two processes at once is loaded upstream once (single-flight fill)', async () => {
    let loads = 0;
    let release!: () => void;
    const upstreamAnswered = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await upstreamAnswered;
      return { c: 42 };
    };
    const loaderA = new CoalescingLoader(new RedisCache(processA, keys, testLogger, { pollMs: 10 }));
    const loaderB = new CoalescingLoader(new RedisCache(processB, keys, testLogger, { pollMs: 10 }));
    const first = loaderA.load('quote:AMD', 60_000, load);
    await expect.poll(() => loads).toBe(1);
    const second = loaderB.load('quote:AMD', 60_000, load);
    release();
    expect(await Promise.all([first, second])).toEqual([{ c: 42 }, { c: 42 }]);
    expect(loads).toBe(1);
  });
});
