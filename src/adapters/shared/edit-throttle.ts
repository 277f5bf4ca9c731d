/**
 * Keeps one chat message (a run's status) showing the latest state without flooding the platform: at most one edit
 * per `intervalMs`, one edit in flight, and states that arrive meanwhile are coalesced — only the newest is ever
 * sent (stale states are dropped, not queued); identical consecutive payloads are skipped; the final state is
 * always attempted. The one edit loop for Slack and Discord: each platform only says how to send an edit and how
 * to read its errors.
 *
 * A rate-limited edit pauses edits for the platform's retry-after — through a shared `gate` when the limit is wider
 * than one message (Slack's chat.update is per workspace) — and never blocks anything else: answers and charts go
 * out through other calls meanwhile.
 */

/** What an edit error means for the next attempt. */
export type EditFailure =
  /** Too many requests: try the newest state again after `retryAfterMs` (not counted as a failure). */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** The platform refused this payload (message gone, too long…): resending it cannot help. */
  | { kind: 'rejected' }
  /** Network or server trouble: try again, at most `maxFailures` times in a row. */
  | { kind: 'transient'; retryAfterMs?: number };

/** A pause shared by every throttle that draws on the same platform limit. */
export interface EditGate {
  pausedUntil(): number;
  pause(ms: number): void;
}

export type EditThrottleOptions<T> = {
  /** Performs the edit; rejects on failure. */
  readonly send: (payload: T) => Promise<void>;
  /** Minimum spacing between two edits. */
  readonly intervalMs: number;
  /** @default every error is transient */
  readonly classify?: (error: unknown) => EditFailure;
  readonly gate?: EditGate;
  /** Equality used to skip no-op edits. @default JSON equality */
  readonly same?: (a: T, b: T) => boolean;
  readonly onError?: (error: unknown, willRetry: boolean) => void;
  /** Consecutive transient failures before a payload is given up. @default 4 */
  readonly maxFailures?: number;
  /** How long `finish()` keeps trying the final state through rate limits and errors. @default 120000 */
  readonly finalDeadlineMs?: number;
  readonly now?: () => number;
};

export type EditStats = { sent: number; coalesced: number; rateLimited: number; failed: number };

export class EditThrottle<T> {
  private pending: { payload: T } | undefined;
  private lastSent: { payload: T } | undefined;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private nextAllowedAt = 0;
  private failures = 0;
  private closed = false;
  private finalDeadline: number | undefined;
  private idleWaiters: (() => void)[] = [];
  readonly stats: EditStats = { sent: 0, coalesced: 0, rateLimited: 0, failed: 0 };

  constructor(private readonly options: EditThrottleOptions<T>) {}

  /** Records a payload that is already on screen (the message was just created with it). */
  markSent(payload: T): void {
    this.lastSent = { payload };
    this.nextAllowedAt = this.now() + this.options.intervalMs;
  }

  /** Offers the latest state; replaces any state not yet sent. */
  push(payload: T): void {
    if (this.closed) return;
    if (this.pending) this.stats.coalesced += 1;
    this.pending = { payload };
    this.schedule();
  }

  /** Offers the final state; resolves once it is on screen or given up on (never rejects). */
  finish(payload: T): Promise<void> {
    this.finalDeadline ??= this.now() + (this.options.finalDeadlineMs ?? 120_000);
    this.push(payload);
    return this.flush();
  }

  /** Resolves when the latest pushed state has been sent (or dropped). */
  flush(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops sending; pending states are dropped and flush() waiters released. */
  close(): void {
    this.closed = true;
    this.pending = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.settle();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private isIdle(): boolean {
    return this.closed || (!this.inFlight && !this.pending);
  }

  private same(a: T, b: T): boolean {
    return this.options.same ? this.options.same(a, b) : JSON.stringify(a) === JSON.stringify(b);
  }

  private schedule(): void {
    if (this.closed || this.inFlight || this.timer || !this.pending) return this.settle();
    if (this.lastSent && this.same(this.pending.payload, this.lastSent.payload)) {
      this.pending = undefined;
      return this.settle();
    }
    const at = Math.max(this.nextAllowedAt, this.options.gate?.pausedUntil() ?? 0);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, Math.max(0, at - this.now()));
  }

  private async run(): Promise<void> {
    const current = this.pending;
    if (!current || this.closed) return this.settle();
    this.pending = undefined;
    this.inFlight = true;
    try {
      await this.options.send(current.payload);
      this.stats.sent += 1;
      this.failures = 0;
      this.lastSent = current;
      this.nextAllowedAt = this.now() + this.options.intervalMs;
    } catch (error) {
      this.onFailure(error, current);
    } finally {
      this.inFlight = false;
    }
    if (this.finalDeadline !== undefined && this.pending && this.now() > this.finalDeadline) {
      // Rate-limited or failing for too long: the answer is already out; stop trying to update the status.
      this.options.onError?.(new Error('gave up on the final status edit'), false);
      this.pending = undefined;
    }
    this.schedule();
  }

  private onFailure(error: unknown, current: { payload: T }): void {
    const failure = this.options.classify?.(error) ?? { kind: 'transient' };
    if (failure.kind === 'rate_limited') {
      this.stats.rateLimited += 1;
      const wait = Math.max(failure.retryAfterMs, this.options.intervalMs);
      if (this.options.gate) this.options.gate.pause(wait);
      else this.nextAllowedAt = this.now() + wait;
      this.options.onError?.(error, true);
      // Retry with the newest state, never a stale one.
      this.pending ??= current;
      return;
    }
    this.stats.failed += 1;
    if (failure.kind === 'rejected') {
      this.options.onError?.(error, false);
      return;
    }
    this.failures += 1;
    const retry = this.failures < (this.options.maxFailures ?? 4);
    this.options.onError?.(error, retry);
    if (retry) {
      this.pending ??= current;
      this.nextAllowedAt = this.now() + Math.max(failure.retryAfterMs ?? 0, this.options.intervalMs);
    } else {
      this.failures = 0;
    }
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** A shared pause keyed by scope (e.g. one per Slack workspace). */
export class EditGates {
  private readonly until = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  for(key: string): EditGate {
    return {
      pausedUntil: () => {
        const at = this.until.get(key) ?? 0;
        if (at <= this.now()) this.until.delete(key);
        return at;
      },
      pause: (ms) => this.until.set(key, Math.max(this.until.get(key) ?? 0, this.now() + ms)),
    };
  }
}
