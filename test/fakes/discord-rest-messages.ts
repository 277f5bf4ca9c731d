/**
 * Shared pieces of the fake Discord REST API: the request context, the call record, and message creation/editing
 * as Discord does it (validation, permissions, files appended or replaced, `attachment://` embed images resolved,
 * MESSAGE_CREATE/UPDATE dispatched).
 */
import { CHANNEL_TYPES, MESSAGE_FLAGS, MESSAGE_TYPES, apiError, makeMember, makeMessage, snowflake, type ApiAttachment, type ApiMessage } from './discord-fixtures.js';
import { validateMessageBody, type UploadedFile } from './discord-message-body.js';
import type { FakeRateLimits } from './discord-rate-limits.js';
import type { FakeDiscordState } from './discord-state.js';

export type RecordedCall = {
  method: string;
  /** Path with ids replaced by `:id` and tokens by `:token`, e.g. `PATCH /channels/:id/messages/:id`. */
  route: string;
  path: string;
  status: number;
  at: number;
  body: Record<string, unknown>;
  files: { name: string; contentType: string; size: number }[];
  query: Record<string, string>;
};

export type RestContext = {
  state: FakeDiscordState;
  limits: FakeRateLimits;
  token: string;
  baseUrl: () => string;
  gatewayUrl: () => string;
  dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: ApiMessage): void;
  dispatch(t: string, d: unknown): void;
  record(call: RecordedCall): void;
  ackDeadlineMs: number;
  interactionTokenTtlMs: number;
  /** Hook for tests: delays the response to a route (simulates a slow Discord). */
  delayFor(method: string, route: string): number;
};

export type Reply = { status: number; body?: unknown };
export type Handler = (ctx: RestContext, m: string[], body: Record<string, unknown>, files: UploadedFile[], query: URLSearchParams) => Reply;
export type Route = { method: string; pattern: RegExp; auth: 'bot' | 'none'; handler: Handler };

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const fail = (status: number, code: number, message: string): Reply => ({ status, body: apiError(code, message) });

export function applyBody(ctx: RestContext, message: ApiMessage, body: Record<string, unknown>, files: UploadedFile[], isEdit: boolean): void {
  if (typeof body.content === 'string' || body.content === null) message.content = (body.content as string | null) ?? '';
  if (Array.isArray(body.components)) message.components = body.components as Record<string, unknown>[];
  // On edit, files are appended unless `attachments` lists which existing ones to keep (developers/resources/message).
  if (isEdit && Array.isArray(body.attachments)) {
    const keep = new Set((body.attachments as { id?: unknown }[]).map((a) => String(a.id)));
    message.attachments = message.attachments.filter((a) => keep.has(a.id));
  }
  const meta = Array.isArray(body.attachments) ? (body.attachments as { id?: unknown; filename?: string; description?: string }[]) : [];
  for (const file of files) {
    const id = snowflake();
    const described = meta.find((a) => String(a.id) === String(file.index));
    const filename = described?.filename ?? file.name;
    const fileUrl = `${ctx.baseUrl()}/attachments/${message.channel_id}/${id}/${encodeURIComponent(filename)}`;
    const attachment: ApiAttachment = { id, filename, size: file.bytes.length, url: fileUrl, proxy_url: fileUrl, content_type: file.contentType || undefined, ...(described?.description ? { description: described.description } : {}) };
    ctx.state.files.set(id, { name: filename, contentType: file.contentType, bytes: file.bytes });
    message.attachments = [...message.attachments, attachment];
  }
  if (Array.isArray(body.embeds)) {
    message.embeds = (body.embeds as Record<string, unknown>[]).map((embed) => {
      const image = embed.image as { url?: string } | undefined;
      const ref = image?.url?.startsWith('attachment://') ? image.url.slice('attachment://'.length) : undefined;
      const target = ref ? message.attachments.find((a) => a.filename === ref) : undefined;
      return target ? { ...embed, type: 'rich', image: { url: target.url, proxy_url: target.proxy_url } } : { ...embed, type: 'rich' };
    });
  }
  // Only SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE and IS_COMPONENTS_V2 can be set by a bot;
  // IS_COMPONENTS_V2 cannot be removed once set.
  const settable = (1 << 2) | (1 << 6) | (1 << 12) | (1 << 13) | (1 << 15);
  if (typeof body.flags === 'number') message.flags = (message.flags & ~settable) | (body.flags & settable) | (message.flags & (1 << 15));
  // Media gallery items that name an attachment point at its URL, as Discord returns them.
  const resolve = (component: Record<string, unknown>) => {
    if (Array.isArray(component.items)) {
      for (const item of component.items as { media?: { url?: string } }[]) {
        const ref = item.media?.url?.startsWith('attachment://') ? item.media.url.slice('attachment://'.length) : undefined;
        const target = ref ? message.attachments.find((a) => a.filename === ref) : undefined;
        if (target && item.media) item.media = { ...item.media, url: target.url };
      }
    }
    if (Array.isArray(component.components)) for (const child of component.components as Record<string, unknown>[]) resolve(child);
  };
  if (message.flags & (1 << 15)) for (const component of message.components) resolve(component);
}

export function newBotMessage(ctx: RestContext, channelId: string, extra: Partial<ApiMessage> = {}): ApiMessage {
  const channel = ctx.state.channels.get(channelId);
  return makeMessage({
    id: snowflake(),
    channel_id: channelId,
    author: ctx.state.botUser,
    content: '',
    ...(channel?.guild_id ? { guild_id: channel.guild_id, member: makeMember(ctx.state.botUser, ctx.state.joinedAt) } : {}),
    ...extra,
  });
}

export function createChannelMessage(ctx: RestContext, channelId: string, body: Record<string, unknown>, files: UploadedFile[]): Reply {
  const channel = ctx.state.channels.get(channelId);
  if (!channel) return fail(404, 10003, 'Unknown Channel');
  if (ctx.state.refuseComponentsV2 && typeof body.flags === 'number' && body.flags & (1 << 15)) return fail(400, 50035, 'Invalid Form Body');
  if (channel.guild_id) {
    const send = ctx.state.isThread(channelId) ? 'SendMessagesInThreads' : 'SendMessages';
    if (!ctx.state.botCan(channelId, 'ViewChannel') || !ctx.state.botCan(channelId, send)) return fail(403, 50013, 'Missing Permissions');
    if (files.length > 0 && !ctx.state.botCan(channelId, 'AttachFiles')) return fail(403, 50013, 'Missing Permissions');
  }
  const reference = body.message_reference as { message_id?: string } | undefined;
  // Replying (message_reference) needs Read Message History.
  if (channel.guild_id && reference?.message_id && !ctx.state.botCan(channelId, 'ReadMessageHistory')) return fail(403, 50013, 'Missing Permissions');
  const invalid = validateMessageBody(body, files, true);
  if (invalid) return invalid;
  const message = newBotMessage(ctx, channelId, reference?.message_id ? { type: MESSAGE_TYPES.Reply, message_reference: { message_id: reference.message_id, channel_id: channelId } } : {});
  applyBody(ctx, message, body, files, false);
  // Without Embed Links, Discord drops embeds silently rather than failing.
  if (channel.guild_id && !ctx.state.botCan(channelId, 'EmbedLinks')) message.embeds = [];
  ctx.state.messages.set(message.id, message);
  channel.last_message_id = message.id;
  if (channel.type === CHANNEL_TYPES.PublicThread) channel.message_count = (channel.message_count ?? 0) + 1;
  ctx.dispatchMessage('MESSAGE_CREATE', message);
  return ok(message);
}

export function editMessage(ctx: RestContext, message: ApiMessage | undefined, body: Record<string, unknown>, files: UploadedFile[]): Reply {
  if (!message) return fail(404, 10008, 'Unknown Message');
  if (message.author.id !== ctx.state.botUser.id) return fail(403, 50005, 'Cannot edit a message authored by another user');
  const keep = Array.isArray(body.attachments) ? new Set((body.attachments as { id?: unknown }[]).map((a) => String(a.id))) : undefined;
  const kept = message.attachments.filter((a) => !keep || keep.has(a.id)).map((a) => a.filename);
  const invalid = validateMessageBody(body, files, false, message.flags, kept);
  if (invalid) return invalid;
  applyBody(ctx, message, body, files, true);
  message.flags &= ~MESSAGE_FLAGS.Loading;
  message.edited_timestamp = new Date().toISOString();
  if (!(message.flags & MESSAGE_FLAGS.Ephemeral)) ctx.dispatchMessage('MESSAGE_UPDATE', message);
  return ok(message);
}

/** Finds the interaction behind a webhook token; enforces the 15-minute token lifetime (50027). */
