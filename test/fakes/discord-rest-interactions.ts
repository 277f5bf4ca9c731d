/**
 * Interaction routes of the fake Discord: the initial response callback (3-second deadline → 10062, a second
 * response → 40060, types 4/5/6/7, `with_response`) and the interaction webhook (`@original` GET/PATCH/DELETE,
 * follow-ups), authenticated by the interaction token in the path with its 15-minute lifetime (→ 50027).
 */
import { MESSAGE_FLAGS, MESSAGE_TYPES, type ApiMessage } from './discord-fixtures.js';
import { validateMessageBody, type UploadedFile } from './discord-message-body.js';
import type { InteractionRecord } from './discord-state.js';
import { applyBody, editMessage, fail, newBotMessage, ok, type Reply, type RestContext, type Route } from './discord-rest-messages.js';

export const ID = '(\\d+)';
export const TOKEN = '([^/]+)';

function byToken(ctx: RestContext, appId: string, token: string): InteractionRecord | Reply {
  if (appId !== ctx.state.applicationId) return fail(404, 10015, 'Unknown Webhook');
  const record = [...ctx.state.interactions.values()].find((i) => i.token === token);
  if (!record) return fail(401, 50027, 'Invalid Webhook Token');
  if (Date.now() - record.createdAt > ctx.interactionTokenTtlMs) return fail(401, 50027, 'Invalid Webhook Token');
  return record;
}

function interactionCallback(ctx: RestContext, [id, token]: string[], body: Record<string, unknown>, files: UploadedFile[], query: URLSearchParams): Reply {
  const record = ctx.state.interactions.get(id);
  if (!record || record.token !== token) return fail(404, 10062, 'Unknown interaction');
  if (record.responseType !== undefined) return fail(400, 40060, 'Interaction has already been acknowledged.');
  if (Date.now() - record.createdAt > ctx.ackDeadlineMs) return fail(404, 10062, 'Unknown interaction');
  const type = body.type;
  const data = (body.data ?? {}) as Record<string, unknown>;
  const isComponent = record.type === 3;
  const flags = typeof data.flags === 'number' ? data.flags : 0;
  let message: ApiMessage | undefined;
  if (type === 4 || type === 5) {
    const invalid = type === 4 ? validateMessageBody(data, files, true) : undefined;
    if (invalid) return invalid;
    message = newBotMessage(ctx, record.channelId, {
      type: isComponent ? MESSAGE_TYPES.Reply : MESSAGE_TYPES.ChatInputCommand,
      webhook_id: ctx.state.applicationId,
      application_id: ctx.state.applicationId,
      interaction_metadata: { id: record.id, type: record.type, user: record.user, authorizing_integration_owners: { 0: ctx.state.guildId } },
      flags: (flags & MESSAGE_FLAGS.Ephemeral) | (type === 5 ? MESSAGE_FLAGS.Loading : 0),
    });
    if (type === 4) applyBody(ctx, message, data, files, false);
    ctx.state.messages.set(message.id, message);
    record.originalMessageId = message.id;
    record.ephemeral = (flags & MESSAGE_FLAGS.Ephemeral) !== 0;
    if (!record.ephemeral) ctx.dispatchMessage('MESSAGE_CREATE', message);
  } else if (type === 6 || type === 7) {
    if (!isComponent) return fail(400, 50035, 'Invalid Form Body');
    record.originalMessageId = record.componentMessageId;
    if (type === 7) {
      const target = ctx.state.messages.get(record.componentMessageId ?? '');
      const invalid = validateMessageBody(data, files, false);
      if (invalid) return invalid;
      if (target) {
        applyBody(ctx, target, data, files, true);
        target.edited_timestamp = new Date().toISOString();
        ctx.dispatchMessage('MESSAGE_UPDATE', target);
        message = target;
      }
    }
  } else {
    return fail(400, 50035, 'Invalid Form Body');
  }
  record.responseType = type;
  record.respondedAt = Date.now();
  if (query.get('with_response') !== 'true') return { status: 204 };
  return ok({
    interaction: { id: record.id, type: record.type, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: type === 5, response_message_ephemeral: record.ephemeral ?? false },
    resource: { type, ...(message ? { message } : {}) },
  });
}

export const INTERACTION_ROUTES: Route[] = [
  { method: 'POST', pattern: new RegExp(`^/interactions/${ID}/${TOKEN}/callback$`), auth: 'none', handler: interactionCallback },
  ...(['GET', 'PATCH', 'DELETE'] as const).map(
    (method): Route => ({
      method, pattern: new RegExp(`^/webhooks/${ID}/${TOKEN}/messages/(@original|\\d+)$`), auth: 'none',
      handler: (ctx, [appId, token, which], body, files) => {
        const record = byToken(ctx, appId, token);
        if ('status' in record) return record;
        const id = which === '@original' ? record.originalMessageId : which;
        const message = id ? ctx.state.messages.get(id) : undefined;
        if (!message) return fail(404, 10008, 'Unknown Message');
        if (method === 'GET') return ok(message);
        if (method === 'DELETE') {
          ctx.state.messages.delete(message.id);
          return { status: 204 };
        }
        return editMessage(ctx, message, body, files);
      },
    }),
  ),
  {
    method: 'POST', pattern: new RegExp(`^/webhooks/${ID}/${TOKEN}$`), auth: 'none',
    handler: (ctx, [appId, token], body, files) => {
      const record = byToken(ctx, appId, token);
      if ('status' in record) return record;
      if (record.responseType === undefined) return fail(404, 10015, 'Unknown Webhook');
      const original = record.originalMessageId ? ctx.state.messages.get(record.originalMessageId) : undefined;
      // The first follow-up after a type-5 defer edits the loading message (documented, deprecated behaviour).
      if (original && original.flags & MESSAGE_FLAGS.Loading) return editMessage(ctx, original, body, files);
      const invalid = validateMessageBody(body, files, true);
      if (invalid) return invalid;
      const flags = typeof body.flags === 'number' ? body.flags : 0;
      const message = newBotMessage(ctx, record.channelId, { webhook_id: ctx.state.applicationId, application_id: ctx.state.applicationId, flags: flags & MESSAGE_FLAGS.Ephemeral });
      applyBody(ctx, message, body, files, false);
      ctx.state.messages.set(message.id, message);
      if (!(message.flags & MESSAGE_FLAGS.Ephemeral)) ctx.dispatchMessage('MESSAGE_CREATE', message);
      return ok(message);
    },
  },
];
