/**
 * Follows one run for Discord through the shared run follower: the status message in the thread (bot-token channel
 * edits, so the 15-minute interaction token never matters) is edited through the edit throttle, and on the terminal
 * event the answer is posted as new messages with the chart attached.
 */
import { DiscordAPIError, MessageFlags, RateLimitError, type Message, type MessageCreateOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { RunApi, RunState } from '../../pipeline/index.js';
import type { EditFailure } from '../shared/edit-throttle.js';
import { RunFollower } from '../shared/run-follower.js';
import type { EventDedupe } from '../shared/event-dedupe.js';
import { isPermissionError } from './permissions.js';
import { rateLimitDelayMs } from './rate-limit-delay.js';
import { renderAnswer } from './render-answer.js';
import { renderStatus, type StatusPayload } from './render-status.js';

/** Where a run's messages go: a thread (or a channel that cannot have threads). */
export type RunTarget = { id: string; send(options: MessageCreateOptions): Promise<Message> };

export type RunSessionDeps = {
  runs: RunApi;
  logger: Logger;
  /** @default 1500 */
  editIntervalMs?: number;
  /** Send the answer as one Components V2 card when it fits one. @default true */
  cards?: boolean;
  /** Claims the answer's idempotency key (shared across web processes in distributed mode); absent = no check. */
  dedupe?: EventDedupe;
};

/** The idempotency key of a run's final answer in Discord: one answer per run, whichever process follows it. */
export const discordAnswerKey = (runId: string): string => `discord:final:${runId}:answer`;

const NO_MENTIONS = { parse: [] } as const;

/** How a failed edit reads: a rate limit waits what Discord said, a server error a moment; the rest is refused. */
export function classifyDiscordEditError(error: unknown): EditFailure {
  const delay = rateLimitDelayMs(error);
  if (delay === undefined) return { kind: 'rejected' };
  return error instanceof RateLimitError ? { kind: 'rate_limited', retryAfterMs: delay } : { kind: 'transient', retryAfterMs: delay };
}

export class DiscordRunSession {
  retried = false;
  readonly follower: RunFollower<StatusPayload>;

  constructor(
    readonly runId: string,
    private readonly target: RunTarget,
    private readonly deps: RunSessionDeps,
  ) {
    const log = deps.logger.child({ runId });
    this.follower = new RunFollower<StatusPayload>(
      deps.runs,
      runId,
      {
        render: (state) => renderStatus(state, { retried: this.retried }),
        statusRequired: true,
        ...(deps.dedupe ? { claimDelivery: () => deps.dedupe!.claim([discordAnswerKey(runId)]) } : {}),
        postStatus: async (first) => {
          // The status is silent (@silent): the notification people should get is the answer's.
          const message = await target.send({ ...first, allowedMentions: NO_MENTIONS, flags: MessageFlags.SuppressNotifications });
          return async (payload) => {
            await message.edit({ ...payload, allowedMentions: NO_MENTIONS });
          };
        },
        deliver: (state) => this.postAnswer(state),
        throttle: {
          intervalMs: deps.editIntervalMs ?? 1500,
          classify: classifyDiscordEditError,
          maxFailures: 5,
          onError: (error, willRetry) => log.warn({ err: error, willRetry }, 'discord status edit failed'),
        },
      },
      log,
    );
  }

  get state() {
    return this.follower.state;
  }

  get finished(): Promise<void> {
    return this.follower.finished;
  }

  get edits() {
    return this.follower.edits;
  }

  /** Posts the status message, then follows the run. Rejects if the status message cannot be posted. */
  start(): Promise<void> {
    return this.follower.start();
  }

  /** After a Retry click: the button shows "Retried" and is disabled. */
  markRetried(): void {
    this.retried = true;
    this.follower.refresh();
  }

  close(): void {
    this.follower.close();
  }

  private async postAnswer(state: RunState): Promise<void> {
    const suggestions = state.status === 'completed' ? ((await this.deps.runs.suggestFollowUps?.(state.runId).catch(() => [])) ?? []) : [];
    const render = (card: boolean) =>
      renderAnswer(state, async (runId, artifact) => (await this.deps.runs.getArtifact(runId, artifact.name))?.bytes, {
        suggestions,
        chartControls: this.deps.runs.redrawChart !== undefined,
        card,
      });
    const messages = await render(this.deps.cards ?? true);
    if (messages.length === 1 && messages[0].flags !== undefined) {
      try {
        await this.target.send({ ...messages[0], allowedMentions: NO_MENTIONS });
        return;
      } catch (error) {
        // The card was refused (an older client API, a limit): the classic layout says the same.
        this.deps.logger.warn({ err: error, runId: this.runId }, 'discord answer card refused; posting content + attachment');
        return this.send(await render(false));
      }
    }
    return this.send(messages);
  }

  private async send(messages: Awaited<ReturnType<typeof renderAnswer>>): Promise<void> {
    for (const message of messages) {
      if (this.follower.isClosed) return;
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

/** The name the handlers use. */
export { DiscordRunSession as RunSession };
