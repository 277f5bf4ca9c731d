/**
 * A fake OpenAI Chat Completions server on 127.0.0.1 for the real `openai` SDK: real HTTP, real SSE
 * (`data: {chat.completion.chunk}` lines, a final usage chunk, `data: [DONE]`), real error bodies and headers.
 * Responses are scripted per request (a queue, then a default); every request body is recorded (images included).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** Streams `chunks` as content deltas, `delayMs` apart (the first after `firstDelayMs`). */
  | {
      kind: 'stream';
      chunks: string[];
      delayMs?: number;
      firstDelayMs?: number;
      usage?: { input: number; output: number };
      finishReason?: string;
      /** After `gateAfter` chunks, hold the stream open until `gate` resolves (proves what a client did meanwhile). */
      gateAfter?: number;
      gate?: Promise<unknown>;
    }
  /** Sends the first chunks, then never finishes (until the client goes away). */
  | { kind: 'stall'; chunks?: string[] }
  | { kind: 'error'; status: number; message?: string; type?: string; headers?: Record<string, string> };

export type RecordedRequest = { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown>; at: number };

export type FakeOpenAI = {
  url: string;
  /** baseURL for the SDK (`…/v1`). */
  baseURL: string;
  requests: RecordedRequest[];
  enqueue(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply | ((req: RecordedRequest) => FakeReply)): void;
  close(): Promise<void>;
};

export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  let fallback: FakeReply | ((req: RecordedRequest) => FakeReply) = { kind: 'stream', chunks: ['ok'] };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
      }
      const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body, at: performance.now() };
      requests.push(recorded);
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) return sendError(res, 404, `Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error');
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
        return sendError(res, 401, 'Incorrect API key provided: sk-wr***ng. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', {}, 'invalid_api_key');
      const reply = queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
      if (reply.kind === 'error') return sendError(res, reply.status, reply.message ?? `error ${reply.status}`, reply.type ?? 'server_error', reply.headers);
      const model = String(body.model ?? 'unknown');
      const id = `chatcmpl-${requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': `req_${requests.length}` });
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
    });
  });

  function schedule(fn: () => void, ms: number) {
    if (ms <= 0) return void setImmediate(fn);
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function sendError(res: http.ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}, code: string | null = null) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type, param: null, code } }));
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefault: (reply) => void (fallback = reply),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits NDJSON plan text into SSE content chunks the way a model streams: a few characters at a time. */
export function chunkText(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
