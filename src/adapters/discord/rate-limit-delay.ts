/**
 * How long the edit throttle waits after a failed edit: a rate limit waits what Discord said (`retry_after` or the
 * bucket reset), a server error waits a moment, and anything else (deleted message, missing access) is not retried.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

export function rateLimitDelayMs(error: unknown): number | undefined {
  if (error instanceof RateLimitError) return Math.max(error.retryAfter, error.timeToReset, 0);
  if (error instanceof HTTPError && error.status >= 500) return 2000;
  if (error instanceof DiscordAPIError && error.status >= 500) return 2000;
  return undefined;
}
