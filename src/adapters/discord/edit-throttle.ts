/**
 * Keeps one Discord message showing the latest state without flooding the API: at most one edit per `intervalMs`,
 * one edit in flight, and states that arrive meanwhile are coalesced — only the newest is ever sent (stale states
 * are dropped, not queued). A rate-limited edit (429 or a bucket known to be empty) is not retried by the REST
 * queue (see `rejectOnRateLimit` in create-discord-client.ts): it comes back here, and the newest state is sent once
 * Discord's `retry_after` has passed. Identical consecutive payloads are skipped.
 */

export type EditThrottleOptions<T> = {
  /** Minimum spacing between two edits. @default 1500 */
  readonly intervalMs?: number;
  /** Performs the edit; rejects on failure. */
  readonly send: (payload: T) => Promise<void>;
  /** Equality used to skip no-op edits. @default JSON equality */
  readonly same?: (a: T, b: T) => boolean;
  /** How long to wait before the next attempt after a failed edit, or undefined to drop the payload. */
  readonly retryDelayMs?: (error: unknown) => number | undefined;
  readonly onError?: (error: unknown, willRetry: boolean) => void;
  /** Gives up on a payload after this many consecutive failures. @default 5 */
  readonly maxFailures?: number;
  readonly now?: () => number;
};

export class EditThrottle<T> {
  private readonly intervalMs: number;
  private pending: { payload: T } | undefined;
  private lastSent: { payload: T } | undefined;
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;
  private nextAllowedAt = 0;
  private failures = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** Edits actually sent (for metrics and tests). */
  sent = 0;
  /** States replaced by a newer one before they were sent. */
  coalesced = 0;

  constructor(private readonly options: EditThrottleOptions<T>) {
    this.intervalMs = options.intervalMs ?? 1500;
  }

  /** Records a payload that is already on screen (e.g. the message was just created with it). */
  markSent(payload: T): void {
    this.lastSent = { payload };
    this.nextAllowedAt = this.now() + this.intervalMs;
  }

  /** Offers the latest state; replaces any state not yet sent. */
  push(payload: T): void {
    if (this.closed) return;
    if (this.pending) this.coalesced += 1;
    this.pending = { payload };
    this.schedule();
  }

  /** Resolves when the latest pushed state has been sent (or dropped after repeated failures). */
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
    return !this.inFlight && !this.pending;
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
    const delay = Math.max(0, this.nextAllowedAt - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
  }

  private async run(): Promise<void> {
    const current = this.pending;
    if (!current || this.closed) return this.settle();
    this.pending = undefined;
    this.inFlight = true;
    try {
      await this.options.send(current.payload);
      this.sent += 1;
      this.failures = 0;
      this.lastSent = current;
      this.nextAllowedAt = this.now() + this.intervalMs;
    } catch (error) {
      this.failures += 1;
      const delay = this.failures < (this.options.maxFailures ?? 5) ? this.options.retryDelayMs?.(error) : undefined;
      this.options.onError?.(error, delay !== undefined);
      // Retry with the newest state, never the stale one, once Discord says it is allowed again.
      if (delay !== undefined) {
        this.pending = this.pending ?? current;
        this.nextAllowedAt = this.now() + Math.max(delay, this.intervalMs);
      } else if (!this.pending) {
        this.failures = 0;
      }
    } finally {
      this.inFlight = false;
    }
    this.schedule();
  }

  private settle(): void {
    if (!this.isIdle() && !this.closed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
