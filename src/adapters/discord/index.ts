export { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from './create-discord-adapter.js';
export { analyzeCommand, registerCommands } from './register-commands.js';
export { discordSettings, type DiscordSettings } from './discord-settings.js';
export { INVITE_PERMISSIONS } from './permissions.js';
