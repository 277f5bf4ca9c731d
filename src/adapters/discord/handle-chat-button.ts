/**
 * Suggested-question and chart-control clicks. Each is acknowledged first (Discord's 3 seconds): a suggestion with
 * `deferUpdate()` and then a follow-up run in the thread; a chart control with `deferUpdate()` and then the chart
 * redrawn from cached bars (no model call) and put in place of the old one by editing the message the button is on
 * (`editReply` → PATCH `@original`, `attachments: []` so the old file goes).
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { asBotError } from '../../errors.js';
import type { AdapterContext } from './adapter-context.js';
import { answerIn } from './answer-in.js';
import type { ChatButton } from './chat-components.js';
import { chartEdit } from './render-answer.js';
import { answerCard, cardText, isCard } from './render-card.js';

export async function handleChatButton(ctx: AdapterContext, interaction: ButtonInteraction, button: ChatButton): Promise<void> {
  if (!(await ctx.claim(interaction.id))) return;
  const ephemeral = (content: string) => interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  await interaction.deferUpdate();
  if (button.kind === 'next') return startSuggestion(ctx, interaction, button.runId, button.index, ephemeral);

  const state = await ctx.runs.getRun(button.runId);
  const artifact = state?.artifacts[button.chart];
  if (!ctx.runs.redrawChart || !state || !artifact) {
    await ephemeral("I don't have that chart any more; ask the question again.");
    return;
  }
  try {
    const chart = await ctx.runs.redrawChart(button.runId, { chart: artifact.name, ...(button.window ? { window: button.window } : {}), ...(button.benchmark ? { benchmark: button.benchmark } : {}) });
    const text = isCard(interaction.message.flags.bitfield) ? cardText(interaction.message.components) : undefined;
    if (text !== undefined) {
      // A V2 card: the whole card again with the new chart (the text read back from it), the old file dropped.
      const suggestions = (await ctx.runs.suggestFollowUps?.(button.runId).catch(() => [])) ?? [];
      const card = answerCard({ state, text, chart: { bytes: chart.bytes, alt: chart.alt, caption: chart.caption, window: chart.window, benchmark: chart.benchmark }, chartIndex: button.chart, suggestions });
      await interaction.editReply({ ...card, attachments: [] });
      return;
    }
    const controls = { runId: button.runId, chart: button.chart, benchmark: chart.benchmark, tickers: state.entities?.tickers ?? [], ...(chart.window ? { window: chart.window } : {}) };
    await interaction.editReply(chartEdit({ bytes: chart.bytes, alt: chart.alt, caption: chart.caption, controls }));
  } catch (error) {
    const err = asBotError(error);
    ctx.logger.warn({ code: err.code, err: err.message }, 'discord chart redraw failed');
    await ephemeral(`⚠️ ${err.code.startsWith('chart_') || err.code === 'run_not_found' ? err.message : "I couldn't redraw that chart. Please try again."}`);
  }
}

async function startSuggestion(ctx: AdapterContext, interaction: ButtonInteraction, runId: string, index: number, ephemeral: (text: string) => Promise<unknown>): Promise<void> {
  const [state, suggestions] = await Promise.all([ctx.runs.getRun(runId), ctx.runs.suggestFollowUps?.(runId) ?? []]);
  const suggestion = suggestions[index];
  const channel = interaction.channel;
  if (!state || !suggestion || !channel?.isSendable()) {
    await ephemeral("I can't ask that any more; ask the question again.");
    return;
  }
  // One follow-up per suggestion: everyone in the thread sees it, so a second click starts nothing new.
  if (!(await ctx.claim(`next:${runId}:${index}`))) return;
  const source = state.source ?? { platform: 'discord' as const };
  await answerIn(ctx, {
    question: suggestion.question,
    source: { ...source, platform: 'discord', user: interaction.user.id, eventId: `next:${runId}:${index}` },
    followUp: runId,
    target: channel,
    notify: ephemeral,
  });
}
