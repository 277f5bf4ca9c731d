/**
 * A fake Alpaca market-data v2 API on 127.0.0.1 (docs.alpaca.markets, "Historical bars"):
 * `GET /v2/stocks/{symbol}/bars?timeframe=1Day&adjustment&start&end&limit&page_token` → `{bars, symbol,
 * next_page_token}`, bars `{t, o, h, l, c, v, n, vw}` stamped 00:00 New York in UTC. Both `APCA-API-*` headers or
 * 401. `adjustment` defaults to `raw` as Alpaca's does (so a client that forgets `split` gets as-traded prices);
 * `feed=iex` answers one exchange's share of the volume (~3%); an `end` within 15 minutes of now is refused with
 * 403 "subscription does not permit querying recent SIP data", as on the free plan. A symbol Alpaca does not know
 * answers `{"bars":null,…}` (Alpaca says nothing else about it); so does an empty window. Pages of `pageSize`.
 */
import { lastCompletedSession } from '../../src/tools/market/calendar/trading-calendar.js';
import { NEW_YORK, zonedDate, zonedTimeToEpoch } from '../../src/tools/market/calendar/zoned-time.js';
import { fixtureBars, FIXTURE_SYMBOLS } from './bars-fixtures.js';
import { FakeBarsServer, header, listen, type FakeBarsServerOptions, type StartedFake } from './bars-fake-server.js';

export type FakeAlpacaOptions = FakeBarsServerOptions & {
  /** @default "FAKEKEYID0123" */
  keyId?: string;
  /** @default "fake-alpaca-secret-9f2b7c" */
  secretKey?: string;
  /** Bars per page at most (the client's `limit` can make it smaller). @default 10000 */
  pageSize?: number;
  /** @default Date.now */
  now?: () => number;
};

export class FakeAlpaca extends FakeBarsServer {
  readonly keyId: string;
  readonly secretKey: string;

  constructor(options: FakeAlpacaOptions = {}) {
    const keyId = options.keyId ?? 'FAKEKEYID0123';
    const secretKey = options.secretKey ?? 'fake-alpaca-secret-9f2b7c';
    const now = options.now ?? Date.now;
    super(
      (path) => /^\/v2\/stocks\/([^/]+)\/bars$/.exec(path)?.[1]?.toUpperCase(),
      ({ path, symbol, query, headers }) => {
        if (header(headers, 'apca-api-key-id') !== keyId || header(headers, 'apca-api-secret-key') !== secretKey) return { status: 401, body: { message: 'unauthorized.' } };
        if (!/^\/v2\/stocks\/[^/]+\/bars$/.test(path)) return { status: 404, body: { message: 'Not Found' } };
        if (query.timeframe !== '1Day') return { status: 422, body: { code: 42210000, message: `invalid timeframe: ${query.timeframe}` } };
        const start = Date.parse(query.start ?? '');
        const end = query.end ? Date.parse(query.end) : now();
        if (Number.isNaN(start) || Number.isNaN(end)) return { status: 422, body: { code: 42210000, message: 'invalid start or end' } };
        if (!query.feed && end > now() - 15 * 60_000) return { status: 403, body: { message: 'subscription does not permit querying recent SIP data' } };
        const spec = FIXTURE_SYMBOLS[symbol];
        const empty = { bars: null, next_page_token: null, symbol };
        if (!spec || spec.index) return { status: 200, body: empty };
        const adjustments = (query.adjustment ?? 'raw').split(',');
        const split = adjustments.includes('split') || adjustments.includes('all');
        const last = lastCompletedSession(now());
        const to = zonedDate(end, NEW_YORK) < last ? zonedDate(end, NEW_YORK) : last;
        const all = (fixtureBars(symbol, zonedDate(start, NEW_YORK), to) ?? []).filter((b) => zonedTimeToEpoch(b.date, 0) >= start && zonedTimeToEpoch(b.date, 0) <= end);
        const from = query.page_token ? Number(Buffer.from(query.page_token, 'base64url').toString()) : 0;
        const size = Math.min(Number(query.limit ?? 1000), options.pageSize ?? 10_000);
        const page = all.slice(from, from + size);
        if (page.length === 0) return { status: 200, body: empty };
        const iex = query.feed === 'iex' ? 0.03 : 1;
        const bars = page.map((b) => {
          const f = split ? 1 : b.rawFactor;
          return {
            t: new Date(zonedTimeToEpoch(b.date, 0)).toISOString().replace('.000Z', 'Z'),
            o: round(b.open * f),
            h: round(b.high * f),
            l: round(b.low * f),
            c: round(b.close * f),
            v: Math.round((b.volume / f) * iex),
            n: 412_345,
            vw: round(((b.high + b.low + b.close) / 3) * f),
          };
        });
        const next = from + size < all.length ? Buffer.from(String(from + size)).toString('base64url') : null;
        return { status: 200, body: { bars, symbol, next_page_token: next } };
      },
      options,
    );
    this.keyId = keyId;
    this.secretKey = secretKey;
  }
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export function startFakeAlpaca(options: FakeAlpacaOptions = {}): Promise<StartedFake<FakeAlpaca>> {
  return listen(new FakeAlpaca(options));
}
