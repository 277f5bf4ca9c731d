/**
 * The "Add to watchlist" button under an answer (issue 17) and its click. The custom_id carries the tickers
 * (`mdw:add:NVDA,AMD`, within Discord's 100 characters), so any process can handle the click without state.
 */
import { ButtonStyle, ComponentType, MessageFlags, PermissionFlagsBits, type APIActionRowComponent, type APIButtonComponentWithCustomId, type ButtonInteraction } from 'discord.js';
import type { RunState } from '../../pipeline/index.js';
import type { WatchService } from '../../watch/watch-service.js';
import type { AdapterContext } from './adapter-context.js';

const PREFIX = 'mdw:add:';

export function isWatchButton(customId: string): boolean {
  return customId.startsWith(PREFIX);
}

export function watchButtonRow(state: RunState): APIActionRowComponent<APIButtonComponentWithCustomId> | undefined {
  const tickers = state.entities?.tickers ?? [];
  if (tickers.length === 0 || state.intent === 'digest' || state.intent === 'alert') return undefined;
  let value = '';
  for (const t of tickers) if (`${PREFIX}${value ? `${value},` : ''}${t}`.length <= 100) value = value ? `${value},${t}` : t;
  const label = tickers.length === 1 ? `Add ${tickers[0]} to watchlist` : 'Add to watchlist';
  return { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: label.slice(0, 80), custom_id: `${PREFIX}${value}` }] };
}

export async function handleWatchButton(ctx: AdapterContext, watch: WatchService, interaction: ButtonInteraction): Promise<void> {
  if (!(await ctx.claim(interaction.id))) return;
  const symbols = interaction.customId.slice(PREFIX.length).split(',').filter(Boolean);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.SendMessages)) {
    await interaction.reply({ content: 'Only people who can post in this channel can change its watchlist.', flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // The answer is in a thread: the watchlist belongs to the channel the thread is in.
  const channelId = interaction.channel?.isThread() ? (interaction.channel.parentId ?? interaction.channelId) : interaction.channelId;
  const reply = await watch.add({ platform: 'discord', ...(interaction.guildId ? { team: interaction.guildId } : {}), channel: channelId }, symbols);
  await interaction.editReply({ content: reply.text.slice(0, 2000), allowedMentions: { parse: [] } });
}
