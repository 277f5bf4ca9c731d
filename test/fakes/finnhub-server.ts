/**
 * A fake Finnhub REST API on 127.0.0.1 (port 0) that speaks the real wire format: JSON bodies in the documented
 * shapes, `X-Finnhub-Token` (or `?token=`) auth with 401 on a bad key, 403 `{"error":"You don't have access to
 * this resource."}` on /stock/candle for a free key, 429 `{"error":"API limit reached..."}` with
 * `x-ratelimit-*` headers when a sliding window is exceeded, unknown symbols answered with zeros / `{}` / `[]`.
 * Tests script failures per path: a status, a body, malformed JSON, a delay, or a hang.
 *
 *   const finnhub = await startFakeFinnhub({ windows: [{ limit: 5, windowMs: 300 }] });
 *   finnhub.inject('/quote', { status: 502 });     // the next /quote answers 502
 *   finnhub.requests                              // what reached the server, in order
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { candleBody, earningsBody, metricBody, newsBody, peersBody, profileBody, quoteBody, recommendationBody, searchBody } from './finnhub-fixtures.js';

export type FakeFinnhubOptions = {
  /** @default "fake-finnhub-key-0123456789" */
  apiKey?: string;
  /** Premium keys get candles; free keys get 403. @default false */
  premium?: boolean;
  /** Sliding windows enforced on served requests (429 past them). @default none */
  windows?: { limit: number; windowMs: number }[];
  /** Also send `Retry-After` (seconds) on 429s. @default false (Finnhub sends x-ratelimit-* only) */
  retryAfterHeader?: boolean;
  /** Delay before every normal answer, like a real upstream's latency. @default 0 */
  latencyMs?: number;
  /** Clock for fixture dates, unix seconds. @default now */
  nowSec?: () => number;
};

export type Injection = { status?: number; body?: unknown; raw?: string; delayMs?: number; hang?: boolean; headers?: Record<string, string> };

export type RecordedRequest = {
  path: string;
  query: Record<string, string>;
  /** The full request target as the server saw it (to prove no key is in it). */
  rawUrl: string;
  token: string | undefined;
  status: number;
  at: number;
};

export class FakeFinnhub {
  readonly apiKey: string;
  readonly requests: RecordedRequest[] = [];
  private readonly injections: { path: string; injection: Injection }[] = [];
  /** Requests currently open (hanging ones included). */
  open = 0;
  url = '';

  constructor(private readonly options: FakeFinnhubOptions) {
    this.apiKey = options.apiKey ?? 'fake-finnhub-key-0123456789';
  }

  /** The next `times` requests to `path` behave as told instead of normally. */
  inject(path: string, injection: Injection, times = 1): void {
    for (let i = 0; i < times; i++) this.injections.push({ path, injection });
  }

  /** Requests that reached the server for a path (all paths when omitted). */
  count(path?: string): number {
    return path ? this.requests.filter((r) => r.path === path).length : this.requests.length;
  }

  /** The most requests served inside any `windowMs` span: the proof that a client stayed under a limit. */
  maxInWindow(windowMs: number): number {
    const times = this.requests.filter((r) => r.status !== 429).map((r) => r.at);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= windowMs) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const query = Object.fromEntries(url.searchParams);
    const header = req.headers['x-finnhub-token'];
    const token = (Array.isArray(header) ? header[0] : header) ?? query.token;
    const record: RecordedRequest = { path, query, rawUrl: req.url ?? '', token, status: 0, at: Date.now() };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    if (token !== this.apiKey) return send(401, { error: 'Invalid API key' });
    if (this.overLimit(res, record)) return;

    const index = this.injections.findIndex((i) => i.path === path);
    if (index >= 0) {
      const [{ injection }] = this.injections.splice(index, 1);
      if (injection.hang) return; // never answers; the client's timeout has to end it
      if (injection.delayMs) await new Promise((r) => setTimeout(r, injection.delayMs));
      if (injection.raw !== undefined || injection.body !== undefined || injection.status !== undefined) {
        return send(injection.status ?? 200, injection.raw ?? injection.body ?? {}, injection.headers);
      }
    }
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const now = this.options.nowSec?.() ?? Math.floor(Date.now() / 1000);
    const symbol = (query.symbol ?? '').toUpperCase();
    switch (path) {
      case '/quote':
        return send(200, quoteBody(symbol, now));
      case '/stock/profile2':
        return send(200, profileBody(symbol));
      case '/stock/metric':
        return send(200, metricBody(symbol));
      case '/company-news':
        if (!query.from || !query.to) return send(422, { error: 'Wrong date format.' });
        return send(200, newsBody(symbol, now).filter((n) => n.datetime >= Date.parse(`${query.from}T00:00:00Z`) / 1000));
      case '/stock/peers':
        return send(200, peersBody(symbol));
      case '/search':
        return send(200, searchBody(query.q ?? ''));
      case '/stock/recommendation':
        return send(200, recommendationBody(symbol));
      case '/calendar/earnings':
        return send(200, earningsBody(symbol, now));
      case '/stock/candle':
        if (!this.options.premium) return send(403, { error: "You don't have access to this resource." });
        return send(200, candleBody(symbol, Number(query.from), Number(query.to)));
      default:
        return send(404, { error: 'Not found' });
    }
  }

  /** Finnhub's 429: counted over every request that got through, per window. */
  private overLimit(res: ServerResponse, record: RecordedRequest): boolean {
    const now = Date.now();
    for (const { limit, windowMs } of this.options.windows ?? []) {
      const inWindow = this.requests.filter((r) => r !== record && r.status !== 429 && r.status !== 401 && r.at > now - windowMs);
      if (inWindow.length < limit) continue;
      const resetMs = inWindow[0].at + windowMs;
      record.status = 429;
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
      };
      if (this.options.retryAfterHeader) headers['retry-after'] = String(Math.max(0, (resetMs - now) / 1000));
      res.writeHead(429, headers);
      res.end(JSON.stringify({ error: 'API limit reached. Please try again later. Remaining Limit: 0' }));
      return true;
    }
    return false;
  }
}

export async function startFakeFinnhub(options: FakeFinnhubOptions = {}): Promise<FakeFinnhub & { close(): Promise<void> }> {
  const fake = new FakeFinnhub(options);
  const server = createServer((req, res) => {
    fake.open++;
    res.on('close', () => fake.open--);
    fake.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return Object.assign(fake, {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
