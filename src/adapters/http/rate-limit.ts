/**
 * Per-client token bucket (in memory; the scale-out issue moves it to Redis). Each client gets `capacity` requests
 * at once and `refillPerSecond` after that; past it the answer is 429 with Retry-After (whole seconds).
 * The client key is the socket address (`trust proxy` stays off unless configured, so X-Forwarded-For cannot be forged).
 */
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
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
};

type Bucket = { tokens: number; updatedAt: number };

export function rateLimit(options: RateLimitOptions = {}): RequestHandler {
  const capacity = options.capacity ?? 10;
  const refill = options.refillPerSecond ?? 0.5;
  if (!(capacity >= 1) || !(refill > 0)) throw new Error('rateLimit: capacity must be >= 1 and refillPerSecond > 0');
  const now = options.now ?? Date.now;
  const keyOf = options.key ?? ((req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown');
  const buckets = new LRUCache<string, Bucket>({ max: options.maxClients ?? 10_000 });
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
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / refill));
    sendError(res, 429, 'rate_limited', `too many runs from this client; retry in ${retryAfter} s`, { 'Retry-After': String(retryAfter) });
  };
}
