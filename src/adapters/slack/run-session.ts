/**
 * Follows one run in one Slack thread, as a reader of the run's event log: posts the status message, edits it
 * through the coalescing edit queue as events arrive, and when the run ends posts the answer (new messages, so
 * people are notified), uploads the chart with alt text, and flushes the final status. The final edit runs beside
 * the answer, never in front of it, so a rate-limited chat.update cannot delay the answer or the chart.
 */
import { readFile } from 'node:fs/promises';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { RunApi } from '../../pipeline/run/run-api.js';
import { isTerminal } from '../../pipeline/events/events.js';
import { applyEvent, initialRunState, type RunState } from '../../pipeline/events/reduce.js';
import { EditQueue, type RateGate } from './edit-queue.js';
import { renderAnswer } from './render-answer.js';
import { renderStatus, type SlackMessage } from './render-status.js';
import type { StatusView } from '../../render/views/status-view.js';
import { describeFailure } from './user-messages.js';

export type RunSessionDeps = {
  readonly runs: RunApi;
  /** Main client: posts, answers, uploads (retries 429s after Retry-After on its own queue). */
  readonly client: webApi.WebClient;
  /** Edit client: `rejectRateLimitedCalls`, no retries; only chat.update goes through it. */
  readonly editClient: webApi.WebClient;
  readonly gate: RateGate;
  readonly logger: Logger;
  readonly statusView: (state: RunState) => StatusView;
  /** @default 1000 */
  readonly editIntervalMs?: number;
  readonly readArtifact?: (path: string) => Promise<Buffer>;
};

export type RunTarget = { runId: string; channel: string; thread: string; team?: string };

export class RunSession {
  private state: RunState;
  private queue?: EditQueue;
  private unsubscribe?: () => void;
  private ended?: (state: RunState) => void;
  private closed = false;
  /** Resolves when the answer, chart and final status are out (or given up on). */
  readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(
    private readonly deps: RunSessionDeps,
    readonly target: RunTarget,
  ) {
    this.state = deps.runs.getRun(target.runId) ?? initialRunState(target.runId);
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  private render(): SlackMessage {
    return renderStatus(this.deps.statusView(this.state), this.state);
  }

  /** Posts the status message and follows the run to its end. Never rejects. */
  async run(): Promise<void> {
    const { client, logger } = this.deps;
    const { channel, thread, runId } = this.target;
    const log = logger.child({ runId, channel });
    try {
      const ended = new Promise<RunState>((resolve) => (this.ended = resolve));
      let statusTs: string | undefined;
      try {
        const posted = await client.chat.postMessage({ channel, thread_ts: thread, unfurl_links: false, unfurl_media: false, ...this.render() });
        statusTs = posted.ts;
      } catch (error) {
        log.warn({ err: slackErrorText(error) }, 'slack: could not post the status message');
      }
      if (this.closed) return;
      if (statusTs) {
        const ts = statusTs;
        this.queue = new EditQueue({
          send: async (message) => {
            await this.deps.editClient.chat.update({ channel, ts, ...message });
          },
          gate: this.deps.gate,
          gateKey: this.target.team ?? 'default',
          logger: log,
          intervalMs: this.deps.editIntervalMs,
        });
      }
      // Replays everything so far (nothing is missed while the status message was being posted), then follows live.
      this.unsubscribe = this.deps.runs.subscribe(runId, this.state.lastSeq, (event) => {
        this.state = applyEvent(this.state, event);
        if (isTerminal(event)) this.ended?.(this.state);
        else this.queue?.push(this.render());
      });
      if (this.state.done) this.ended?.(this.state);
      const final = await ended;
      if (this.closed) return;
      const finalEdit = this.queue?.finish(this.render()) ?? Promise.resolve();
      await this.deliver(final, log);
      await finalEdit;
    } catch (error) {
      log.error({ err: slackErrorText(error) }, 'slack: run session failed');
    } finally {
      this.close();
    }
  }

  private async deliver(state: RunState, log: Logger): Promise<void> {
    const { client } = this.deps;
    const { channel, thread } = this.target;
    if (state.status === 'failed') {
      await this.post({ text: describeFailure(state.error, state), blocks: [] }, log);
    }
    for (const message of renderAnswer(state)) await this.post(message, log);
    if (state.status !== 'completed') return;
    for (const artifact of state.artifacts) {
      if (!artifact.path) continue;
      try {
        const file = await (this.deps.readArtifact ?? readFile)(artifact.path);
        await client.filesUploadV2({
          channel_id: channel,
          thread_ts: thread,
          file,
          filename: artifact.name,
          title: artifact.alt.length <= 120 ? artifact.alt : artifact.name,
          alt_text: artifact.alt.slice(0, 1000),
        });
      } catch (error) {
        log.warn({ err: slackErrorText(error), artifact: artifact.name }, 'slack: chart upload failed');
      }
    }
  }

  private async post(message: SlackMessage, log: Logger): Promise<void> {
    const { channel, thread } = this.target;
    try {
      const blocks = message.blocks.length > 0 ? { blocks: message.blocks } : {};
      await this.deps.client.chat.postMessage({ channel, thread_ts: thread, text: message.text, ...blocks, unfurl_links: false, unfurl_media: false });
    } catch (error) {
      log.warn({ err: slackErrorText(error) }, 'slack: could not post a message');
    }
  }

  /** Stops following: unsubscribes and stops pending edits. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.queue?.close();
    this.ended?.(this.state);
    this.finish();
  }
}

/** `ok:false` error code, or the message: safe to log (no tokens, no URLs with secrets). */
export function slackErrorText(error: unknown): string {
  const data = (error as { data?: { error?: unknown } })?.data;
  if (data && typeof data.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}
