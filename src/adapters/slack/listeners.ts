/**
 * Triggers and buttons: `app_mention`, `/analyze`, Cancel, Retry, feedback. Each maps a Slack payload to a
 * `startRun`/`cancelRun` call on the run API and hands the run to a session; nothing here waits for the pipeline.
 */
import type { App, BlockAction, ButtonAction, FeedbackButtonsAction } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RunApi, StartRunInput } from '../../pipeline/index.js';
import type { EventDedupe } from '../shared/event-dedupe.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { ACTION_FEEDBACK } from './render-answer.js';
import { ACTION_CANCEL, ACTION_RETRY } from './render-status.js';
import type { RunTarget } from './run-session.js';
import { slackErrorText } from './run-session.js';
import { startAndFollow as startRun } from './start-run.js';
import { registerChatListeners } from './chat-listeners.js';
import { createAssistant } from './assistant.js';
import { safeRespond } from './safe-respond.js';
import { questionFromMention } from './question.js';
import { MAX_QUESTION_CHARS, USAGE_TEXT, notInChannelText } from './user-messages.js';

export type ListenerDeps = {
  readonly runs: RunApi;
  readonly client: webApi.WebClient;
  readonly dedupe: EventDedupe;
  readonly logger: Logger;
  /** Starts following a run in a thread (the session posts status, answer, chart). */
  readonly follow: (target: RunTarget) => void;
};

export { questionFromMention } from './question.js';

const feedbackValue = z.string().regex(/^(positive|negative):([A-Za-z0-9_-]{1,64})$/);
const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { runs, client, dedupe, logger } = deps;
  // The AI-app surface first: its middleware takes the assistant threads' messages before the listeners below.
  app.assistant(createAssistant(deps));

  /** Starts a run and follows it; returns an error text when the run could not start. */
  const startAndFollow = (input: StartRunInput, target: Omit<RunTarget, 'runId'>) => startRun(deps, input, target);

  const ephemeral = async (channel: string, user: string | undefined, text: string, thread?: string) => {
    if (!user) return;
    try {
      await client.chat.postEphemeral({ channel, user, text, ...(thread ? { thread_ts: thread } : {}) });
    } catch (error) {
      logger.warn({ err: slackErrorText(error) }, 'slack: ephemeral failed');
    }
  };

  app.event('app_mention', async ({ event, body }) => {
    const team = body.team_id ?? event.team;
    // Slack redelivers with the same event_id (X-Slack-Retry-Num / retry_attempt); client_msg_id names the message.
    if (!(await dedupe.claim([body.event_id && `slack:evt:${body.event_id}`, event.client_msg_id && `slack:msg:${event.client_msg_id}`]))) {
      logger.info({ eventId: body.event_id }, 'slack: duplicate delivery ignored');
      return;
    }
    const channel = event.channel;
    const thread = event.thread_ts ?? event.ts;
    const question = questionFromMention(event.text ?? '');
    if (!question) return ephemeral(channel, event.user, USAGE_TEXT, thread);
    if (question.length > MAX_QUESTION_CHARS) {
      return ephemeral(channel, event.user, `That question is ${question.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.`, thread);
    }
    const followUp = event.thread_ts ? await runs.lastRunInThread({ platform: 'slack', team, channel, thread: event.thread_ts }) : undefined;
    const problem = await startAndFollow(
      { question, source: { platform: 'slack', team, channel, thread, user: event.user, eventId: body.event_id }, ...(followUp ? { followUp } : {}) },
      { channel, thread, team, user: event.user },
    );
    if (problem) await ephemeral(channel, event.user, problem, thread);
  });

  app.command('/analyze', async ({ command, ack, respond }) => {
    const question = command.text.trim();
    // An ack body is the command's ephemeral reply: no API call, and it works even where the bot is not a member.
    if (!question) return ack({ response_type: 'ephemeral', text: USAGE_TEXT });
    if (question.length > MAX_QUESTION_CHARS) {
      return ack({ response_type: 'ephemeral', text: `That question is ${question.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.` });
    }
    await ack();
    const eventId = `cmd:${command.trigger_id}`;
    if (!(await dedupe.claim([`slack:${eventId}`]))) return;
    const channel = command.channel_id;
    let rootTs: string | undefined;
    try {
      // Slash commands cannot run inside threads: post a root message and thread under it.
      const shown = question.length > 150 ? `${question.slice(0, 149)}…` : question;
      const root = await client.chat.postMessage({ channel, text: `:mag: Analyzing “${escapeMrkdwn(shown)}”… requested by <@${command.user_id}>`, unfurl_links: false });
      rootTs = root.ts;
    } catch (error) {
      const code = slackErrorText(error);
      const text = NOT_MEMBER.has(code) ? notInChannelText(channel) : `:warning: I couldn't post in this channel (${escapeMrkdwn(code)}).`;
      await safeRespond(respond, text, logger);
      return;
    }
    if (!rootTs) return;
    const problem = await startAndFollow(
      { question, source: { platform: 'slack', team: command.team_id, channel, thread: rootTs, user: command.user_id, eventId } },
      { channel, thread: rootTs, team: command.team_id, user: command.user_id },
    );
    if (problem) await safeRespond(respond, problem, logger);
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_CANCEL }, async ({ ack, action, body, respond }) => {
    await ack();
    const cancelled = await runs.cancelRun(action.value ?? '', `slack:${body.user.id}`);
    if (!cancelled) await safeRespond(respond, 'That run has already finished.', logger);
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_RETRY }, async ({ ack, action, body, respond }) => {
    await ack();
    const previous = await runs.getRun(action.value ?? '');
    const source = previous?.source;
    if (!previous || !source?.channel || !source.thread) return safeRespond(respond, "I no longer have that run; ask the question again.", logger);
    if (previous.status !== 'failed' && previous.status !== 'cancelled') return;
    // One retry per failed run: a double click finds the same event id and starts nothing new.
    const eventId = `retry:${previous.runId}`;
    if (!(await dedupe.claim([`slack:${eventId}`]))) return;
    const problem = await startAndFollow(
      { question: previous.question, source: { ...source, user: body.user.id, eventId }, followUp: previous.runId },
      { channel: source.channel, thread: source.thread, team: source.team, user: body.user.id },
    );
    if (problem) await safeRespond(respond, problem, logger);
  });

  app.action<BlockAction<FeedbackButtonsAction>>({ type: 'block_actions', action_id: ACTION_FEEDBACK }, async ({ ack, action, body }) => {
    await ack();
    const parsed = feedbackValue.safeParse(action.value);
    if (!parsed.success) return void logger.warn('slack: feedback click with an unexpected value');
    const [rating, runId] = parsed.data.split(':') as ['positive' | 'negative', string];
    try {
      await runs.recordFeedback(runId, {
        rating,
        platform: 'slack',
        user: body.user.id,
        team: body.team?.id,
        channel: body.channel?.id,
        messageTs: body.message?.ts,
      });
    } catch (error) {
      logger.warn({ err: (error as Error).message, runId }, 'slack: could not store feedback');
    }
  });

  registerChatListeners(app, deps);

  app.error(async (error) => {
    logger.error({ err: slackErrorText(error) }, 'slack: unhandled listener error');
  });
}
