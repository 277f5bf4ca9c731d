/**
 * Cancel / Retry clicks. Every click is answered inside Discord's 3 seconds: the decision needs only fast run API
 * reads, then either `deferUpdate()` (the status edit follows through the throttle) or an ephemeral reply.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { AdapterContext } from './adapter-context.js';
import { answerIn } from './answer-in.js';
import { parseRunButtonId, runButtons } from './run-buttons.js';

export async function handleRunButton(ctx: AdapterContext, interaction: ButtonInteraction): Promise<void> {
  const parsed = parseRunButtonId(interaction.customId);
  if (!parsed || !(await ctx.claim(interaction.id))) return;
  const ephemeral = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  const state = await ctx.runs.getRun(parsed.runId);
  if (!state) {
    await ephemeral("I don't know that run any more (I may have restarted). Ask again with `/analyze`.");
    return;
  }
  const by = `discord:${interaction.user.id}`;

  if (parsed.action === 'cancel') {
    if (await ctx.runs.cancelRun(parsed.runId, by)) await interaction.deferUpdate();
    else await ephemeral('That run has already finished.');
    return;
  }

  if (!state.done || state.status === 'completed') {
    await ephemeral('Retry is for a run that failed or was cancelled.');
    return;
  }
  const session = ctx.sessions.get(parsed.runId);
  if (session?.retried || ctx.retried.has(parsed.runId)) {
    await ephemeral('Already retried — see the new status below.');
    return;
  }
  ctx.retried.set(parsed.runId, true);
  await interaction.deferUpdate();
  if (session) session.markRetried();
  else await interaction.editReply({ components: [runButtons(parsed.runId, { done: true, canRetry: true, retried: true })] }).catch((e: unknown) => ctx.logger.warn({ err: e }, 'discord retry button update failed'));

  const channel = interaction.channel;
  if (!channel?.isSendable()) {
    await interaction.followUp({ content: '⚠️ I cannot post in this channel any more.', flags: MessageFlags.Ephemeral });
    return;
  }
  const source = state.source ?? { platform: 'discord' as const };
  await answerIn(ctx, {
    question: state.question,
    source: { ...source, platform: 'discord', user: interaction.user.id, eventId: interaction.id },
    followUp: state.runId,
    target: channel,
    notify: (text) => interaction.followUp({ content: text, flags: MessageFlags.Ephemeral }),
  });
}
