/**
 * Posts a digest or alert run to a Discord channel (issue 17): a new message with the headline, a thread from it,
 * and the run followed in the thread like `/analyze` (live status, then the answer with the chart).
 */
import { ThreadAutoArchiveDuration } from 'discord.js';
import type { ChannelRef } from '../../watch/types.js';
import type { AdapterContext } from './adapter-context.js';
import { threadName } from './inbound.js';
import { RunSession } from './run-session.js';

export function createDiscordChannelPoster(ctx: AdapterContext) {
  return async (channel: ChannelRef, runId: string, headline: string): Promise<void> => {
    const target = await ctx.client.channels.fetch(channel.channel);
    if (!target?.isSendable() || target.isThread() || !('threads' in target)) throw new Error(`discord: cannot post in channel ${channel.channel}`);
    const root = await target.send({ content: `📊 **${headline}**`, allowedMentions: { parse: [] } });
    const thread = await root.startThread({ name: threadName(headline), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    const session = new RunSession(runId, thread, ctx.sessionDeps);
    ctx.sessions.set(runId, session);
    await session.start();
  };
}
