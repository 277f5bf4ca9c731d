/**
 * The upstream rate limit, shared by every run in the process. `RateLimiter` is the interface (the scale-out
 * issue can put a Redis implementation behind it); `WindowedTokenBucket` is the in-memory one.
 *
 * Why not a plain token bucket with capacity = limit: a full bucket of 60 plus a refill of 1/s lets ~118 requests
 * through in the first minute, and Finnhub counts per minute, so that answers with 429s. Here each token comes
 * back exactly one window after the request that spent it *finished* (a sliding-window log), so no window of
 * `windowMs` ever sees more than `limit` requests, for every configured window at once (60/min and the 30/s
 * cap). Counting from the end of a request, not its start, matters: the server counts a request when it
 * arrives, which is somewhere between our send and our receive, and connection set-up can take a while.
 */
import { BotError } from '../../errors.js';

export type AcquireOptions = { readonly signal?: AbortSignal };

/** Hands the token back: call it once the request has finished (answered, failed or aborted). */
export type Release = () => void;

export interface RateLimiter {
  /** Resolves when one request may go out now; rejects with `signal.reason` when aborted while waiting. */
  acquire(options?: AcquireOptions): Promise<Release>;
  /** Holds every caller back until `untilMs` (epoch ms): the server said 429, so nobody should try before then. */
  pauseUntil(untilMs: number): void;
}

export type RateWindow = {
  /** Requests allowed per window; 0 disables the window. */
  readonly limit: number;
  readonly windowMs: number;
};

export type WindowedTokenBucketOptions = {
  readonly windows: readonly RateWindow[];
  /** A token not released after this long counts as released then (a lost release must not wedge the limiter). @default 60000 */
  readonly maxHoldMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Waiters beyond this are refused at once (`rate_limited`), so a flood cannot queue without bound. @default 10000 */
  readonly maxQueue?: number;
};

type Waiter = { resolve: (release: Release) => void; reject: (reason: unknown) => void; cleanup: () => void };
/** One request: when it was granted and, once released, when it finished. */
type Grant = { start: number; end?: number };

export class WindowedTokenBucket implements RateLimiter {
  private readonly windows: { limit: number; windowMs: number }[];
  private readonly longestWindowMs: number;
  private readonly maxHoldMs: number;
  private readonly now: () => number;
  private readonly maxQueue: number;
  private readonly queue: Waiter[] = [];
  private grants: Grant[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pausedUntil = 0;

  constructor(options: WindowedTokenBucketOptions) {
    for (const w of options.windows) {
      if (!Number.isInteger(w.limit) || w.limit < 0) throw new TypeError(`rate window limit must be a non-negative integer, got ${w.limit}`);
      if (!(w.windowMs > 0)) throw new TypeError(`rate window length must be positive, got ${w.windowMs}`);
    }
    this.windows = options.windows.filter((w) => w.limit > 0).map((w) => ({ limit: w.limit, windowMs: w.windowMs }));
    this.longestWindowMs = Math.max(0, ...this.windows.map((w) => w.windowMs));
    this.maxHoldMs = options.maxHoldMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.maxQueue = options.maxQueue ?? 10_000;
  }

  /** Callers waiting right now (for logs and benches). */
  get pending(): number {
    return this.queue.length;
  }

  acquire(options: AcquireOptions = {}): Promise<Release> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.queue.length === 0 && this.waitMs() === 0) return Promise.resolve(this.grant());
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new BotError('rate_limited', 'too many requests are waiting for the market-data rate limit', { retryable: true }));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason);
        this.schedule();
      };
      const waiter: Waiter = { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.schedule();
    });
  }

  pauseUntil(untilMs: number): void {
    if (untilMs <= this.pausedUntil) return;
    this.pausedUntil = untilMs;
    this.schedule();
  }

  private end(grant: Grant): number {
    return Math.min(grant.end ?? Number.POSITIVE_INFINITY, grant.start + this.maxHoldMs);
  }

  /** How long the next grant has to wait, 0 if it can go now. */
  private waitMs(): number {
    const now = this.now();
    this.grants = this.grants.filter((g) => this.end(g) > now - this.longestWindowMs);
    let wait = Math.max(0, this.pausedUntil - now);
    for (const w of this.windows) {
      const ends = this.grants.map((g) => this.end(g)).filter((end) => end > now - w.windowMs);
      if (ends.length < w.limit) continue;
      ends.sort((a, b) => a - b);
      // The window has room again once enough of these have been finished for a whole window.
      wait = Math.max(wait, ends[ends.length - w.limit] + w.windowMs - now);
    }
    return wait;
  }

  private grant(): Release {
    const grant: Grant = { start: this.now() };
    this.grants.push(grant);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      grant.end = this.now();
      if (this.queue.length > 0) this.schedule();
    };
  }

  /** Serves the queue in order, and arms one timer for the head when it has to wait. No waiters, no timer. */
  private schedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0) {
      const wait = this.waitMs();
      if (wait > 0) {
        // Capped: an unreleased grant's end moves when it is released, which re-schedules anyway.
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.schedule();
        }, Math.min(wait, this.maxHoldMs));
        return;
      }
      const waiter = this.queue.shift()!;
      waiter.cleanup();
      waiter.resolve(this.grant());
    }
  }
}
