/**
 * Wire-format building blocks for the fake Discord: snowflakes, permission bits and API objects (users, guild,
 * channels, messages) shaped like Discord API v10 payloads. The constants are written out here on purpose rather
 * than imported from discord.js, so that a client-side mistake is not mirrored by the fake.
 */

/** Discord permission bits (developers/topics/permissions). */
export const PERMISSIONS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;
export type PermissionName = keyof typeof PERMISSIONS;
export const ALL_BOT_PERMISSIONS = Object.values(PERMISSIONS).reduce((a, b) => a | b, 0n);

/** Gateway intents the fake honours. */
export const INTENTS = { Guilds: 1 << 0, GuildMessages: 1 << 9, MessageContent: 1 << 15 } as const;

export const CHANNEL_TYPES = { GuildText: 0, DM: 1, GuildVoice: 2, GuildAnnouncement: 5, PublicThread: 11 } as const;
export const MESSAGE_TYPES = { Default: 0, Reply: 19, ChatInputCommand: 20 } as const;
export const MESSAGE_FLAGS = { HasThread: 1 << 5, Ephemeral: 1 << 6, Loading: 1 << 7 } as const;

/** Discord epoch snowflakes: increasing, unique, 64-bit strings like the real ones. */
const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export type ApiUser = { id: string; username: string; global_name: string | null; discriminator: string; avatar: null; bot?: boolean };

export function makeUser(id: string, username: string, bot = false): ApiUser {
  return { id, username, global_name: bot ? null : username, discriminator: '0', avatar: null, ...(bot ? { bot: true } : {}) };
}

export function makeMember(user: ApiUser, joinedAt: string, permissions?: bigint) {
  return {
    user,
    roles: [] as string[],
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    ...(permissions === undefined ? {} : { permissions: permissions.toString() }),
  };
}

export type ApiOverwrite = { id: string; type: 0 | 1; allow: string; deny: string };

export type ApiChannel = {
  id: string;
  type: number;
  guild_id?: string;
  name?: string;
  position?: number;
  parent_id?: string | null;
  permission_overwrites?: ApiOverwrite[];
  topic?: string | null;
  nsfw?: boolean;
  last_message_id?: string | null;
  rate_limit_per_user?: number;
  owner_id?: string;
  thread_metadata?: Record<string, unknown>;
  message_count?: number;
  member_count?: number;
  total_message_sent?: number;
  flags?: number;
  default_auto_archive_duration?: number;
  member?: Record<string, unknown>;
  newly_created?: boolean;
  recipients?: ApiUser[];
};

export function makeTextChannel(id: string, guildId: string, name: string, position: number): ApiChannel {
  return {
    id,
    type: CHANNEL_TYPES.GuildText,
    guild_id: guildId,
    name,
    position,
    parent_id: null,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    default_auto_archive_duration: 1440,
  };
}

export type ApiAttachment = { id: string; filename: string; size: number; url: string; proxy_url: string; content_type?: string; description?: string };

export type ApiMessage = {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  member?: ReturnType<typeof makeMember>;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: ApiUser[];
  mention_roles: string[];
  attachments: ApiAttachment[];
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  message_reference?: Record<string, unknown>;
  thread?: ApiChannel;
  position?: number;
};

export function makeMessage(fields: Pick<ApiMessage, 'id' | 'channel_id' | 'author' | 'content'> & Partial<ApiMessage>): ApiMessage {
  return {
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: MESSAGE_TYPES.Default,
    flags: 0,
    ...fields,
  };
}

/** Discord's error body: `{ message, code }` (+ `errors` for form validation). */
export function apiError(code: number, message: string, errors?: Record<string, unknown>) {
  return { message, code, ...(errors ? { errors } : {}) };
}

/** Replaces snowflakes and interaction tokens in a path with placeholders: the route used to count calls. */
export function routeTemplate(path: string): string {
  return path
    .replace(/^\/api\/v\d+/, '')
    .replace(/\/webhooks\/(\d+)\/[^/]+/, '/webhooks/:id/:token')
    .replace(/\/interactions\/(\d+)\/[^/]+/, '/interactions/:id/:token')
    .replace(/\/\d{5,}/g, '/:id');
}
