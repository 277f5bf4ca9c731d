/**
 * `/watch`, `/digest`, `/alert` on Discord (issue 17): one command each with subcommands, answered ephemerally.
 * The handler defers (ephemeral) first — setting an alert reads prices, which may take longer than Discord's 3
 * seconds with live data — then turns the subcommand and options back into the `/watch …` text the WatchService
 * reads on every platform. Managing needs Send Messages in the channel (the member's permissions there, with
 * overwrites, as the interaction carries them); listing does not.
 */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { AdapterContext } from './adapter-context.js';
import type { WatchService } from '../../watch/watch-service.js';

export const WATCH_COMMANDS = ['watch', 'digest', 'alert'] as const;
export type WatchCommandName = (typeof WATCH_COMMANDS)[number];

export function isWatchCommand(name: string): name is WatchCommandName {
  return (WATCH_COMMANDS as readonly string[]).includes(name);
}

const symbolsOption = (description: string) => (o: import('discord.js').SlashCommandStringOption) => o.setName('symbols').setDescription(description).setRequired(true).setMaxLength(200);

export const watchCommandDefinitions = [
  new SlashCommandBuilder()
    .setName('watch')
    .setDescription("This channel's watchlist")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('add').setDescription('Add symbols').addStringOption(symbolsOption('e.g. NVDA AMD')))
    .addSubcommand((s) => s.setName('remove').setDescription('Remove symbols').addStringOption(symbolsOption('e.g. AMD')))
    .addSubcommand((s) => s.setName('list').setDescription('Show the watchlist')),
  new SlashCommandBuilder()
    .setName('digest')
    .setDescription('Daily watchlist digest on NYSE trading days')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('daily')
        .setDescription('Post the digest every trading day at a time')
        .addStringOption((o) => o.setName('time').setDescription('24-hour HH:MM, e.g. 16:15').setRequired(true).setMaxLength(5))
        .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone (default America/New_York)').setMaxLength(64)),
    )
    .addSubcommand((s) => s.setName('off').setDescription('Stop the daily digest'))
    .addSubcommand((s) => s.setName('now').setDescription('Post the digest now')),
  new SlashCommandBuilder()
    .setName('alert')
    .setDescription('Price, RSI and moving-average alerts, posted here once per crossing')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('e.g. NVDA above 250 · AMD rsi above 70 · NVDA crosses sma50')
        .addStringOption((o) => o.setName('condition').setDescription('NVDA above 250 | AMD rsi above 70 | NVDA crosses sma50').setRequired(true).setMaxLength(100)),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This channel's alerts"))
    .addSubcommand((s) =>
      s
        .setName('delete')
        .setDescription('Delete an alert')
        .addStringOption((o) => o.setName('id').setDescription('The id from /alert list').setRequired(true).setMaxLength(64)),
    ),
];

/** The subcommand and its options, as the text the `/watch` parser reads on Slack. */
export function commandText(name: WatchCommandName, interaction: Pick<ChatInputCommandInteraction, 'options'>): string {
  const sub = interaction.options.getSubcommand();
  const opt = (key: string) => interaction.options.getString(key) ?? '';
  if (name === 'watch') return `${sub} ${sub === 'list' ? '' : opt('symbols')}`;
  if (name === 'digest') return sub === 'daily' ? `daily ${opt('time')} ${opt('timezone')}` : sub;
  if (sub === 'add') return opt('condition');
  if (sub === 'delete') return `delete ${opt('id')}`;
  return sub;
}

export async function handleWatchCommand(ctx: AdapterContext, watch: WatchService, name: WatchCommandName, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!(await ctx.claim(interaction.id))) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    const parentId = interaction.channel?.isThread() ? (interaction.channel.parentId ?? interaction.channelId) : interaction.channelId;
    const canPost = interaction.memberPermissions?.has(PermissionFlagsBits.SendMessages) ?? false;
    const reply = await watch.handleText(name, commandText(name, interaction), {
      channel: { platform: 'discord', ...(interaction.guildId ? { team: interaction.guildId } : {}), channel: parentId },
      user: interaction.user.id,
      canPost,
    });
    await interaction.editReply({ content: reply.text.slice(0, 2000), allowedMentions: { parse: [] } });
  } catch (error) {
    ctx.logger.error({ err: error, command: name }, 'discord watch command failed');
    await interaction.editReply({ content: '⚠️ That did not work on my side. Please try again.' }).catch(() => undefined);
  }
}
