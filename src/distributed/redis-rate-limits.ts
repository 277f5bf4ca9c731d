/**
 * Rate limits shared by every process, on rate-limiter-flexible's RateLimiterRedis (an atomic Lua incr + TTL per
 * window; a maintained library rather than home-made Redis scripts). With Redis unreachable each limit falls back
 * to an in-memory limiter of the same size (`insuranceLimiter`), so an outage slows nothing down and never lets a
 * process go unlimited.
 *
 *  - `RedisRateLimiter`: the market-data `RateLimiter` (Finnhub, the bars providers): every configured window is a
 *    fixed window on Redis, and a provider's 429 sets one cooldown key every process waits out.
 *  - `redisClientLimit`: the HTTP API's per-client limit on starting runs, as a shared counter.
 *
 * Fixed windows can let up to twice a window's limit through around a window's edge; the market-data limits
 * therefore run a little under the plan's own figures (FINNHUB_RATE_PER_* etc. are the operator's to set).
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AcquireOptions, RateLimiter, RateWindow, Release } from '../tools/market/rate-limiter.js';
import type { RedisKeys } from './redis-keys.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

function limiterFor(redis: Redis, keyPrefix: string, points: number, durationS: number): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration: durationS,
    insuranceLimiter: new RateLimiterMemory({ points, duration: durationS }),
  });
}

export class RedisRateLimiter implements RateLimiter {
  private readonly windows: RateLimiterRedis[];
  private readonly coolKey: string;

  constructor(
    private readonly redis: Redis,
    keys: RedisKeys,
    name: string,
    windows: readonly RateWindow[],
  ) {
    this.windows = windows.filter((w) => w.limit > 0).map((w) => limiterFor(redis, keys.rate(`${name}:${w.windowMs}`), w.limit, Math.max(1, Math.ceil(w.windowMs / 1000))));
    this.coolKey = keys.rate(`${name}:cooldown`);
  }

  async acquire(options: AcquireOptions = {}): Promise<Release> {
    const { signal } = options;
    for (;;) {
      signal?.throwIfAborted();
      const cooling = await this.redis.pttl(this.coolKey).catch(() => -2);
      if (cooling > 0) {
        await sleep(cooling, signal);
        continue;
      }
      const wait = await this.consumeAll();
      if (wait === 0) return () => undefined;
      await sleep(wait, signal);
    }
  }

  pauseUntil(untilMs: number): void {
    const ms = Math.ceil(untilMs - Date.now());
    if (ms <= 0) return;
    // Extend, never shorten, a cooldown another process set.
    void this.redis
      .pttl(this.coolKey)
      .then((left) => (left < ms ? this.redis.set(this.coolKey, '1', 'PX', ms) : undefined))
      .catch(() => undefined);
  }

  /** Takes a point from every window; 0 when granted, else how long to wait (points taken are given back). */
  private async consumeAll(): Promise<number> {
    const taken: RateLimiterRedis[] = [];
    for (const window of this.windows) {
      try {
        await window.consume('all', 1);
        taken.push(window);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        await Promise.all(taken.map((w) => w.reward('all', 1).catch(() => undefined)));
        return Math.max(1, rejection.msBeforeNext);
      }
    }
    return 0;
  }
}

/**
 * A per-client counter for the HTTP API: `capacity` runs per window of capacity / refillPerSecond seconds (the
 * in-memory token bucket's burst and sustained rate). Resolves 0 when allowed, else the seconds to wait.
 */
export function redisClientLimit(redis: Redis, keys: RedisKeys, capacity: number, refillPerSecond: number): (client: string) => Promise<number> {
  const limiter = limiterFor(redis, keys.rate('http'), capacity, Math.max(1, Math.round(capacity / refillPerSecond)));
  return async (client) => {
    try {
      await limiter.consume(client, 1);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  };
}
