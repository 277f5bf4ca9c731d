/**
 * A fake OpenAI Chat Completions server on 127.0.0.1 for the real `openai` SDK: real HTTP, real SSE
 * (`data: {chat.completion.chunk}` lines, a final usage chunk, `data: [DONE]`), real error bodies and headers.
 * Responses are scripted per request (a queue, then a default); every request body is recorded (images included).
 */
import type http from 'node:http';
import { startScriptedServer, type ScriptedServer } from './scripted-model-server.js';

export type { FakeReply, RecordedRequest } from './scripted-model-server.js';

export type FakeOpenAI = ScriptedServer & {
  /** baseURL for the SDK (`…/v1`). */
  baseURL: string;
};

export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const server = await startScriptedServer(
    ({ req, res, body, number, nextReply, schedule }) => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) return sendError(res, 404, `Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error');
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
        return sendError(res, 401, 'Incorrect API key provided: sk-wr***ng. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', {}, 'invalid_api_key');
      const reply = nextReply();
      if (reply.kind === 'error') return sendError(res, reply.status, reply.message ?? `error ${reply.status}`, reply.type ?? 'server_error', reply.headers);
      const model = String(body.model ?? 'unknown');
      const id = `chatcmpl-${number}`;
      const created = Math.floor(Date.now() / 1000);
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': `req_${number}` });
      res.write(chunk({ role: 'assistant', content: '' }, null));
      if (reply.kind === 'stall') {
        for (const c of reply.chunks ?? []) res.write(chunk({ content: c }, null));
        return; // hold the connection open
      }
      const chunks = [...reply.chunks];
      const finish = () => {
        res.write(chunk({}, reply.finishReason ?? 'stop'));
        const usage = reply.usage ?? { input: 100, output: 20 };
        if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage)
          res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } })}\n\n`);
        res.end('data: [DONE]\n\n');
      };
      let sent = 0;
      const next = () => {
        if (res.destroyed) return;
        if (reply.gate && sent === reply.gateAfter) {
          sent++;
          void reply.gate.then(() => schedule(next, 0));
          return;
        }
        const c = chunks.shift();
        if (c === undefined) return finish();
        res.write(chunk({ content: c }, null));
        sent++;
        schedule(next, reply.delayMs ?? 0);
      };
      schedule(next, reply.firstDelayMs ?? 0);
    },
    (res) => sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error'),
  );

  function sendError(res: http.ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}, code: string | null = null) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type, param: null, code } }));
  }

  return { ...server, baseURL: `${server.url}/v1` };
}

/** Splits NDJSON plan text into SSE content chunks the way a model streams: a few characters at a time. */
export function chunkText(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
