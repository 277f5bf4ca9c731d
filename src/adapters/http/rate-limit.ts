/**
 * Per-client token bucket (in memory; the scale-out issue moves it to Redis). Each client gets `capacity` requests
 * at once and `refillPerSecond` after that; past it the answer is 429 with Retry-After (whole seconds).
 * The client key is the socket address by default (`trust proxy` stays off unless configured, so X-Forwarded-For
 * cannot be forged); `rateLimitSettings()` turns the operator's settings into options (per token with API_TOKEN).
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { Config } from '../../config.js';
import { sendError } from './http-error.js';

export type RateLimitOptions = {
  /** Burst size. @default 10 */
  readonly capacity?: number;
  /** Tokens added per second. @default 0.5 (30 runs a minute) */
  readonly refillPerSecond?: number;
  /** Clients remembered at once (least recently seen are forgotten). @default 10_000 */
  readonly maxClients?: number;
  readonly key?: (req: Request) => string;
  readonly now?: () => number;
  /**
   * A counter shared by every web process (distributed mode): resolves 0 when the client may start a run, else the
   * seconds to wait. Replaces the in-memory bucket, so a client cannot multiply its budget by the number of
   * processes behind the load balancer.
   */
  readonly shared?: (client: string) => Promise<number>;
};

type Bucket = { tokens: number; updatedAt: number };

export function rateLimit(options: RateLimitOptions = {}): RequestHandler {
  const capacity = options.capacity ?? 10;
  const refill = options.refillPerSecond ?? 0.5;
  if (!(capacity >= 1) || !(refill > 0)) throw new Error('rateLimit: capacity must be >= 1 and refillPerSecond > 0');
  const now = options.now ?? Date.now;
  const keyOf = options.key ?? addressKey;
  const buckets = new LRUCache<string, Bucket>({ max: options.maxClients ?? 10_000 });
  const tooMany = (res: Parameters<RequestHandler>[1], retryAfter: number) =>
    sendError(res, 429, 'rate_limited', `too many runs from this client; retry in ${retryAfter} s`, { 'Retry-After': String(retryAfter) });
  const shared = options.shared;
  if (shared) {
    return (req, res, next) => {
      shared(keyOf(req)).then(
        (retryAfter) => (retryAfter > 0 ? tooMany(res, retryAfter) : next()),
        next,
      );
    };
  }
  return (req, res, next) => {
    const key = keyOf(req);
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, updatedAt: t };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.updatedAt) / 1000) * refill);
    bucket.updatedAt = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    tooMany(res, Math.max(1, Math.ceil((1 - bucket.tokens) / refill)));
  };
}

/** The socket address (every user behind one proxy shares it). */
export function addressKey(req: Request): string {
  return `addr:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/** The bearer token, hashed (the raw token is never kept as a key); the address when there is none. */
export function bearerTokenKey(req: Request): string {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
  return token ? `token:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 32)}` : addressKey(req);
}

export type RateLimitSettings = Partial<Pick<Config, 'API_RATE_PER_MINUTE' | 'API_RATE_BURST' | 'API_TOKEN'>>;

/**
 * The operator's limit on starting runs: `API_RATE_PER_MINUTE` per client (0 turns the limit off) after a burst of
 * `API_RATE_BURST`. With `API_TOKEN` set the client is the bearer token, so users behind one proxy or NAT are not
 * throttled as one address (everyone presenting the same token shares its budget); otherwise the socket address.
 * Unset settings keep the defaults (30 a minute, a burst of 10).
 */
export function rateLimitSettings(config: RateLimitSettings): RateLimitOptions | false {
  const perMinute = config.API_RATE_PER_MINUTE ?? 30;
  if (perMinute === 0) return false;
  return { capacity: config.API_RATE_BURST ?? 10, refillPerSecond: perMinute / 60, key: config.API_TOKEN ? bearerTokenKey : addressKey };
}
