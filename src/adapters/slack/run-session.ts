/**
 * Follows one run in one Slack thread through the shared run follower: the status message is a `plan` block edited
 * through the edit throttle (chat.update on the edit client, paused per workspace after a 429), and when the run
 * ends the answer is posted as new messages (people are notified) and the chart uploaded with alt text.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Artifact, RunApi, RunState } from '../../pipeline/index.js';
import { chartMessage } from './render-chart-message.js';
import type { StatusView } from '../../render/views/status-view.js';
import type { EditFailure, EditGates } from '../shared/edit-throttle.js';
import { RunFollower } from '../shared/run-follower.js';
import type { EventDedupe } from '../shared/event-dedupe.js';
import { renderAnswer } from './render-answer.js';
import { renderStatus, type SlackMessage } from './render-status.js';
import { describeFailure } from './user-messages.js';

export type RunSessionDeps = {
  readonly runs: RunApi;
  /** Main client: posts, answers, uploads (retries 429s after Retry-After on its own queue). */
  readonly client: webApi.WebClient;
  /** Edit client: `rejectRateLimitedCalls`, no retries; only chat.update goes through it. */
  readonly editClient: webApi.WebClient;
  /** chat.update is rate-limited per workspace: one gate per team. */
  readonly gates: EditGates;
  readonly logger: Logger;
  readonly statusView: (state: RunState) => StatusView;
  /** @default 1000 */
  readonly editIntervalMs?: number;
  /** Claims the answer's idempotency key (shared across web processes in distributed mode); absent = no check. */
  readonly dedupe?: EventDedupe;
};

/** The idempotency key of a run's final answer in Slack: one answer per run, whichever process follows it. */
export const slackAnswerKey = (runId: string): string => `slack:final:${runId}:answer`;

export type RunTarget = {
  runId: string;
  channel: string;
  thread: string;
  team?: string;
  /** An AI-app (assistant) thread: its loading status is cleared once the answer is posted. */
  assistant?: boolean;
  /** Who asked: a streamed answer outside a DM names its recipient. */
  user?: string;
};

/** How a failed chat.update reads: 429 → wait Retry-After; ok:false → the payload itself is refused. */
export function classifySlackEditError(error: unknown): EditFailure {
  if (error instanceof webApi.WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfterMs: Math.max(1, error.retryAfter) * 1000 };
  if (error instanceof webApi.WebAPIPlatformError) return { kind: 'rejected' };
  return { kind: 'transient' };
}

export function followSlackRun(deps: RunSessionDeps, target: RunTarget): RunFollower<SlackMessage> {
  const { client, logger } = deps;
  const { channel, thread, runId } = target;
  const log = logger.child({ runId, channel });
  const post = threadPoster(client, target, log);
  return new RunFollower<SlackMessage>(
    deps.runs,
    runId,
    {
      render: (state) => renderStatus(deps.statusView(state), state),
      statusRequired: false,
      ...(deps.dedupe ? { claimDelivery: () => deps.dedupe!.claim([slackAnswerKey(runId)]) } : {}),
      postStatus: (first) => postStatusMessage(deps, target, first),
      async deliver(state) {
        try {
          await postAnswer(deps, state, post);
          if (state.status !== 'completed') return;
          for (const artifact of state.artifacts) await postChart(deps, target, state, artifact, log);
        } finally {
          if (target.assistant) await clearAssistantStatus(client, channel, thread, log);
        }
      },
      throttle: editThrottle(deps, target, log, 'slack: status edit failed'),
    },
    log,
  );
}

/** Posts a message in the run's thread; a failure is logged, never thrown (the next message may still work). */
export function threadPoster(client: webApi.WebClient, target: RunTarget, log: Logger): (message: SlackMessage) => Promise<void> {
  return async (message) => {
    try {
      const blocks = message.blocks.length > 0 ? { blocks: message.blocks } : {};
      await client.chat.postMessage({ channel: target.channel, thread_ts: target.thread, text: message.text, ...blocks, unfurl_links: false, unfurl_media: false });
    } catch (error) {
      log.warn({ err: slackErrorText(error) }, 'slack: could not post a message');
    }
  };
}

/** Posts the status message in the thread and returns how to edit it (chat.update on the edit client). */
export async function postStatusMessage(deps: RunSessionDeps, target: RunTarget, first: SlackMessage): Promise<(message: SlackMessage) => Promise<void>> {
  const { channel, thread } = target;
  const posted = await deps.client.chat.postMessage({ channel, thread_ts: thread, unfurl_links: false, unfurl_media: false, ...first });
  const ts = posted.ts;
  if (!ts) throw new Error('chat.postMessage returned no ts');
  return async (message) => {
    await deps.editClient.chat.update({ channel, ts, ...message });
  };
}

/** The end of a run as new messages: the failure (if any), then the answer with its buttons. */
export async function postAnswer(deps: RunSessionDeps, state: RunState, post: (message: SlackMessage) => Promise<void>): Promise<void> {
  if (state.status === 'failed') await post({ text: describeFailure(state.error, state), blocks: [] });
  const suggestions = state.status === 'completed' ? await deps.runs.suggestFollowUps?.(state.runId).catch(() => []) : [];
  for (const message of renderAnswer(state, suggestions ?? [])) await post(message);
}

/** Status edits and stream appends share one throttle shape: per-workspace gate, Slack's error classes. */
export function editThrottle(deps: RunSessionDeps, target: RunTarget, log: Logger, failureMessage: string) {
  return {
    intervalMs: deps.editIntervalMs ?? 1000,
    classify: classifySlackEditError,
    gate: deps.gates.for(target.team ?? 'default'),
    onError: (error: unknown, willRetry: boolean) => log.debug({ err: slackErrorText(error), willRetry }, failureMessage),
  };
}

/** The chart as an image block over a privately uploaded file, with its controls; a file share when that fails. */
export async function postChart(deps: RunSessionDeps, target: RunTarget, state: RunState, artifact: Artifact, log: Logger): Promise<void> {
  const { client } = deps;
  const { channel, thread } = target;
  try {
    const found = await deps.runs.getArtifact(state.runId, artifact.name);
    if (!found) throw new Error('the chart is no longer stored');
    const title = artifact.alt.length <= 120 ? artifact.alt : artifact.name;
    const share = () => client.filesUploadV2({ channel_id: channel, thread_ts: thread, file: found.bytes, filename: artifact.name, title, alt_text: artifact.alt.slice(0, 1000) });
    // Without chart controls a plain file share is the better message (Slack's own viewer, download).
    if (!deps.runs.redrawChart) return void (await share());
    try {
      const fileId = await uploadPrivately(client, found.bytes, artifact.name, title, artifact.alt);
      const controls = { runId: state.runId, chart: artifact.name, benchmark: state.entities?.benchmark ?? null, tickers: state.entities?.tickers ?? [] };
      await client.chat.postMessage({ channel, thread_ts: thread, ...chartMessage({ fileId, alt: artifact.alt, title, controls }), unfurl_links: false, unfurl_media: false });
    } catch (error) {
      log.info({ err: slackErrorText(error), artifact: artifact.name }, 'slack: chart message failed, sharing the file instead');
      await share();
    }
  } catch (error) {
    log.warn({ err: slackErrorText(error), artifact: artifact.name }, 'slack: chart upload failed');
  }
}

/** Uploads a file without sharing it anywhere (no channel_id): an image block shows it. Returns its id. */
export async function uploadPrivately(client: webApi.WebClient, bytes: Buffer, filename: string, title: string, alt: string): Promise<string> {
  const uploaded = await client.filesUploadV2({ file: bytes, filename, title, alt_text: alt.slice(0, 1000) });
  const id = uploaded.files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error('files.completeUploadExternal returned no file id');
  return id;
}

/** Clears an assistant thread's loading status (an empty status clears it). */
export async function clearAssistantStatus(client: webApi.WebClient, channel: string, thread: string, log: Logger): Promise<void> {
  try {
    await client.assistant.threads.setStatus({ channel_id: channel, thread_ts: thread, status: '' });
  } catch (error) {
    log.debug({ err: slackErrorText(error) }, 'slack: could not clear the assistant status');
  }
}

/** `ok:false` error code, or the message: safe to log (no tokens, no URLs with secrets). */
export function slackErrorText(error: unknown): string {
  const data = (error as { data?: { error?: unknown } })?.data;
  if (data && typeof data.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}
