/**
 * In-memory state of the fake Discord: one guild with text channels, threads, messages, pending interactions,
 * registered commands and DM channels. Permissions are computed like Discord does for a member without roles:
 * @everyone's permissions, then the channel's @everyone and member overwrites (threads use their parent's).
 */
import {
  ALL_BOT_PERMISSIONS,
  CHANNEL_TYPES,
  PERMISSIONS,
  makeMember,
  makeTextChannel,
  makeUser,
  snowflake,
  type ApiChannel,
  type ApiMessage,
  type ApiUser,
  type PermissionName,
} from './discord-fixtures.js';

export type InteractionRecord = {
  id: string;
  token: string;
  type: number;
  channelId: string;
  user: ApiUser;
  createdAt: number;
  /** Callback type the bot answered with, once it has. */
  responseType?: number;
  respondedAt?: number;
  /** Message id of the original response (type 4/5), or the component's message for type 7. */
  originalMessageId?: string;
  /** For component interactions: the message the component is on. */
  componentMessageId?: string;
  ephemeral?: boolean;
};

export type StoredFile = { name: string; contentType: string; bytes: Buffer };

export class FakeDiscordState {
  readonly botUser: ApiUser;
  readonly guildId = snowflake();
  readonly ownerUser = makeUser(snowflake(), 'owner');
  readonly channels = new Map<string, ApiChannel>();
  readonly messages = new Map<string, ApiMessage>();
  /** Uploaded bytes by attachment id (the fake serves them back). */
  readonly files = new Map<string, StoredFile>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly joinedAt = new Date().toISOString();
  /** Refuse IS_COMPONENTS_V2 messages (50035), as an API without Components V2 would: tests the fallback. */
  refuseComponentsV2 = false;
  /** Permissions the bot is denied per channel (applied as a member overwrite). */
  private readonly denied = new Map<string, bigint>();

  constructor(
    readonly applicationId: string,
    botName = 'marketdesk',
  ) {
    this.botUser = makeUser(applicationId, botName, true);
    this.addTextChannel('general');
  }

  addTextChannel(name: string): ApiChannel {
    const channel = makeTextChannel(snowflake(), this.guildId, name, this.channels.size);
    this.channels.set(channel.id, channel);
    return channel;
  }

  get defaultChannel(): ApiChannel {
    return [...this.channels.values()].find((c) => c.type === CHANNEL_TYPES.GuildText)!;
  }

  /** Denies permissions to the bot in a channel (a member overwrite, visible to the client in GUILD_CREATE). */
  deny(channelId: string, names: PermissionName[]): void {
    const bits = names.reduce((acc, name) => acc | PERMISSIONS[name], this.denied.get(channelId) ?? 0n);
    this.denied.set(channelId, bits);
    const channel = this.channels.get(channelId);
    if (channel) {
      channel.permission_overwrites = [
        ...(channel.permission_overwrites ?? []).filter((o) => o.id !== this.botUser.id),
        { id: this.botUser.id, type: 1, allow: '0', deny: bits.toString() },
      ];
    }
  }

  /** The bot's effective permissions in a channel (threads inherit their parent's overwrites). */
  botPermissions(channelId: string): bigint {
    const channel = this.channels.get(channelId);
    const scope = channel?.type === CHANNEL_TYPES.PublicThread && channel.parent_id ? channel.parent_id : channelId;
    return ALL_BOT_PERMISSIONS & ~(this.denied.get(scope) ?? 0n);
  }

  botCan(channelId: string, name: PermissionName): boolean {
    return (this.botPermissions(channelId) & PERMISSIONS[name]) !== 0n;
  }

  isThread(channelId: string): boolean {
    return this.channels.get(channelId)?.type === CHANNEL_TYPES.PublicThread;
  }

  /** Messages everyone sees in a channel (ephemeral ones belong to one user and are not in the channel's history). */
  messagesIn(channelId: string): ApiMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !(m.flags & (1 << 6)));
  }

  threads(): ApiChannel[] {
    return [...this.channels.values()].filter((c) => c.type === CHANNEL_TYPES.PublicThread);
  }

  /** GUILD_CREATE payload (available guild, with the bot as a member). */
  guildCreate(): Record<string, unknown> {
    return {
      id: this.guildId,
      name: 'Fake Trading Desk',
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.ownerUser.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: this.guildId, name: '@everyone', color: 0, hoist: false, position: 0, permissions: ALL_BOT_PERMISSIONS.toString(), managed: false, mentionable: false, flags: 0 },
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: this.joinedAt,
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [makeMember(this.botUser, this.joinedAt)],
      channels: [...this.channels.values()].filter((c) => c.type !== CHANNEL_TYPES.PublicThread),
      threads: this.threads(),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** READY's `d`: the guild is announced as unavailable and completed by GUILD_CREATE, like the real gateway. */
  ready(sessionId: string, resumeUrl: string): Record<string, unknown> {
    return {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: sessionId,
      resume_gateway_url: resumeUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      session_type: 'normal',
    };
  }

  /** A thread started from a message: its id is the message's id (developers/resources/channel "Start Thread from Message"). */
  createThread(parent: ApiChannel, message: ApiMessage, name: string, autoArchiveDuration: number): ApiChannel {
    const now = new Date().toISOString();
    const thread: ApiChannel = {
      id: message.id,
      type: CHANNEL_TYPES.PublicThread,
      guild_id: this.guildId,
      parent_id: parent.id,
      owner_id: this.botUser.id,
      name,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: autoArchiveDuration, archive_timestamp: now, locked: false, create_timestamp: now },
      member: { id: message.id, user_id: this.botUser.id, join_timestamp: now, flags: 0 },
    };
    this.channels.set(thread.id, thread);
    message.flags |= 1 << 5;
    message.thread = thread;
    return thread;
  }
}
