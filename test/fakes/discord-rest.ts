/**
 * The fake Discord REST API v10: the routes a gateway bot uses to answer interactions, post and edit messages with
 * files, start threads, open DMs and register commands. Bot routes need `Authorization: Bot <token>`; interaction
 * callbacks and interaction webhooks are authenticated by their token in the path, like the real API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHANNEL_TYPES, routeTemplate, snowflake, type ApiChannel } from './discord-fixtures.js';
import { parseBody, type UploadedFile } from './discord-message-body.js';
import { createChannelMessage, editMessage, fail, ok, type Reply, type RestContext, type Route } from './discord-rest-messages.js';
import { ID, INTERACTION_ROUTES } from './discord-rest-interactions.js';

export type { RecordedCall, RestContext } from './discord-rest-messages.js';

export async function handleRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readAll(req);
  const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
  const template = routeTemplate(path);
  const query = Object.fromEntries(url.searchParams.entries());
  const finish = async (reply: Reply, headers: Record<string, string>, body: Record<string, unknown> = {}, files: UploadedFile[] = []) => {
    ctx.record({ method, route: `${method} ${template}`, path, status: reply.status, at: Date.now(), body, files: files.map((f) => ({ name: f.name, contentType: f.contentType, size: f.bytes.length })), query });
    const delay = ctx.delayFor(method, template);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) });
    res.end(payload);
  };

  if (!url.pathname.startsWith('/api/v10/')) return finish(fail(404, 0, '404: Not Found'), {});
  const route = ROUTES.find((r) => r.method === method && r.pattern.test(path));
  if (!route) return finish(fail(404, 0, '404: Not Found'), {});
  if (route.auth === 'bot' && req.headers.authorization !== `Bot ${ctx.token}`) return finish(fail(401, 0, '401: Unauthorized'), {});

  const major = /^\/(channels|guilds|webhooks)\/(\d+)/.exec(path)?.[2] ?? 'global';
  const verdict = ctx.limits.check(method, template, major);
  if (verdict.limited) {
    const body = { message: 'You are being rate limited.', retry_after: verdict.limited.retryAfter, global: verdict.limited.global };
    return finish({ status: 429, body }, verdict.headers);
  }
  const parsed = await parseBody(raw, req.headers['content-type']);
  if ('status' in parsed) return finish(parsed, verdict.headers);
  const match = route.pattern.exec(path)!;
  let reply: Reply;
  try {
    reply = route.handler(ctx, match.slice(1), parsed.json, parsed.files, url.searchParams);
  } catch (error) {
    reply = fail(500, 0, `fake discord error: ${(error as Error).message}`);
  }
  return finish(reply, verdict.headers, parsed.json, parsed.files);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Applies a create/edit body to a message: content, embeds (resolving `attachment://`), components, files. */

function startThread(ctx: RestContext, [channelId, messageId]: string[], body: Record<string, unknown>): Reply {
  const channel = ctx.state.channels.get(channelId);
  if (!channel) return fail(404, 10003, 'Unknown Channel');
  const message = ctx.state.messages.get(messageId);
  if (!message || message.channel_id !== channelId) return fail(404, 10008, 'Unknown Message');
  if (channel.type !== CHANNEL_TYPES.GuildText && channel.type !== CHANNEL_TYPES.GuildAnnouncement) return fail(400, 50024, 'Cannot execute action on this channel type');
  if (!ctx.state.botCan(channelId, 'CreatePublicThreads')) return fail(403, 50013, 'Missing Permissions');
  if (message.thread || ctx.state.channels.has(messageId)) return fail(400, 160004, 'A thread has already been created for this message');
  const name = body.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 100) return fail(400, 50035, 'Invalid Form Body');
  const archive = typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 1440;
  if (![60, 1440, 4320, 10080].includes(archive)) return fail(400, 50035, 'Invalid Form Body');
  const thread = ctx.state.createThread(channel, message, name, archive);
  ctx.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
  return ok(thread, 201);
}

function putCommands(ctx: RestContext, key: string, body: unknown): Reply {
  if (!Array.isArray(body)) return fail(400, 50035, 'Invalid Form Body');
  for (const command of body as Record<string, unknown>[]) {
    const name = command.name;
    if (typeof name !== 'string' || !/^[-_\p{L}\p{N}]{1,32}$/u.test(name) || name !== name.toLowerCase()) return fail(400, 50035, 'Invalid Form Body');
    if (typeof command.description !== 'string' || command.description.length < 1 || command.description.length > 100) return fail(400, 50035, 'Invalid Form Body');
  }
  const stored = (body as Record<string, unknown>[]).map((c) => ({ id: snowflake(), application_id: ctx.state.applicationId, version: snowflake(), type: 1, ...c }));
  ctx.state.commands.set(key, stored);
  return ok(stored);
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/gateway\/bot$/, auth: 'bot', handler: (ctx) => ok({ url: ctx.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }) },
  { method: 'GET', pattern: /^\/gateway$/, auth: 'none', handler: (ctx) => ok({ url: ctx.gatewayUrl() }) },
  { method: 'GET', pattern: /^\/users\/@me$/, auth: 'bot', handler: (ctx) => ok(ctx.state.botUser) },
  {
    method: 'POST', pattern: /^\/users\/@me\/channels$/, auth: 'bot',
    handler: (ctx, _m, body) => {
      const recipientId = String(body.recipient_id ?? '');
      if (!/^\d+$/.test(recipientId)) return fail(400, 50035, 'Invalid Form Body');
      const existing = [...ctx.state.channels.values()].find((c) => c.type === CHANNEL_TYPES.DM && c.recipients?.[0]?.id === recipientId);
      const channel: ApiChannel = existing ?? { id: snowflake(), type: CHANNEL_TYPES.DM, last_message_id: null, recipients: [{ id: recipientId, username: `user-${recipientId.slice(-4)}`, global_name: null, discriminator: '0', avatar: null }] };
      ctx.state.channels.set(channel.id, channel);
      return ok(channel);
    },
  },
  { method: 'GET', pattern: new RegExp(`^/channels/${ID}$`), auth: 'bot', handler: (ctx, [id]) => (ctx.state.channels.has(id) ? ok(ctx.state.channels.get(id)) : fail(404, 10003, 'Unknown Channel')) },
  { method: 'POST', pattern: new RegExp(`^/channels/${ID}/messages$`), auth: 'bot', handler: (ctx, [id], body, files) => createChannelMessage(ctx, id, body, files) },
  {
    method: 'GET', pattern: new RegExp(`^/channels/${ID}/messages/${ID}$`), auth: 'bot',
    handler: (ctx, [channelId, id]) => {
      const message = ctx.state.messages.get(id);
      return message && message.channel_id === channelId ? ok(message) : fail(404, 10008, 'Unknown Message');
    },
  },
  {
    method: 'PATCH', pattern: new RegExp(`^/channels/${ID}/messages/${ID}$`), auth: 'bot',
    handler: (ctx, [channelId, id], body, files) => {
      const message = ctx.state.messages.get(id);
      return editMessage(ctx, message?.channel_id === channelId ? message : undefined, body, files);
    },
  },
  {
    method: 'DELETE', pattern: new RegExp(`^/channels/${ID}/messages/${ID}$`), auth: 'bot',
    handler: (ctx, [channelId, id]) => {
      const message = ctx.state.messages.get(id);
      if (!message || message.channel_id !== channelId) return fail(404, 10008, 'Unknown Message');
      ctx.state.messages.delete(id);
      ctx.dispatch('MESSAGE_DELETE', { id, channel_id: channelId, guild_id: message.guild_id });
      return { status: 204 };
    },
  },
  { method: 'POST', pattern: new RegExp(`^/channels/${ID}/messages/${ID}/threads$`), auth: 'bot', handler: (ctx, m, body) => startThread(ctx, m, body) },
  ...INTERACTION_ROUTES,
  { method: 'PUT', pattern: new RegExp(`^/applications/${ID}/commands$`), auth: 'bot', handler: (ctx, [appId], body) => (appId === ctx.state.applicationId ? putCommands(ctx, 'global', body) : fail(403, 50001, 'Missing Access')) },
  {
    method: 'PUT', pattern: new RegExp(`^/applications/${ID}/guilds/${ID}/commands$`), auth: 'bot',
    handler: (ctx, [appId, guildId], body) => {
      if (appId !== ctx.state.applicationId || guildId !== ctx.state.guildId) return fail(403, 50001, 'Missing Access');
      return putCommands(ctx, `guild:${guildId}`, body);
    },
  },
  { method: 'GET', pattern: new RegExp(`^/applications/${ID}/commands$`), auth: 'bot', handler: (ctx) => ok(ctx.state.commands.get('global') ?? []) },
];
