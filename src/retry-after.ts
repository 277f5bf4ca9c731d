/**
 * How long a 429/503 asks us to wait, in ms, or undefined when it does not say — for every HTTP client of ours
 * (Finnhub, the model providers). Reads `Retry-After` (seconds or an HTTP date), then `X-Ratelimit-Reset` (unix
 * seconds when the window resets, as Finnhub sends it). Never below 250 ms, so a "retry now" cannot turn into a
 * tight loop.
 */
const MIN_WAIT_MS = 250;
/** A reset further out than this is not a per-minute window; ignore it and use our own backoff. */
const MAX_RESET_MS = 120_000;

export function parseRetryAfter(headers: Pick<Headers, 'get'>, nowMs: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.max(MIN_WAIT_MS, Math.round(seconds * 1000));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(MIN_WAIT_MS, date - nowMs);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) {
    const wait = reset * 1000 - nowMs;
    if (wait <= MAX_RESET_MS) return Math.max(MIN_WAIT_MS, wait);
  }
  return undefined;
}
