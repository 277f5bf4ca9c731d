/**
 * A fake Tiingo EOD API on 127.0.0.1 in the documented wire format (api.tiingo.com/documentation/end-of-day):
 * `GET /tiingo/daily/{ticker}/prices?startDate&endDate` → ascending JSON array of rows with raw OHLCV, CRSP-adjusted
 * fields, `divCash` and `splitFactor`, `date` at UTC midnight. `Authorization: Token <key>` (or `?token=`, which
 * Tiingo also accepts and tests assert we never use); 401 `{"detail":"Invalid token."}`; an unknown ticker (and any
 * index) is 404 `{"detail":"Error: Ticker 'ZZZZ' not found"}`. Sessions up to the last completed one (its clock).
 * The hourly throttle texts below are Tiingo's own, for injection (429, or 200 as Tiingo also sends it).
 */
import { lastCompletedSession } from '../../src/tools/market/calendar/trading-calendar.js';
import { fixtureBars, FIXTURE_SYMBOLS } from './bars-fixtures.js';
import { FakeBarsServer, header, listen, type FakeBarsServerOptions, type StartedFake } from './bars-fake-server.js';

export const TIINGO_HOURLY_LIMIT_DETAIL =
  'Error: You have run over your hourly request allocation. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.';
export const TIINGO_MONTHLY_SYMBOLS_DETAIL =
  'Error: You have run over your 500 symbol look up for this month. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.';

export type FakeTiingoOptions = FakeBarsServerOptions & {
  /** @default "fake-tiingo-key-4f1c9e" */
  apiKey?: string;
  /** The fake's clock (which sessions exist yet). @default Date.now */
  now?: () => number;
};

export class FakeTiingo extends FakeBarsServer {
  readonly apiKey: string;

  constructor(options: FakeTiingoOptions = {}) {
    const apiKey = options.apiKey ?? 'fake-tiingo-key-4f1c9e';
    const now = options.now ?? Date.now;
    super(
      (path) => /^\/tiingo\/daily\/([^/]+)\/prices$/.exec(path)?.[1]?.toUpperCase(),
      ({ path, symbol, query, headers }) => {
        const token = /^Token (.+)$/.exec(header(headers, 'authorization') ?? '')?.[1] ?? query.token;
        if (token !== apiKey) return { status: 401, body: { detail: 'Invalid token.' } };
        if (!/^\/tiingo\/daily\/[^/]+\/prices$/.test(path)) return { status: 404, body: { detail: 'Not found.' } };
        const ticker = symbol.replace(/-/g, '.');
        const spec = FIXTURE_SYMBOLS[ticker];
        if (!spec || spec.index) return { status: 404, body: { detail: `Error: Ticker '${symbol}' not found` } };
        const last = lastCompletedSession(now());
        const end = query.endDate && query.endDate < last ? query.endDate : last;
        const rows = (fixtureBars(ticker, query.startDate ?? '1900-01-01', end) ?? []).map((b) => {
          const f = b.rawFactor;
          const ratio = b.adjClose / b.close;
          return {
            date: `${b.date}T00:00:00.000Z`,
            close: round(b.close * f),
            high: round(b.high * f),
            low: round(b.low * f),
            open: round(b.open * f),
            volume: Math.round(b.volume / f),
            adjClose: b.adjClose,
            adjHigh: round(b.high * ratio),
            adjLow: round(b.low * ratio),
            adjOpen: round(b.open * ratio),
            adjVolume: b.volume,
            divCash: round(b.dividend * f),
            splitFactor: b.splitFactor,
          };
        });
        return { status: 200, body: rows };
      },
      options,
    );
    this.apiKey = apiKey;
  }
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function startFakeTiingo(options: FakeTiingoOptions = {}): Promise<StartedFake<FakeTiingo>> {
  return listen(new FakeTiingo(options));
}
