/**
 * A fake Discord on 127.0.0.1 for driving the real discord.js client: REST v10 (`discord-rest.ts`) and the gateway
 * (`discord-gateway.ts`) on one port, plus a test driver that plays the users — slash commands, button clicks and
 * messages arrive at the bot as INTERACTION_CREATE / MESSAGE_CREATE dispatches, exactly as from Discord.
 *
 *   const discord = await startFakeDiscord();
 *   client.options.rest.api = discord.apiUrl;          // the gateway URL then comes from GET /gateway/bot
 *   discord.sendSlashCommand({ question: 'NVDA vs SOX' });
 *   await discord.waitFor(() => discord.messagesIn(threadId).length > 1);
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTENTS, makeMember, makeMessage, makeUser, snowflake, type ApiMessage, type ApiUser, type PermissionName } from './discord-fixtures.js';
import { FakeGateway } from './discord-gateway.js';
import { FakeRateLimits } from './discord-rate-limits.js';
import { handleRest, type RecordedCall, type RestContext } from './discord-rest.js';
import { FakeDiscordState, type InteractionRecord } from './discord-state.js';

export type { RecordedCall } from './discord-rest.js';
export type { ApiMessage } from './discord-fixtures.js';

export type FakeDiscordOptions = {
  token?: string;
  applicationId?: string;
  /** HELLO's heartbeat interval; short values exercise heartbeats in tests. @default 41250 */
  heartbeatIntervalMs?: number;
  /** The initial-response deadline for interactions. @default 3000 */
  ackDeadlineMs?: number;
  /** Interaction token lifetime. @default 15 minutes */
  interactionTokenTtlMs?: number;
};

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly state: FakeDiscordState;
  readonly limits = new FakeRateLimits();
  readonly gateway: FakeGateway;
  readonly calls: RecordedCall[] = [];
  private readonly events = new EventEmitter();
  private readonly users = new Map<string, ApiUser>();
  private readonly delays = new Map<string, number>();
  private port = 0;

  constructor(
    private readonly server: Server,
    private readonly options: FakeDiscordOptions,
  ) {
    this.token = options.token ?? 'fake-bot-token';
    this.applicationId = options.applicationId ?? snowflake();
    this.state = new FakeDiscordState(this.applicationId);
    this.events.setMaxListeners(100);
    this.gateway = new FakeGateway({
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      ready: (sessionId) => this.state.ready(sessionId, this.gatewayUrl),
      guilds: () => [this.state.guildCreate()],
      onStateChange: () => this.events.emit('change'),
    });
  }

  /** Listens on 127.0.0.1 with an ephemeral port. */
  async listen(): Promise<void> {
    const context: RestContext = {
      state: this.state,
      limits: this.limits,
      token: this.token,
      baseUrl: () => this.baseUrl,
      gatewayUrl: () => this.gatewayUrl,
      dispatchMessage: (t, message) => this.dispatchMessage(t, message),
      dispatch: (t, d) => this.gateway.dispatch(t, d),
      record: (call) => {
        this.calls.push(call);
        this.events.emit('change');
      },
      ackDeadlineMs: this.options.ackDeadlineMs ?? 3000,
      interactionTokenTtlMs: this.options.interactionTokenTtlMs ?? 15 * 60_000,
      delayFor: (method, route) => this.delays.get(`${method} ${route}`) ?? 0,
    };
    this.server.on('request', (req, res) => {
      const attachment = /^\/attachments\/\d+\/(\d+)\//.exec(req.url ?? '');
      if (attachment && req.method === 'GET') {
        const file = this.state.files.get(attachment[1]);
        res.writeHead(file ? 200 : 404, { 'content-type': file?.contentType ?? 'text/plain' });
        res.end(file?.bytes ?? 'not found');
        return;
      }
      handleRest(context, req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** What `rest.api` / DISCORD_API_URL is set to (the base path without version). */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  get botUser(): ApiUser {
    return this.state.botUser;
  }
  get channelId(): string {
    return this.state.defaultChannel.id;
  }

  /** Counts REST calls by `METHOD /route/:id` (optionally only those at or after `since`). */
  callsByRoute(since = 0): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) if (call.at >= since) counts[call.route] = (counts[call.route] ?? 0) + 1;
    return counts;
  }

  callsTo(route: string): RecordedCall[] {
    return this.calls.filter((c) => c.route === route);
  }

  /** The next `times` requests to a route get a 429 with `retry_after` = retryAfterSeconds. */
  rateLimitNext(route: string, times: number, retryAfterSeconds = 1): void {
    const [method, path] = route.split(' ');
    this.limits.script({ method, route: path, times, retryAfterSeconds });
  }

  /** Delays responses to a route (a slow Discord). */
  slowDown(route: string, ms: number): void {
    this.delays.set(route, ms);
  }

  deny(channelId: string, permissions: PermissionName[]): void {
    this.state.deny(channelId, permissions);
  }

  messagesIn(channelId: string): ApiMessage[] {
    return this.state.messagesIn(channelId);
  }

  message(id: string): ApiMessage | undefined {
    return this.state.messages.get(id);
  }

  fileBytes(attachmentId: string): Buffer | undefined {
    return this.state.files.get(attachmentId)?.bytes;
  }

  /** Resolves once `check` returns something truthy, re-checking on every call and gateway change. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = () => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      // Things also change inside the bot between calls (run events), so poll gently as well.
      const poll = setInterval(test, 25);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.events.off('change', test);
      };
      this.events.on('change', test);
      test();
    });
  }

  /** Resolves when the bot has identified and received its guild. */
  waitForBot(timeoutMs = 10_000): Promise<true> {
    return this.waitFor(() => this.gateway.identifies > 0 || undefined, timeoutMs, 'the bot to IDENTIFY');
  }

  user(name = 'trader'): ApiUser {
    let user = this.users.get(name);
    if (!user) {
      user = makeUser(snowflake(), name);
      this.users.set(name, user);
    }
    return user;
  }

  /** A user runs `/<name>` with options; arrives as INTERACTION_CREATE type 2 (APPLICATION_COMMAND). */
  sendSlashCommand(input: { question?: string; user?: ApiUser; channelId?: string; name?: string; options?: Record<string, unknown>[]; memberPermissions?: bigint } = {}): InteractionRecord {
    const options = input.options ?? (input.question === undefined ? [] : [{ name: 'question', type: 3, value: input.question }]);
    return this.sendInteraction(2, input.user, input.channelId, { id: snowflake(), name: input.name ?? 'analyze', type: 1, options, guild_id: this.state.guildId }, undefined, input.memberPermissions);
  }

  /** A user clicks a button on a message; arrives as INTERACTION_CREATE type 3 (MESSAGE_COMPONENT). */
  clickButton(input: { customId: string; messageId: string; user?: ApiUser }): InteractionRecord {
    const message = this.state.messages.get(input.messageId);
    if (!message) throw new Error(`fake discord: no message ${input.messageId}`);
    return this.sendInteraction(3, input.user, message.channel_id, { custom_id: input.customId, component_type: 2 }, message);
  }

  /** A user posts a message (optionally mentioning the bot); arrives as MESSAGE_CREATE. */
  postUserMessage(input: { content: string; channelId?: string; user?: ApiUser; mentionBot?: boolean; replyTo?: string; ping?: boolean }): ApiMessage {
    const channelId = input.channelId ?? this.channelId;
    const author = input.user ?? this.user();
    const replied = input.replyTo ? this.state.messages.get(input.replyTo) : undefined;
    if (input.replyTo && !replied) throw new Error(`fake discord: no message ${input.replyTo} to reply to`);
    // A reply pings its author unless turned off: Discord lists the replied-to user in `mentions` then.
    const mentionBot = input.mentionBot ?? (input.content.includes(`<@${this.botUser.id}>`) || (replied?.author.id === this.botUser.id && input.ping !== false));
    const message = makeMessage({
      id: snowflake(),
      channel_id: channelId,
      guild_id: this.state.guildId,
      author,
      member: makeMember(author, this.state.joinedAt),
      content: input.content,
      mentions: mentionBot ? [this.botUser] : [],
      ...(replied ? { type: 19, message_reference: { type: 0, message_id: replied.id, channel_id: replied.channel_id, guild_id: this.state.guildId }, referenced_message: replied } : {}),
    });
    this.state.messages.set(message.id, message);
    const channel = this.state.channels.get(channelId);
    if (channel) channel.last_message_id = message.id;
    this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** `memberPermissions`: the member's permissions in the channel, overwrites applied (default: all). */
  private sendInteraction(type: 2 | 3, user: ApiUser | undefined, channelId: string | undefined, data: Record<string, unknown>, message?: ApiMessage, memberPermissions: bigint = (1n << 41n) - 1n): InteractionRecord {
    const actor = user ?? this.user();
    const channel = this.state.channels.get(channelId ?? this.channelId);
    if (!channel) throw new Error(`fake discord: no channel ${channelId}`);
    const record: InteractionRecord = { id: snowflake(), token: `itoken-${snowflake()}-${Math.random().toString(36).slice(2)}`, type, channelId: channel.id, user: actor, createdAt: Date.now(), componentMessageId: message?.id };
    this.state.interactions.set(record.id, record);
    const appPermissions = this.state.botPermissions(channel.id).toString();
    this.gateway.dispatch('INTERACTION_CREATE', {
      id: record.id,
      application_id: this.applicationId,
      type,
      data,
      guild_id: this.state.guildId,
      guild: { id: this.state.guildId, locale: 'en-US', features: [] },
      channel_id: channel.id,
      channel: { ...channel, permissions: appPermissions },
      member: { ...makeMember(actor, this.state.joinedAt, memberPermissions) },
      token: record.token,
      version: 1,
      app_permissions: appPermissions,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: this.state.guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(message ? { message } : {}),
    });
    return record;
  }

  /** MESSAGE_CREATE/UPDATE with Discord's content rule: without MESSAGE_CONTENT, content only when the bot is the author or is mentioned. */
  private dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: ApiMessage): void {
    if (message.flags & (1 << 6)) return;
    const intents = this.gateway.intents ?? 0;
    const visible = (intents & INTENTS.MessageContent) !== 0 || message.author.id === this.botUser.id || message.mentions.some((u) => u.id === this.botUser.id);
    const payload = visible ? message : { ...message, content: '', embeds: [], attachments: [], components: [] };
    this.gateway.dispatch(t, payload);
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(createServer(), options);
  await fake.listen();
  return fake;
}
