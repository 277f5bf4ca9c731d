/**
 * Follows one run for a chat surface, as a reader of its events through the run API: posts the status message,
 * keeps it showing the latest state through the edit throttle, and when the run ends delivers the answer beside
 * the final status edit, never behind it (a rate-limited edit cannot delay the answer or the chart). The one
 * follower for Slack and Discord; each platform supplies only how to render, post, edit and deliver.
 */
import type { Logger } from 'pino';
import { applyEvent, initialRunState, isTerminal, type RunApi, type RunState } from '../../pipeline/index.js';
import { EditThrottle, type EditThrottleOptions } from './edit-throttle.js';

export type FollowerPlatform<P> = {
  /** The status message for a state. */
  render(state: RunState): P;
  /** Posts the status message; returns how to edit it. Throwing means nobody can see the run (see `statusRequired`). */
  postStatus(first: P): Promise<(payload: P) => Promise<void>>;
  /** Posts the answer (text, charts) once the run has ended. */
  deliver(state: RunState): Promise<void>;
  /** The edit loop's platform part: spacing, how errors read, a shared gate. */
  throttle: Omit<EditThrottleOptions<P>, 'send'>;
  /** When the status message cannot be posted: true = stop (start() rejects), false = follow without one. */
  statusRequired: boolean;
  /**
   * True when `deliver` itself shows the final state (a streamed message is stopped with it): pending edits are
   * then dropped at the end instead of waiting out a rate limit for an edit nobody needs.
   */
  deliverShowsFinalState?(): boolean;
  /**
   * The answer's idempotency key, claimed just before `deliver` (a shared `SET NX` in distributed mode): false = this
   * run's answer was already posted to this place by another follower (a retried delivery), so it is not posted
   * again. At most once, not at least once: a claim whose post then fails is not retried. A claim that errors
   * (Redis away) posts anyway — a possible duplicate is better than an answer nobody sees.
   */
  claimDelivery?(): Promise<boolean>;
};

export class RunFollower<P> {
  state: RunState;
  /** Resolves when the answer has been delivered and the final status shown (or given up). Never rejects. */
  readonly finished: Promise<void>;
  private throttle: EditThrottle<P> | undefined;
  private unsubscribe: (() => void) | undefined;
  private resolveFinished!: () => void;
  private finishing = false;
  private closed = false;

  constructor(
    private readonly runs: RunApi,
    readonly runId: string,
    private readonly platform: FollowerPlatform<P>,
    private readonly logger: Logger,
  ) {
    this.state = initialRunState(runId);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  /** Posts the status message, then follows the run to its end. Rejects only when a required status cannot be posted. */
  async start(): Promise<void> {
    this.state = (await this.runs.getRun(this.runId)) ?? this.state;
    const first = this.platform.render(this.state);
    let edit: ((payload: P) => Promise<void>) | undefined;
    try {
      edit = await this.platform.postStatus(first);
    } catch (error) {
      if (this.platform.statusRequired) {
        this.close();
        throw error;
      }
      this.logger.warn({ err: error, runId: this.runId }, 'could not post the status message; following without it');
    }
    if (this.closed) return;
    if (edit) {
      const send = edit;
      this.throttle = new EditThrottle<P>({ ...this.platform.throttle, send });
      this.throttle.markSent(first);
    }
    // Replays what happened since the first render, then follows live (no gap, no duplicate).
    this.unsubscribe = this.runs.subscribe(this.runId, this.state.lastSeq, (event) => {
      this.state = applyEvent(this.state, event);
      if (isTerminal(event)) void this.finish();
      else this.throttle?.push(this.platform.render(this.state));
    });
    // A terminal event replayed inside subscribe() ran finish() before unsubscribe was assigned.
    if (this.finishing) this.unsubscribe();
    if (this.state.done) void this.finish();
  }

  /** Renders the current state again (e.g. a button changed) through the throttle. */
  refresh(): void {
    this.throttle?.push(this.platform.render(this.state));
  }

  /** Stops editing and following (shutdown); an answer being delivered finishes on its own. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.throttle?.close();
    this.resolveFinished();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Edit counters for metrics and tests. */
  get edits(): { sent: number; coalesced: number; rateLimited: number } {
    const stats = this.throttle?.stats;
    return { sent: stats?.sent ?? 0, coalesced: stats?.coalesced ?? 0, rateLimited: stats?.rateLimited ?? 0 };
  }

  private async finish(): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    this.unsubscribe?.();
    try {
      // The answer is what people wait for: deliver it beside the final status edit, not behind it.
      const finalEdit = this.platform.deliverShowsFinalState?.() ? this.throttle?.close() : this.throttle?.finish(this.platform.render(this.state));
      await Promise.all([
        this.deliverOnce().catch((error: unknown) => this.logger.error({ err: error, runId: this.runId }, 'the answer could not be delivered')),
        finalEdit,
      ]);
    } finally {
      this.resolveFinished();
    }
  }

  private async deliverOnce(): Promise<void> {
    const claim = this.platform.claimDelivery;
    const first = claim
      ? await claim().catch((error: unknown) => {
          this.logger.warn({ err: error, runId: this.runId }, 'could not claim the answer delivery; posting anyway');
          return true;
        })
      : true;
    if (!first) return void this.logger.info({ runId: this.runId }, 'answer already delivered here by another follower; not posting it again');
    await this.platform.deliver(this.state);
  }
}
