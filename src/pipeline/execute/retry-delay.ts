/**
 * Exponential backoff with full jitter, honouring a server's Retry-After when it is longer.
 * Written here rather than taken from p-retry because the event contract needs the chosen delay up front
 * (`step.retrying.delayMs`) and p-retry does not expose it.
 */
import type { RetryPolicy } from '../../tools/define-tool.js';

export function computeRetryDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (attempt - 1));
  // Half fixed, half jitter: keeps a floor (so retries are not instant) while spreading concurrent retriers.
  const delay = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(delay, retryAfterMs ?? 0));
}
