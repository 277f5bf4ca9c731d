/**
 * The Discord part of the configuration, checked once: token and application id are required, and
 * `DISCORD_API_URL` (base path, with or without `/v10`) points discord.js's REST client — and through
 * `GET /gateway/bot` its gateway — at another server (tests, proxies).
 */
import type { Config } from '../../config.js';
import { BotError } from '../../errors.js';

export type DiscordSettings = { token: string; applicationId: string; guildId?: string; apiBase: string };

export const DEFAULT_DISCORD_API = 'https://discord.com/api';

export function discordSettings(config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'>): DiscordSettings {
  const missing = [!config.DISCORD_TOKEN && 'DISCORD_TOKEN', !config.DISCORD_APPLICATION_ID && 'DISCORD_APPLICATION_ID'].filter(Boolean);
  if (missing.length > 0) throw new BotError('discord_not_configured', `Discord needs ${missing.join(' and ')} (see README, "Discord")`);
  if (!/^\d{5,25}$/.test(config.DISCORD_APPLICATION_ID!)) throw new BotError('discord_not_configured', 'DISCORD_APPLICATION_ID must be the numeric application id');
  if (config.DISCORD_GUILD_ID !== undefined && !/^\d{5,25}$/.test(config.DISCORD_GUILD_ID)) throw new BotError('discord_not_configured', 'DISCORD_GUILD_ID must be a numeric server id');
  const apiBase = (config.DISCORD_API_URL ?? DEFAULT_DISCORD_API).replace(/\/+$/, '').replace(/\/v\d+$/, '');
  return { token: config.DISCORD_TOKEN!, applicationId: config.DISCORD_APPLICATION_ID!, guildId: config.DISCORD_GUILD_ID, apiBase };
}
