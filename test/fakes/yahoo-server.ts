/**
 * A fake Yahoo Finance chart API on 127.0.0.1, replaying the shapes recorded in gadicc/yahoo-finance2's fixtures:
 * `GET /v8/finance/chart/{symbol}?period1&period2&interval=1d` → `{chart: {result: [{meta, timestamp, indicators:
 * {quote: [{open, high, low, close, volume}], adjclose: [{adjclose}]}}], error: null}}`, timestamps at the 09:30
 * open in unix seconds, float32-noisy values, `close` split-adjusted and `adjclose` split + dividend adjusted. An
 * empty window has no `timestamp` and `quote: [{}]`; an unknown symbol is 404 `{"chart":{"result":null,"error":
 * {"code":"Not Found","description":"No data found, symbol may be delisted"}}}`. Like Yahoo's edge, a request
 * without a browser-like User-Agent gets 429 `Too Many Requests` as plain text. With `partialToday`, a session in
 * progress adds today's moving bar.
 */
import { isPartial, lastCompletedSession, marketDate } from '../../src/tools/market/calendar/trading-calendar.js';
import { zonedDate, zonedTimeToEpoch } from '../../src/tools/market/calendar/zoned-time.js';
import { fixtureBars, FIXTURE_SYMBOLS, partialBar, type TrueBar } from './bars-fixtures.js';
import { FakeBarsServer, header, listen, type FakeBarsServerOptions, type StartedFake } from './bars-fake-server.js';

export const YAHOO_NOT_FOUND = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
export const YAHOO_CONSENT_PAGE =
  '<!DOCTYPE html><html lang="en"><head><title>Yahoo is part of the Yahoo family of brands</title></head><body><form method="post" action="https://consent.yahoo.com/v2/collectConsent"><button name="agree" value="agree">Accept all</button></form></body></html>';

/** The recorded AAPL 2020-01-02 body (one bar, adjclose present), verbatim in shape and values. */
export const YAHOO_AAPL_2020_01_02 = {
  chart: {
    result: [
      {
        meta: {
          currency: 'USD',
          symbol: 'AAPL',
          exchangeName: 'NMS',
          instrumentType: 'EQUITY',
          firstTradeDate: 345479400,
          regularMarketTime: 1595275202,
          gmtoffset: -14400,
          timezone: 'EDT',
          exchangeTimezoneName: 'America/New_York',
          regularMarketPrice: 393.43,
          chartPreviousClose: 73.412,
          priceHint: 2,
          currentTradingPeriod: {},
          dataGranularity: '1d',
          range: '',
          validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
        },
        timestamp: [1577975400],
        indicators: {
          quote: [{ open: [74.05999755859375], high: [75.1500015258789], low: [73.79750061035156], close: [75.0875015258789], volume: [135480400] }],
          adjclose: [{ adjclose: [72.71607208251953] }],
        },
      },
    ],
    error: null,
  },
};

export type FakeYahooOptions = FakeBarsServerOptions & {
  /** @default Date.now */
  now?: () => number;
  /** Serve today's moving bar while a session is open. @default false */
  partialToday?: boolean;
};

export class FakeYahoo extends FakeBarsServer {
  constructor(options: FakeYahooOptions = {}) {
    const now = options.now ?? Date.now;
    super(
      (path) => {
        const m = /^\/v8\/finance\/chart\/([^/]+)$/.exec(path)?.[1];
        return m === undefined ? undefined : decodeURIComponent(m).toUpperCase();
      },
      ({ path, symbol, query, headers }) => {
        if (!/Mozilla\/5\.0/.test(header(headers, 'user-agent') ?? '')) return { status: 429, raw: 'Too Many Requests', contentType: 'text/plain;charset=utf-8' };
        if (!/^\/v8\/finance\/chart\/[^/]+$/.test(path)) return { status: 404, raw: '<html><body>Not found</body></html>', contentType: 'text/html' };
        const ticker = symbol.replace(/-/g, '.');
        const spec = FIXTURE_SYMBOLS[ticker];
        if (!spec) return { status: 404, body: YAHOO_NOT_FOUND };
        const p1 = Number(query.period1) * 1000;
        const p2 = Math.min(Number(query.period2) * 1000, now());
        const bars: TrueBar[] = (fixtureBars(ticker, zonedDate(p1), lastCompletedSession(now())) ?? []).filter((b) => openOf(b.date) >= p1 && openOf(b.date) <= p2);
        const today = marketDate(now());
        if (options.partialToday && isPartial(now()) && openOf(today) <= p2) {
          const moving = partialBar(ticker, today);
          if (moving) bars.push(moving);
        }
        return { status: 200, body: chartBody(ticker, bars) };
      },
      options,
    );
  }
}

const openOf = (date: string) => zonedTimeToEpoch(date, 9 * 60 + 30);
const f32 = (v: number) => Math.fround(v);

export function chartBody(symbol: string, bars: readonly TrueBar[]) {
  const meta = { currency: 'USD', symbol, exchangeName: symbol.startsWith('^') ? 'SNP' : 'NMS', instrumentType: symbol.startsWith('^') ? 'INDEX' : 'EQUITY', gmtoffset: -18000, timezone: 'EST', exchangeTimezoneName: 'America/New_York', priceHint: 2, dataGranularity: '1d' };
  if (bars.length === 0) return { chart: { result: [{ meta, indicators: { quote: [{}], adjclose: [{}] } }], error: null } };
  return {
    chart: {
      result: [
        {
          meta,
          timestamp: bars.map((b) => openOf(b.date) / 1000),
          indicators: {
            quote: [{ open: bars.map((b) => f32(b.open)), high: bars.map((b) => f32(b.high)), low: bars.map((b) => f32(b.low)), close: bars.map((b) => f32(b.close)), volume: bars.map((b) => b.volume) }],
            adjclose: [{ adjclose: bars.map((b) => f32(b.adjClose)) }],
          },
        },
      ],
      error: null,
    },
  };
}

export function startFakeYahoo(options: FakeYahooOptions = {}): Promise<StartedFake<FakeYahoo>> {
  return listen(new FakeYahoo(options));
}
