/**
 * The conversational triggers (issue 18): a reply in a thread the bot answered starts a follow-up when routing
 * reads it as a question (no mention needed: `message.channels` / `message.groups`); a suggested-question button
 * starts that follow-up; a chart control redraws the chart from cached bars and replaces it in the same message.
 * Every click is acknowledged first (Slack's 3-second deadline), and the work follows.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { GenericMessageEvent, KnownBlock } from '@slack/types';
import { asBotError } from '../../errors.js';
import type { ListenerDeps } from './listeners.js';
import { questionFromMention } from './question.js';
import { ACTION_CHART, chartActionValue, chartMessage } from './render-chart-message.js';
import { ACTION_SUGGEST, suggestValue } from './render-follow-ups.js';
import { slackErrorText, uploadPrivately } from './run-session.js';
import { safeRespond } from './safe-respond.js';
import { startAndFollow } from './start-run.js';
import { MAX_QUESTION_CHARS } from './user-messages.js';

const CHART_ACTION = new RegExp(`^${ACTION_CHART}_(1M|3M|YTD|1Y|5Y|swap)$`);
const SUGGEST_ACTION = new RegExp(`^${ACTION_SUGGEST}_[0-3]$`);

export function registerChatListeners(app: App, deps: ListenerDeps): void {
  const { runs, client, dedupe, logger } = deps;

  app.event('message', async ({ event, body, context }) => {
    const message = event as GenericMessageEvent;
    // A direct message outside an assistant thread (the Messages tab): answered in a thread under it.
    if (message.channel_type === 'im' && !message.thread_ts && message.subtype === undefined && !message.bot_id && message.user && message.user !== context.botUserId) {
      const question = questionFromMention(message.text ?? '');
      if (!question || question.length > MAX_QUESTION_CHARS) return;
      if (!(await dedupe.claim([body.event_id && `slack:evt:${body.event_id}`, message.client_msg_id && `slack:msg:${message.client_msg_id}`]))) return;
      const team = body.team_id ?? message.team;
      const problem = await startAndFollow(
        deps,
        { question, source: { platform: 'slack', team, channel: message.channel, thread: message.ts, user: message.user, eventId: body.event_id } },
        { channel: message.channel, thread: message.ts, team, user: message.user },
      );
      if (problem) logger.info({ problem }, 'slack: direct message run did not start');
      return;
    }
    // Plain user messages in a thread only: edits, joins, bots (ourselves included) and thread roots are not replies.
    if (message.subtype !== undefined || message.bot_id || !message.user || !message.thread_ts || message.thread_ts === message.ts) return;
    // Direct messages belong to the assistant surface; a mention of the bot is app_mention's to answer.
    if (message.channel_type === 'im' || message.user === context.botUserId) return;
    const text = message.text ?? '';
    if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
    if (!runs.readsAsQuestion) return;
    const team = body.team_id ?? message.team;
    const previous = await runs.lastRunInThread({ platform: 'slack', team, channel: message.channel, thread: message.thread_ts });
    if (!previous) return;
    const question = questionFromMention(text);
    if (!question || question.length > MAX_QUESTION_CHARS || !(await runs.readsAsQuestion(question))) return;
    if (!(await dedupe.claim([body.event_id && `slack:evt:${body.event_id}`, message.client_msg_id && `slack:msg:${message.client_msg_id}`]))) return;
    const problem = await startAndFollow(
      deps,
      { question, source: { platform: 'slack', team, channel: message.channel, thread: message.thread_ts, user: message.user, eventId: body.event_id }, followUp: previous },
      { channel: message.channel, thread: message.thread_ts, team, user: message.user },
    );
    if (problem) logger.info({ problem }, 'slack: thread follow-up did not start');
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: SUGGEST_ACTION }, async ({ ack, action, body, respond }) => {
    await ack();
    const parsed = suggestValue.safeParse(action.value);
    if (!parsed.success) return void logger.warn('slack: suggestion click with an unexpected value');
    const [runId, index] = parsed.data.split(':') as [string, string];
    const [state, suggestions] = await Promise.all([runs.getRun(runId), runs.suggestFollowUps?.(runId) ?? []]);
    const suggestion = suggestions[Number(index)];
    const source = state?.source;
    if (!suggestion || !source?.channel || !source.thread) return safeRespond(respond, "I no longer have that answer; ask the question again.", logger);
    // One follow-up per suggestion: everyone in the thread sees it, so a second click starts nothing new.
    const eventId = `next:${runId}:${index}`;
    if (!(await dedupe.claim([`slack:${eventId}`]))) return;
    const problem = await startAndFollow(
      deps,
      { question: suggestion.question, source: { ...source, user: body.user.id, eventId }, followUp: runId },
      { channel: source.channel, thread: source.thread, team: source.team, assistant: source.channel.startsWith('D'), user: body.user.id },
    );
    if (problem) await safeRespond(respond, problem, logger);
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: CHART_ACTION }, async ({ ack, action, body, respond }) => {
    await ack();
    let value;
    try {
      value = chartActionValue.parse(JSON.parse(action.value ?? ''));
    } catch {
      return void logger.warn('slack: chart click with an unexpected value');
    }
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    if (!runs.redrawChart || !channel || !ts) return;
    try {
      const [chart, state] = await Promise.all([
        runs.redrawChart(value.r, { chart: value.c, ...(value.w ? { window: value.w } : {}), ...(value.b ? { benchmark: value.b } : {}) }),
        runs.getRun(value.r),
      ]);
      const title = `${chart.alt.length <= 120 ? chart.alt : chart.name} · ${chart.caption}`;
      const fileId = await uploadPrivately(client, chart.bytes, chart.name, title, chart.alt);
      const controls = { runId: value.r, chart: chart.name, benchmark: chart.benchmark, tickers: state?.entities?.tickers ?? [], ...(chart.window ? { window: chart.window } : {}) };
      await client.chat.update({ channel, ts, ...chartMessage({ fileId, alt: chart.alt, title, controls }) });
      // The replaced image's file is no longer shown anywhere.
      const old = shownFileId(body.message?.blocks);
      if (old && old !== fileId) await client.files.delete({ file: old }).catch((e: unknown) => logger.debug({ err: slackErrorText(e) }, 'slack: old chart file not deleted'));
    } catch (error) {
      const err = asBotError(error);
      logger.warn({ code: err.code, err: slackErrorText(error) }, 'slack: chart redraw failed');
      await safeRespond(respond, `:warning: ${err.code.startsWith('chart_') || err.code === 'run_not_found' || err.code === 'bad_request' ? err.message : "I couldn't redraw that chart. Please try again."}`, logger);
    }
  });
}

function shownFileId(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const image = (blocks as KnownBlock[]).find((b) => b.type === 'image') as { slack_file?: { id?: string } } | undefined;
  return image?.slack_file?.id;
}
