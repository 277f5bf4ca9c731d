/**
 * `npm run discord:register`: registers `/analyze question:<text>` and `/watch`, `/digest`, `/alert` (issue 17) — as guild commands when DISCORD_GUILD_ID is set
 * (they update instantly, for development), globally otherwise — with a bulk overwrite (PUT), so re-running is
 * safe. Prints the invite URL with the permissions the bot needs.
 */
import { pathToFileURL } from 'node:url';
import { InteractionContextType, REST, Routes, SlashCommandBuilder } from 'discord.js';
import { loadConfig } from '../../config.js';
import { discordSettings, type DiscordSettings } from './discord-settings.js';
import { ANALYZE_COMMAND } from './handle-analyze-command.js';
import { INVITE_PERMISSIONS } from './permissions.js';
import { MAX_QUESTION_CHARS } from './user-messages.js';
import { watchCommandDefinitions } from './watch-commands.js';

export const analyzeCommand = new SlashCommandBuilder()
  .setName(ANALYZE_COMMAND)
  .setDescription('Answer a market question with live progress, numbers and a chart')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('e.g. How has NVDA performed vs the semiconductor sector over the past quarter?')
      .setRequired(true)
      .setMinLength(2)
      .setMaxLength(MAX_QUESTION_CHARS),
  );

export type RegisterResult = { scope: 'guild' | 'global'; names: string[] };

export async function registerCommands(settings: DiscordSettings, rest = new REST({ api: settings.apiBase }).setToken(settings.token)): Promise<RegisterResult> {
  const body = [analyzeCommand.toJSON(), ...watchCommandDefinitions.map((c) => c.toJSON())];
  const route = settings.guildId ? Routes.applicationGuildCommands(settings.applicationId, settings.guildId) : Routes.applicationCommands(settings.applicationId);
  const stored = (await rest.put(route, { body })) as { name: string }[];
  return { scope: settings.guildId ? 'guild' : 'global', names: stored.map((c) => c.name) };
}

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: INVITE_PERMISSIONS.bitfield.toString() });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

async function main(): Promise<void> {
  try {
    const settings = discordSettings(loadConfig());
    const result = await registerCommands(settings);
    const where = result.scope === 'guild' ? `in server ${settings.guildId} (instant)` : 'globally (may take a while to show up)';
    process.stdout.write(`Registered /${result.names.join(', /')} ${where}.\nInvite the bot with:\n  ${inviteUrl(settings.applicationId)}\n`);
  } catch (error) {
    process.stderr.write(`discord:register failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
