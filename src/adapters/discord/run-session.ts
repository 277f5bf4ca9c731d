/**
 * Follows one run for Discord as a reader of its event log: folds events into RunState, keeps the status message
 * in the thread up to date through the edit throttle (bot-token channel edits, so the 15-minute interaction token
 * never matters), and on the terminal event posts the answer as new messages with the chart attached.
 */
import { DiscordAPIError, MessageFlags, type Message, type MessageCreateOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { RunApi } from '../../pipeline/run/run-api.js';
import { isTerminal } from '../../pipeline/events/events.js';
import { applyEvent, initialRunState, type RunState } from '../../pipeline/events/reduce.js';
import { EditThrottle } from './edit-throttle.js';
import { isPermissionError } from './permissions.js';
import { rateLimitDelayMs } from './rate-limit-delay.js';
import { renderAnswer, type ReadArtifact } from './render-answer.js';
import { renderStatus, type StatusPayload } from './render-status.js';

/** Where a run's messages go: a thread (or a channel that cannot have threads). */
export type RunTarget = { id: string; send(options: MessageCreateOptions): Promise<Message> };

export type RunSessionDeps = {
  runs: RunApi;
  logger: Logger;
  readArtifact: ReadArtifact;
  /** @default 1500 */
  editIntervalMs?: number;
};

const NO_MENTIONS = { parse: [] } as const;

export class RunSession {
  state: RunState;
  retried = false;
  /** Resolves when the answer has been posted and the final status shown (or given up). */
  readonly finished: Promise<void>;
  statusMessage: Message | undefined;
  private throttle: EditThrottle<StatusPayload> | undefined;
  private unsubscribe: (() => void) | undefined;
  private resolveFinished!: () => void;
  private finishing = false;
  private closed = false;

  constructor(
    readonly runId: string,
    private readonly target: RunTarget,
    private readonly deps: RunSessionDeps,
  ) {
    this.state = deps.runs.getRun(runId) ?? initialRunState(runId);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  /** Posts the status message, then follows the run. Rejects if the status message cannot be posted. */
  async start(): Promise<void> {
    const first = renderStatus(this.state);
    // The status is silent (@silent): the notification people should get is the answer's.
    const message = await this.target.send({ ...first, allowedMentions: NO_MENTIONS, flags: MessageFlags.SuppressNotifications });
    this.statusMessage = message;
    const log = this.deps.logger;
    this.throttle = new EditThrottle<StatusPayload>({
      intervalMs: this.deps.editIntervalMs ?? 1500,
      send: async (payload) => {
        await message.edit({ ...payload, allowedMentions: NO_MENTIONS });
      },
      retryDelayMs: rateLimitDelayMs,
      onError: (error, willRetry) => log.warn({ err: error, runId: this.runId, willRetry }, 'discord status edit failed'),
    });
    this.throttle.markSent(first);
    // Replays what happened since the first render, then follows live (no gap, no duplicate).
    this.unsubscribe = this.deps.runs.subscribe(this.runId, this.state.lastSeq, (event) => {
      this.state = applyEvent(this.state, event);
      this.throttle?.push(renderStatus(this.state, { retried: this.retried }));
      if (isTerminal(event)) void this.finish();
    });
    // A terminal event replayed inside subscribe() ran finish() before unsubscribe was assigned.
    if (this.finishing) this.unsubscribe();
    if (this.state.done) void this.finish();
  }

  /** After a Retry click: the button shows "Retried" and is disabled. */
  markRetried(): void {
    this.retried = true;
    this.throttle?.push(renderStatus(this.state, { retried: true }));
  }

  /** Stops editing and following (shutdown). */
  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.throttle?.close();
    this.resolveFinished();
  }

  /** Counters for metrics and tests. */
  get edits(): { sent: number; coalesced: number } {
    return { sent: this.throttle?.sent ?? 0, coalesced: this.throttle?.coalesced ?? 0 };
  }

  private async finish(): Promise<void> {
    if (this.finishing) return;
    this.finishing = true;
    this.unsubscribe?.();
    try {
      // The answer is what people wait for: post it without waiting for the throttled final status edit.
      await Promise.all([this.postAnswer(), this.throttle?.flush()]);
    } catch (error) {
      this.logPostError(error);
    } finally {
      this.resolveFinished();
    }
  }

  private async postAnswer(): Promise<void> {
    const messages = await renderAnswer(this.state, this.deps.readArtifact);
    for (const message of messages) {
      if (this.closed) return;
      try {
        await this.target.send({ ...message, allowedMentions: NO_MENTIONS });
      } catch (error) {
        // Without Attach Files the text still goes out, with a note instead of the chart.
        if (isPermissionError(error) && message.files && message.files.length > 0) {
          const note = '\n\n-# (I could not attach the chart here: I need the **Attach Files** permission.)';
          await this.target.send({ content: `${message.content ?? ''}${note}`.trim(), allowedMentions: NO_MENTIONS }).catch((e: unknown) => this.logPostError(e));
        } else {
          this.logPostError(error);
          return;
        }
      }
    }
  }

  private logPostError(error: unknown): void {
    const code = error instanceof DiscordAPIError ? error.code : undefined;
    this.deps.logger.error({ err: error, code, runId: this.runId }, 'discord answer could not be posted');
  }
}
