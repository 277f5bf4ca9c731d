/**
 * A fake Anthropic Messages server on 127.0.0.1 for the real `@anthropic-ai/sdk`: real HTTP, real SSE
 * (`event: message_start` / `content_block_start` / `ping` / `content_block_delta` / `content_block_stop` /
 * `message_delta` / `message_stop`), real error bodies (`{"type":"error","error":{...}}`) and headers.
 */
import type http from 'node:http';
import { startScriptedServer, type ScriptedServer } from './scripted-model-server.js';

export type FakeAnthropic = Omit<ScriptedServer, 'url'> & {
  /** baseURL for the SDK (it appends /v1/messages). */
  baseURL: string;
};

const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' };

export async function startFakeAnthropic(options: { apiKey?: string } = {}): Promise<FakeAnthropic> {
  const server = await startScriptedServer(
    ({ req, res, body, number, nextReply, schedule }) => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) return sendError(res, 404, `Not found: ${req.url}`);
      // The API takes the key as x-api-key; newer SDKs send it as a bearer token. Accept either, like the API does.
      const presented = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
      if (options.apiKey && presented !== options.apiKey) return sendError(res, 401, 'invalid x-api-key');
      if (!req.headers['anthropic-version']) return sendError(res, 400, 'anthropic-version header is required');
      const reply = nextReply();
      if (reply.kind === 'error') return sendError(res, reply.status, reply.message ?? `error ${reply.status}`, reply.headers);
      const model = String(body.model ?? 'unknown');
      const usage = reply.kind === 'stream' ? (reply.usage ?? { input: 100, output: 20 }) : { input: 100, output: 0 };
      const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': `req_${number}` });
      res.write(
        event('message_start', {
          message: { id: `msg_${number}`, type: 'message', role: 'assistant', content: [], model, stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } },
        }),
      );
      res.write(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
      res.write(event('ping', {}));
      const delta = (text: string) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
      if (reply.kind === 'stall') {
        for (const c of reply.chunks ?? []) res.write(delta(c));
        return;
      }
      const chunks = [...reply.chunks];
      const finish = () => {
        res.write(event('content_block_stop', { index: 0 }));
        res.write(event('message_delta', { delta: { stop_reason: reply.finishReason ?? 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output } }));
        res.end(event('message_stop', {}));
      };
      const next = () => {
        if (res.destroyed) return;
        const c = chunks.shift();
        if (c === undefined) return finish();
        res.write(delta(c));
        schedule(next, reply.delayMs ?? 0);
      };
      schedule(next, reply.firstDelayMs ?? 0);
    },
    (res) => sendError(res, 400, 'invalid JSON body'),
  );

  function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_err', ...headers });
    res.end(JSON.stringify({ type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } }));
  }

  const { url: baseURL, ...rest } = server;
  return { ...rest, baseURL };
}
