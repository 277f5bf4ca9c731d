/**
 * `/analyze question:<text>`. The 3-second rule comes first: input and permission checks are synchronous and
 * answered with an ephemeral reply; otherwise `deferReply()` is the first await. Then the reply names the question,
 * a thread is started from it, and the run is followed there. Used inside a thread, the command is a follow-up.
 */
import { ChannelType, MessageFlags, ThreadAutoArchiveDuration, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown } from './escape-markdown.js';
import type { AdapterContext } from './adapter-context.js';
import { answerIn } from './answer-in.js';
import { parseQuestion, threadName } from './inbound.js';
import { isPermissionError, missingPermissions, type AnswerPlace } from './permissions.js';
import type { RunTarget } from './run-session.js';
import { badQuestionText, missingPermissionsText } from './user-messages.js';

export const ANALYZE_COMMAND = 'analyze';

export async function handleAnalyzeCommand(ctx: AdapterContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!(await ctx.claim(interaction.id))) return;
  const parsed = parseQuestion(interaction.options.getString('question'));
  if (!parsed.ok) {
    await interaction.reply({ content: badQuestionText(parsed.reason), flags: MessageFlags.Ephemeral });
    return;
  }
  const channel = interaction.channel;
  const place: AnswerPlace = channel?.isThread() ? 'in-thread' : channel?.type === ChannelType.GuildText || channel?.type === ChannelType.GuildAnnouncement ? 'new-thread' : 'in-channel';
  const missing = missingPermissions(interaction.appPermissions, place);
  if (missing.length > 0) {
    await interaction.reply({ content: missingPermissionsText(missing, interaction.channelId), flags: MessageFlags.Ephemeral });
    return;
  }

  await interaction.deferReply();
  try {
    await afterDefer(ctx, interaction, parsed.question, place);
  } catch (error) {
    // Never leave "marketdesk is thinking…" hanging: say what happened on the deferred reply.
    ctx.logger.error({ err: error, interaction: interaction.id }, 'discord /analyze failed after defer');
    await interaction.editReply({ content: '⚠️ Something went wrong on my side while starting this analysis. Please try again.' }).catch(() => undefined);
  }
}

async function afterDefer(ctx: AdapterContext, interaction: ChatInputCommandInteraction, question: string, place: AnswerPlace): Promise<void> {
  const channel = interaction.channel;
  const notify = (text: string) => interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
  const reply = await interaction.editReply({ content: `🔎 **Analyzing:** ${escapeMarkdown(question)}`, allowedMentions: { parse: [] } });

  let target: RunTarget;
  let thread: string | undefined;
  const parentId = channel?.isThread() ? (channel.parentId ?? interaction.channelId) : interaction.channelId;
  if (place === 'new-thread') {
    try {
      const created = await reply.startThread({ name: threadName(question), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
      target = created;
      thread = created.id;
    } catch (error) {
      ctx.logger.warn({ err: error, channel: interaction.channelId }, 'discord thread could not be started');
      await interaction.editReply({
        content: isPermissionError(error) ? missingPermissionsText(['Create Public Threads'], interaction.channelId) : '⚠️ I could not start a thread for this answer. Please try again.',
      });
      return;
    }
  } else if (channel?.isSendable()) {
    target = channel;
    thread = channel.isThread() ? channel.id : undefined;
  } else {
    await interaction.editReply({ content: '⚠️ I cannot post in this channel. Try a regular text channel.' });
    return;
  }

  await answerIn(ctx, {
    question,
    source: { platform: 'discord', team: interaction.guildId ?? undefined, channel: parentId, thread, user: interaction.user.id, eventId: interaction.id },
    followUp: place === 'in-thread' && thread ? await ctx.runs.lastRunInThread({ platform: 'discord', thread }) : undefined,
    target,
    notify,
  });
}
