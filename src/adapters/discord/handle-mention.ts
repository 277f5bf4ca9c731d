/**
 * `@marketdesk how is AMD doing vs SOX?`: a thread is started on the message and the run followed there. A mention
 * inside a thread is a follow-up that inherits the previous run's context. Missing permissions get a reply in the
 * channel, or a DM when the bot cannot even post there — never silence.
 */
import { ChannelType, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { AdapterContext } from './adapter-context.js';
import { answerIn } from './answer-in.js';
import { parseQuestion, stripBotMention, threadName } from './inbound.js';
import { isPermissionError, missingPermissions, type AnswerPlace } from './permissions.js';
import type { RunTarget } from './run-session.js';
import { badQuestionText, missingPermissionsText } from './user-messages.js';

export async function handleMention(ctx: AdapterContext, message: Message): Promise<void> {
  const me = ctx.client.user;
  if (!me || message.author.bot || message.webhookId || !message.inGuild()) return;
  const channel = message.channel;
  const named = new RegExp(`<@!?${me.id}>`).test(message.content);
  if (!named) {
    // Not a mention typed out: a reply to one of our messages, or a message in a thread we answered in. Without
    // the Message Content intent Discord sends the text only of replies that ping us; then routing decides.
    const thread = channel.isThread() ? channel.id : undefined;
    const toUs = message.mentions.repliedUser?.id === me.id || message.mentions.users.has(me.id) || (channel.isThread() && channel.ownerId === me.id);
    if (!toUs || !thread || !message.content.trim() || !ctx.runs.readsAsQuestion) return;
    const previous = await ctx.runs.lastRunInThread({ platform: 'discord', thread });
    if (!previous || !(await ctx.runs.readsAsQuestion(message.content))) return;
  }
  if (!(await ctx.claim(message.id))) return;
  const tell = (text: string) => replyOrDm(ctx, message, text);

  const parsed = parseQuestion(stripBotMention(message.content, me.id));
  if (!parsed.ok) {
    await tell(badQuestionText(parsed.reason));
    return;
  }
  const place: AnswerPlace = channel.isThread() ? 'in-thread' : channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement ? 'new-thread' : 'in-channel';
  const missing = missingPermissions(channel.permissionsFor(me), place);
  if (missing.length > 0) {
    await tell(missingPermissionsText(missing, channel.id));
    return;
  }

  let target: RunTarget;
  let thread: string | undefined;
  if (place === 'new-thread') {
    try {
      const created = await message.startThread({ name: threadName(parsed.question), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      target = created;
      thread = created.id;
    } catch (error) {
      ctx.logger.warn({ err: error, channel: channel.id }, 'discord thread could not be started');
      await tell(isPermissionError(error) ? missingPermissionsText(['Create Public Threads'], channel.id) : '⚠️ I could not start a thread for this answer. Please try again.');
      return;
    }
  } else {
    target = channel;
    thread = channel.isThread() ? channel.id : undefined;
  }

  await answerIn(ctx, {
    question: parsed.question,
    source: { platform: 'discord', team: message.guildId, channel: channel.isThread() ? (channel.parentId ?? channel.id) : channel.id, thread, user: message.author.id, eventId: message.id },
    followUp: place === 'in-thread' && thread ? await ctx.runs.lastRunInThread({ platform: 'discord', thread }) : undefined,
    target,
    notify: tell,
  });
}

/** Replies to the message; if that is not allowed, DMs the author; logs if both fail. */
async function replyOrDm(ctx: AdapterContext, message: Message, text: string): Promise<void> {
  try {
    await message.reply({ content: text, allowedMentions: { parse: [], repliedUser: false } });
  } catch (error) {
    ctx.logger.info({ err: error, channel: message.channelId }, 'discord reply refused, trying a DM');
    try {
      await message.author.send({ content: `(from <#${message.channelId}>) ${text}`, allowedMentions: { parse: [] } });
    } catch (dmError) {
      ctx.logger.warn({ err: dmError, user: message.author.id }, 'discord could not reply nor DM');
    }
  }
}
