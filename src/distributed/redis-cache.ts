/**
 * The market-data cache shared by every process: entries are JSON under `<prefix>cache:<key>` with the entry's TTL
 * (`SET … PX`), and a miss is filled by one process at a time across the deployment: the first takes a short lock
 * (`SET <prefix>cache-lock:<key> NX PX`), loads and stores; the others poll for the stored value and load
 * themselves only if the lock holder gives up (its lock expires). In-process coalescing (CoalescingLoader) stays in
 * front, so a process sends at most one request per key to Redis at a time.
 *
 * Redis failures never fail a run: a read error is a miss, a write error is logged and the value still returned.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Cache } from '../tools/market/cache.js';
import type { RedisKeys } from './redis-keys.js';

export type RedisCacheOptions = {
  /** How long a filler may hold the lock. @default 15000 (longer than one upstream request with its retries) */
  readonly lockMs?: number;
  /** How often waiters look for the filled value. @default 50 */
  readonly pollMs?: number;
};

export class RedisCache implements Cache {
  private readonly lockMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
    options: RedisCacheOptions = {},
  ) {
    this.lockMs = options.lockMs ?? 15_000;
    this.pollMs = options.pollMs ?? 50;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      const json = await this.redis.get(this.keys.cache(key));
      return json === null ? undefined : (JSON.parse(json) as { v: T }).v;
    } catch {
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0) || value === undefined) return;
    try {
      await this.redis.set(this.keys.cache(key), JSON.stringify({ v: value }), 'PX', Math.ceil(ttlMs));
    } catch (error) {
      this.logger.warn({ key, err: { message: (error as Error).message } }, 'could not store a market-data cache entry');
    }
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.keys.cache(key)).catch(() => undefined);
  }

  async fill<T>(key: string, ttlMs: number, load: () => Promise<T>, signal: AbortSignal): Promise<T> {
    // An entry the caller stores itself under another key (ttl 0) has nothing here to wait for.
    if (!(ttlMs > 0)) return load();
    const lockKey = this.keys.cacheLock(key);
    const token = randomBytes(8).toString('hex');
    for (;;) {
      signal.throwIfAborted();
      const locked = await this.redis.set(lockKey, token, 'PX', this.lockMs, 'NX').catch(() => 'OK');
      if (locked === 'OK') {
        try {
          // Checked again under the lock: a filler that finished just before stored the value, then let go.
          const stored = await this.get<T>(key);
          if (stored !== undefined) return stored;
          const value = await load();
          await this.set(key, value, ttlMs);
          return value;
        } finally {
          // Only our own lock is released (it may have expired and been taken by another filler).
          void this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, lockKey, token).catch(() => undefined);
        }
      }
      // Someone else is filling it: wait for the value, or for their lock to lapse.
      while ((await this.redis.exists(lockKey).catch(() => 0)) === 1) {
        const cached = await this.get<T>(key);
        if (cached !== undefined) return cached;
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
        signal.throwIfAborted();
      }
      const cached = await this.get<T>(key);
      if (cached !== undefined) return cached;
    }
  }
}
