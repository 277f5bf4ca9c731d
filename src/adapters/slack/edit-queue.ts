/**
 * Coalesced edits of one status message: at most one `chat.update` per `intervalMs`, latest state wins (states
 * pushed while waiting replace each other, so stale ones are dropped), the final state is always sent.
 *
 * A 429 pauses edits for Retry-After through the shared `RateGate` (chat.update's limit is per method per workspace,
 * so every status message in that workspace waits), and never blocks anything else: the edit client is a separate
 * WebClient with `rejectRateLimitedCalls`, so the answer and the chart go out on the main client meanwhile.
 */
import type { Logger } from 'pino';
import { webApi } from '@slack/bolt';
import type { SlackMessage } from './render-status.js';

/** Per-workspace pause after a 429 on edits. */
export class RateGate {
  private readonly until = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}
  pausedUntil(key: string): number {
    const at = this.until.get(key) ?? 0;
    if (at <= this.now()) this.until.delete(key);
    return at;
  }
  pause(key: string, ms: number): void {
    this.until.set(key, Math.max(this.until.get(key) ?? 0, this.now() + ms));
  }
}

export type EditQueueOptions = {
  /** Sends one edit; throws the WebClient's errors. */
  readonly send: (message: SlackMessage) => Promise<void>;
  readonly gate: RateGate;
  /** Gate key: the workspace (team) id. */
  readonly gateKey: string;
  readonly logger: Logger;
  /** @default 1000 */
  readonly intervalMs?: number;
  /** Give up on the final state after this long (ms) of rate limiting or errors. @default 120000 */
  readonly finalDeadlineMs?: number;
  readonly now?: () => number;
};

export type EditQueueStats = { sent: number; rateLimited: number; failed: number; coalesced: number };

export class EditQueue {
  private latest?: SlackMessage;
  private finalMessage?: SlackMessage;
  private finalDone?: { promise: Promise<void>; resolve: () => void; deadline: number };
  private timer?: NodeJS.Timeout;
  private inFlight = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private networkFailures = 0;
  private closed = false;
  readonly stats: EditQueueStats = { sent: 0, rateLimited: 0, failed: 0, coalesced: 0 };
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: EditQueueOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Queues a state; replaces any state not yet sent. Ignored after `finish()`. */
  push(message: SlackMessage): void {
    if (this.closed || this.finalMessage) return;
    if (this.latest) this.stats.coalesced++;
    this.latest = message;
    this.schedule();
  }

  /** Queues the final state; resolves once it is sent or given up on (never rejects). */
  finish(message: SlackMessage): Promise<void> {
    if (this.finalDone) return this.finalDone.promise;
    if (this.latest) this.stats.coalesced++;
    this.latest = message;
    this.finalMessage = message;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.finalDone = { promise, resolve, deadline: this.now() + (this.options.finalDeadlineMs ?? 120_000) };
    if (this.closed) resolve();
    else this.schedule();
    return promise;
  }

  /** Stops all timers; a pending final state is abandoned. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
    this.finalDone?.resolve();
  }

  private schedule(): void {
    if (this.closed || this.inFlight || this.timer || !this.latest) return;
    const now = this.now();
    const at = Math.max(now, this.lastSentAt + this.intervalMs, this.options.gate.pausedUntil(this.options.gateKey));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, at - now);
    this.timer.unref?.();
  }

  private async flush(): Promise<void> {
    const message = this.latest;
    if (!message || this.closed) return;
    this.latest = undefined;
    this.inFlight = true;
    try {
      await this.options.send(message);
      this.stats.sent++;
      this.networkFailures = 0;
      if (message === this.finalMessage) this.finalDone?.resolve();
    } catch (error) {
      this.onError(error, message);
    } finally {
      this.inFlight = false;
      this.lastSentAt = this.now();
    }
    if (this.finalDone && this.now() > this.finalDone.deadline) {
      this.options.logger.warn('slack: gave up on the final status edit');
      this.latest = undefined;
      this.finalDone.resolve();
      return;
    }
    this.schedule();
  }

  private onError(error: unknown, message: SlackMessage): void {
    const { logger, gate, gateKey } = this.options;
    if (error instanceof webApi.WebAPIRateLimitedError) {
      this.stats.rateLimited++;
      gate.pause(gateKey, Math.max(1, error.retryAfter) * 1000);
      logger.debug({ retryAfter: error.retryAfter }, 'slack: status edit rate-limited; pausing edits');
      // Keep this state only if nothing newer arrived meanwhile (latest wins).
      this.latest ??= message;
      return;
    }
    this.stats.failed++;
    if (error instanceof webApi.WebAPIPlatformError) {
      // ok:false (message_not_found, msg_too_long, …): retrying the same payload cannot help.
      logger.warn({ error: error.data.error }, 'slack: status edit rejected');
      if (message === this.finalMessage) this.finalDone?.resolve();
      return;
    }
    // Network or HTTP failure: try again a few times (at the normal interval), then let it go.
    this.networkFailures++;
    logger.warn({ err: (error as Error)?.message, attempt: this.networkFailures }, 'slack: status edit failed');
    if (this.networkFailures <= 3) this.latest ??= message;
    else if (message === this.finalMessage) this.finalDone?.resolve();
  }
}
