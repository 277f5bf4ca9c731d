/**
 * Slack's AI-app surface through Bolt's `Assistant` class: when someone opens a thread with the app
 * (`assistant_thread_started`), up to four suggested prompts — seed questions, about the tickers they asked about
 * before when there are any; a message in the thread (`message.im`) starts a run, or a follow-up of the thread's
 * previous run, with a title from the first question and a loading status that the session clears once the answer
 * is posted. The run itself is followed like any other (plan status message, answer, charts with controls).
 */
import { Assistant } from '@slack/bolt';
import type { GenericMessageEvent } from '@slack/types';
import type { RunApi } from '../../pipeline/index.js';
import type { ListenerDeps } from './listeners.js';
import { questionFromMention } from './question.js';
import { slackErrorText } from './run-session.js';
import { startAndFollow } from './start-run.js';
import { MAX_QUESTION_CHARS, USAGE_TEXT } from './user-messages.js';

const MAX_PROMPTS = 4;
export const LOADING_MESSAGES = ['Reading the question…', 'Fetching daily prices…', 'Computing the figures…', 'Drawing the chart…', 'Writing the answer…'];

/** The seed prompts: about the user's own recent tickers first, then the project's seed questions. */
export async function suggestedPrompts(runs: RunApi, user: string | undefined): Promise<{ title: string; message: string }[]> {
  const recent = user ? await recentTickers(runs, user) : [];
  const prompts: { title: string; message: string }[] = [];
  const [first, second] = recent;
  if (first) prompts.push({ title: `${first}: technicals`, message: `What do the technicals look like for ${first}?` });
  if (first && second) prompts.push({ title: `${first} vs ${second}`, message: `How has ${first} done against ${second} over the past year?` });
  else if (first) prompts.push({ title: `${first} vs the market`, message: `How has ${first} performed against the S&P 500 YTD?` });
  prompts.push(
    { title: 'NVDA vs semiconductors', message: 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?' },
    { title: 'Mag 7 leaders', message: 'Which Magnificent Seven stock has done best this year?' },
    { title: 'AAPL technicals YTD', message: 'AAPL technicals YTD' },
    { title: 'MSFT drawdown', message: "What was MSFT's max drawdown over the past year?" },
  );
  return prompts.slice(0, MAX_PROMPTS);
}

/** Tickers the user asked about in their latest runs on Slack, most recent first, distinct. */
async function recentTickers(runs: RunApi, user: string): Promise<string[]> {
  const seen: string[] = [];
  for (const summary of await runs.listRuns(50)) {
    if (summary.platform !== 'slack' || seen.length >= 2) continue;
    const state = await runs.getRun(summary.runId);
    if (state?.source?.user !== user) continue;
    for (const ticker of state.entities?.tickers ?? []) if (!seen.includes(ticker)) seen.push(ticker);
  }
  return seen.slice(0, 2);
}

export function createAssistant(deps: ListenerDeps): Assistant {
  const { runs, dedupe, logger } = deps;
  return new Assistant({
    threadStarted: async ({ event, client }) => {
      const { channel_id, user_id } = event.assistant_thread;
      try {
        // Agent-view apps must not pass thread_ts here: with it the call fails silently.
        await client.assistant.threads.setSuggestedPrompts({ channel_id, title: 'Ask about a stock, a sector or a window', prompts: await suggestedPrompts(runs, user_id) });
      } catch (error) {
        logger.warn({ err: slackErrorText(error) }, 'slack: suggested prompts not set');
      }
    },
    // The app reads no channel context; without this Bolt's default store would write it into message metadata.
    threadContextChanged: async () => undefined,
    userMessage: async ({ message, body, client, setTitle }) => {
      const m = message as GenericMessageEvent;
      if (m.subtype !== undefined || m.bot_id || !m.user || !m.thread_ts) return;
      const question = questionFromMention(m.text ?? '');
      // chat.postMessage, not Bolt's say(): say() first reads the thread context back (conversations.replies).
      const tell = (text: string) => client.chat.postMessage({ channel: m.channel, thread_ts: m.thread_ts, text }).then(() => undefined, (e: unknown) => logger.warn({ err: slackErrorText(e) }, 'slack: assistant reply failed'));
      if (!question) return tell(USAGE_TEXT);
      if (question.length > MAX_QUESTION_CHARS) return tell(`That question is ${question.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.`);
      const eventId = (body as { event_id?: string }).event_id;
      if (!(await dedupe.claim([eventId && `slack:evt:${eventId}`, m.client_msg_id && `slack:msg:${m.client_msg_id}`]))) return;
      const team = (body as { team_id?: string }).team_id ?? m.team;
      const thread = { channel: m.channel, thread: m.thread_ts };
      const followUp = await runs.lastRunInThread({ platform: 'slack', team, ...thread });
      await Promise.all([
        followUp ? undefined : setTitle(question.slice(0, 100)).catch((e: unknown) => logger.debug({ err: slackErrorText(e) }, 'slack: title not set')),
        client.assistant.threads
          .setStatus({ channel_id: m.channel, thread_ts: m.thread_ts, status: 'is looking into it…', loading_messages: LOADING_MESSAGES })
          .catch((e: unknown) => logger.debug({ err: slackErrorText(e) }, 'slack: status not set')),
      ]);
      const problem = await startAndFollow(
        deps,
        { question, source: { platform: 'slack', team, ...thread, user: m.user, eventId }, ...(followUp ? { followUp } : {}) },
        { ...thread, team, assistant: true, user: m.user },
      );
      if (problem) {
        await tell(problem);
        await client.assistant.threads.setStatus({ channel_id: m.channel, thread_ts: m.thread_ts, status: '' }).catch(() => undefined);
      }
    },
  });
}
