/**
 * What the fake model servers (OpenAI, Anthropic) share: a JSON-body HTTP server on 127.0.0.1 that records every
 * request, answers from a queue of scripted replies (then a default), schedules stream chunks on timers it can
 * cancel, and closes with its open sockets. Each fake writes only its provider's wire format.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

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

/** One parsed request, handed to the fake's handler. */
export type Exchange = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  body: Record<string, unknown>;
  recorded: RecordedRequest;
  /** 1 for the first request the server got. */
  number: number;
  /** The next scripted reply (call it once the request is accepted). */
  nextReply(): FakeReply;
  /** Runs `fn` after `ms` (next tick for 0) on a timer that close() cancels. */
  schedule(fn: () => void, ms: number): void;
};

export type ScriptedServer = {
  url: string;
  requests: RecordedRequest[];
  enqueue(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply | ((req: RecordedRequest) => FakeReply)): void;
  close(): Promise<void>;
};

export async function startScriptedServer(handle: (exchange: Exchange) => void, onBadJson: (res: http.ServerResponse) => void): Promise<ScriptedServer> {
  const queue: FakeReply[] = [];
  let fallback: FakeReply | ((req: RecordedRequest) => FakeReply) = { kind: 'stream', chunks: ['ok'] };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const schedule = (fn: () => void, ms: number) => {
    if (ms <= 0) return void setImmediate(fn);
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return onBadJson(res);
      }
      const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body, at: performance.now() };
      requests.push(recorded);
      const nextReply = () => queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
      handle({ req, res, body, recorded, number: requests.length, nextReply, schedule });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
