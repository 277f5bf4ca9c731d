/**
 * The discord.js client as marketdesk uses it: intents Guilds + GuildMessages only (mention content is exempt from
 * the privileged MessageContent intent), REST pointed at `apiBase`, no pings from anything we post, and status
 * edits that hit a rate limit rejected instead of queued — the edit throttle then sends the newest state, so stale
 * progress is dropped rather than delivered late. REST requests use a dispatcher of their own (create-rest-agent.ts).
 */
import { Client, GatewayIntentBits, type RateLimitData } from 'discord.js';
import { createRestAgent } from './create-rest-agent.js';
import type { DiscordSettings } from './discord-settings.js';

/** PATCH /channels/{id}/messages/{id}: the status edits (bucket route keeps the channel id, strips the message id). */
export function isMessageEdit(data: Pick<RateLimitData, 'method' | 'route'>): boolean {
  return data.method.toUpperCase() === 'PATCH' && /^\/channels\/\d+\/messages\/:id$/.test(data.route);
}

export function createDiscordClient(settings: Pick<DiscordSettings, 'apiBase'>): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    // Its own dispatcher from its own undici: with the Slack modules loaded, the global one is undici 7's and every
    // upload failed (create-rest-agent.ts says why).
    rest: { api: settings.apiBase, rejectOnRateLimit: (data) => isMessageEdit(data), agent: createRestAgent() },
    allowedMentions: { parse: [], repliedUser: false },
  });
}
