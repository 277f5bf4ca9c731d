/**
 * Takes a token from a provider's shared rate limiter, but waits at most `maxWaitMs`: a daily-bars provider whose
 * budget is spent (Tiingo's 50/hour) is skipped for the next one, not waited on for an hour.
 */
import type { RateLimiter, Release } from '../rate-limiter.js';
import { barsFailure } from './bars-errors.js';

export async function acquireWithin(limiter: RateLimiter, options: { signal: AbortSignal; maxWaitMs: number; provider: string; label: string }): Promise<Release> {
  const { signal, maxWaitMs } = options;
  const deadline = AbortSignal.timeout(maxWaitMs);
  try {
    return await limiter.acquire({ signal: AbortSignal.any([signal, deadline]) });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (deadline.aborted) {
      throw barsFailure('rate_limited', options.provider, `${options.label}: our request budget for it is used up for now (waited ${maxWaitMs} ms)`, {
        retryAfterMs: 60_000,
      });
    }
    throw error;
  }
}
