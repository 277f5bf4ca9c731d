/**
 * Starts a run for a question and follows it in a thread (or channel): the one path shared by /analyze, mentions,
 * follow-ups and Retry. If the status message cannot be posted the run is cancelled (nobody would see it) and the
 * person is told why.
 */
import { DiscordAPIError } from 'discord.js';
import type { RunSource } from '../../pipeline/index.js';
import type { AdapterContext } from './adapter-context.js';
import { isPermissionError } from './permissions.js';
import { RunSession, type RunTarget } from './run-session.js';

export type AnswerInput = {
  question: string;
  source: RunSource;
  /** The run this question follows up (a mention in the bot's thread, a Retry). */
  followUp?: string;
  target: RunTarget;
  /** Tells the asker something went wrong, through whatever channel still works for this entry point. */
  notify: (text: string) => Promise<unknown>;
};

export async function answerIn(ctx: AdapterContext, input: AnswerInput): Promise<RunSession | undefined> {
  const started = await ctx.runs.startRun({ question: input.question, source: input.source, ...(input.followUp ? { followUp: input.followUp } : {}) });
  if (started.deduplicated) return ctx.sessions.get(started.runId);
  const session = new RunSession(started.runId, input.target, ctx.sessionDeps);
  ctx.sessions.set(started.runId, session);
  ctx.logger.info({ runId: started.runId, channel: input.source.channel, thread: input.source.thread, followUp: Boolean(input.followUp) }, 'discord run started');
  try {
    await session.start();
    return session;
  } catch (error) {
    await ctx.runs.cancelRun(started.runId, 'discord:unpostable');
    ctx.sessions.delete(started.runId);
    ctx.logger.warn({ err: error, runId: started.runId }, 'discord status message could not be posted');
    const text = isPermissionError(error)
      ? `🔒 I can't post in <#${input.target.id}>: I need **Send Messages in Threads**, **Attach Files** and **Embed Links** there. Ask a server admin to grant them.`
      : `⚠️ Discord refused my status message${error instanceof DiscordAPIError ? ` (code ${error.code})` : ''}, so I stopped. Please try again.`;
    await input.notify(text).catch((e: unknown) => ctx.logger.warn({ err: e }, 'discord notify failed'));
    return undefined;
  }
}
