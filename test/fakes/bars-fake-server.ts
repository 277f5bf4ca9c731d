/**
 * What the fake daily-bars providers (Tiingo, Alpaca, Yahoo) share: an HTTP server on 127.0.0.1 (port 0) that
 * records every request as it arrived (raw URL and headers, so tests can prove a key travels only in a header),
 * answers scripted faults first (per symbol or for any), then the provider's normal answer, with an optional
 * latency; `close()` ends open sockets. Each fake writes only its provider's wire format.
 *
 *   const yahoo = await startFakeYahoo();
 *   yahoo.inject('NVDA', { status: 429, raw: 'Too Many Requests', contentType: 'text/plain' });
 *   yahoo.inject('*', { hang: true }, 2);   // the next two requests, whatever the symbol, never answer
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type BarsRecordedRequest = {
  path: string;
  /** The symbol the request was for, as the client spelled it in the path. */
  symbol: string;
  query: Record<string, string>;
  /** The full request target as the server saw it. */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  status: number;
  at: number;
};

export type BarsReply = { status: number; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> };
export type BarsInjection = Partial<BarsReply> & { delayMs?: number; hang?: boolean };

export type ParsedRequest = { path: string; symbol: string; query: Record<string, string>; headers: IncomingHttpHeaders; url: URL };

export type FakeBarsServerOptions = {
  /** Delay before every normal answer, like a real upstream's latency. @default 0 */
  latencyMs?: number;
};

export class FakeBarsServer {
  url = '';
  readonly requests: BarsRecordedRequest[] = [];
  private readonly injections: { symbol: string; injection: BarsInjection }[] = [];
  open = 0;

  constructor(
    private readonly symbolOf: (path: string) => string | undefined,
    private readonly answer: (request: ParsedRequest) => BarsReply,
    private readonly options: FakeBarsServerOptions = {},
  ) {}

  /** The next `times` requests for `symbol` ('*' = any) behave as told instead of normally. */
  inject(symbol: string, injection: BarsInjection, times = 1): void {
    for (let i = 0; i < times; i++) this.injections.push({ symbol, injection });
  }

  /** Requests that reached the server, for one symbol or all. */
  count(symbol?: string): number {
    return symbol ? this.requests.filter((r) => r.symbol === symbol).length : this.requests.length;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const symbol = this.symbolOf(url.pathname) ?? '';
    const query = Object.fromEntries(url.searchParams);
    const record: BarsRecordedRequest = { path: url.pathname, symbol, query, rawUrl: req.url ?? '', headers: req.headers, status: 0, at: Date.now() };
    this.requests.push(record);
    const send = (reply: BarsReply) => {
      record.status = reply.status;
      if (res.destroyed) return;
      const raw = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json; charset=utf-8', ...reply.headers });
      res.end(reply.status === 204 ? undefined : raw);
    };
    const index = this.injections.findIndex((i) => i.symbol === '*' || i.symbol === symbol);
    if (index >= 0) {
      const [{ injection }] = this.injections.splice(index, 1);
      if (injection.hang) return; // never answers: the client's timeout has to end it
      if (injection.delayMs) await new Promise((r) => setTimeout(r, injection.delayMs));
      if (injection.status !== undefined || injection.body !== undefined || injection.raw !== undefined) {
        return send({ status: injection.status ?? 200, body: injection.body, raw: injection.raw, contentType: injection.contentType, headers: injection.headers });
      }
    }
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    send(this.answer({ path: url.pathname, symbol, query, headers: req.headers, url }));
  }
}

export type StartedFake<T extends FakeBarsServer> = T & { close(): Promise<void> };

export async function listen<T extends FakeBarsServer>(fake: T, basePath = ''): Promise<StartedFake<T>> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    fake.open++;
    res.on('close', () => fake.open--);
    fake.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;
  return Object.assign(fake, {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

/** The header value as one string (Node gives arrays for repeated headers). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
