import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config.js';
import { barsProviderOrder } from '../../../../src/tools/market/bars/create-bars-chain.js';
import { fixtureBar } from '../../../fakes/bars-fixtures.js';
import { TIINGO_HOURLY_LIMIT_DETAIL } from '../../../fakes/tiingo-server.js';
import { YAHOO_CONSENT_PAGE } from '../../../fakes/yahoo-server.js';
import { reasonsOf, rejection, startBarsHarness, type BarsHarness } from './bars-harness.js';

let h: BarsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUARTER = { from: '2026-08-25', to: '2026-11-25' };
const throttled = { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } };

describe('the daily-bars chain', () => {
  it('orders providers from the keys that are set, or from BARS_PROVIDERS', () => {
    expect(barsProviderOrder(loadConfig({}))).toEqual(['yahoo', 'offline']);
    expect(barsProviderOrder(loadConfig({ TIINGO_API_KEY: 't' }))).toEqual(['tiingo', 'yahoo', 'offline']);
    expect(barsProviderOrder(loadConfig({ TIINGO_API_KEY: 't', ALPACA_API_KEY_ID: 'a', ALPACA_API_SECRET_KEY: 's' }))).toEqual(['tiingo', 'alpaca', 'yahoo', 'offline']);
    expect(barsProviderOrder(loadConfig({ TIINGO_API_KEY: 't', BARS_PROVIDERS: ' Tiingo, offline' }))).toEqual(['tiingo', 'offline']);
  });

  it('"now" is the last completed session: on Thanksgiving 2026 that is 2026-11-25', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    expect(h.chain.referenceDate()).toBe('2026-11-25');
    expect(h.chain.availableSymbols()).toBeUndefined();
    expect(h.chain.label).toBe('Tiingo → Yahoo Finance (unofficial) → offline dataset');
  });

  it('Tiingo 429 → Alpaca serves, and the series names Alpaca', async () => {
    h = await startBarsHarness({ tiingo: true, alpaca: true, yahoo: true });
    h.tiingo!.inject('NVDA', throttled);
    const series = await h.chain.getDailyBars('NVDA', { ...QUARTER, warmupBars: 260 });
    expect(series).toMatchObject({ source: 'Alpaca', provider: 'alpaca', asOf: '2026-11-25' });
    expect(series.bars.at(-1)?.close).toBeCloseTo(fixtureBar('NVDA', '2026-11-25')!.close, 4);
    // the cooldown is shared: the next symbol goes straight to Alpaca
    expect((await h.chain.getDailyBars('AAPL', QUARTER)).source).toBe('Alpaca');
    expect(h.tiingo!.count()).toBe(1);
    expect(h.yahoo!.count()).toBe(0);
  });

  it('Tiingo 429 → Yahoo serves when there is no Alpaca key', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    h.tiingo!.inject('NVDA', { ...throttled, status: 200 });
    const series = await h.chain.getDailyBars('NVDA', QUARTER);
    expect(series.source).toBe('Yahoo Finance (unofficial)');
    expect(h.lines.some((l) => /daily bars for NVDA from Yahoo/.test(l))).toBe(true);
  });

  it('index symbols go only to providers that carry them (Yahoo, then the dataset)', async () => {
    h = await startBarsHarness({ tiingo: true, alpaca: true, yahoo: true });
    expect((await h.chain.getDailyBars('^SOX', QUARTER)).source).toBe('Yahoo Finance (unofficial)');
    expect(h.tiingo!.count()).toBe(0);
    expect(h.alpaca!.count()).toBe(0);
  });

  it('share classes are spelled per provider (BRK.B → BRK-B for Tiingo and Yahoo)', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    await rejection(h.chain.getDailyBars('BRK.B', QUARTER));
    expect(h.tiingo!.requests[0].path).toBe('/tiingo/daily/BRK-B/prices');
    expect(h.yahoo!.requests[0].path).toBe('/v8/finance/chart/BRK-B');
  });

  it('all down: a readable error naming every provider, and the offline dataset refuses the live window', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    h.tiingo!.inject('NVDA', throttled);
    h.yahoo!.inject('NVDA', { status: 200, raw: YAHOO_CONSENT_PAGE, contentType: 'text/html' });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.code).toBe('bars_unavailable');
    expect(error.message).toBe(
      'No daily bars for NVDA (2026-08-25 → 2026-11-25): Tiingo is rate-limited until 16:00 UTC; Yahoo Finance (unofficial) refused the request (a web page instead of data), not asked again before 15:15 UTC; offline dataset ends 2026-05-15.',
    );
    expect(reasonsOf(error)).toMatch(/it covers 2019-05-16 to 2026-05-15/);
    expect(error.details?.tried).toEqual([
      { provider: 'tiingo', kind: 'rate_limited', code: 'rate_limited' },
      { provider: 'yahoo', kind: 'blocked', code: 'provider_blocked' },
      { provider: 'offline', kind: 'no_data', code: 'no_data_in_range' },
    ]);
  });

  it('a window the dataset covers only in part is refused too, never cut short silently', async () => {
    h = await startBarsHarness({ yahoo: true });
    h.yahoo!.inject('NVDA', { status: 503, raw: 'down', contentType: 'text/plain' }, 2);
    const error = await rejection(h.chain.getDailyBars('NVDA', { from: '2026-01-02', to: '2026-11-25' }));
    expect(error.details?.tried).toEqual([
      { provider: 'yahoo', kind: 'transient', code: 'provider_unavailable' },
      { provider: 'offline', kind: 'not_covered', code: 'window_not_covered' },
    ]);
    expect(error.message).toMatch(/Yahoo Finance \(unofficial\) did not answer properly \(unavailable\); offline dataset ends 2026-05-15, before this window's end\.$/);
    expect(reasonsOf(error)).toMatch(/offline dataset: ends 2026-05-15, \d+ sessions before this window's last session 2026-11-25/);
    expect(error.retryable).toBe(true); // the 503 may pass
  });

  it('when the live providers are down, the dataset still serves windows it covers', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    h.tiingo!.inject('NVDA', throttled);
    h.yahoo!.inject('NVDA', { status: 429, raw: 'Too Many Requests', contentType: 'text/plain' });
    const series = await h.chain.getDailyBars('NVDA', { from: '2026-02-13', to: '2026-05-15' });
    expect(series).toMatchObject({ source: 'offline dataset', provider: 'offline', asOf: '2026-05-15', sessionsMissing: 0 });
  });

  it('one session short is served and flagged; more is window_not_covered and the next provider is asked', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    // Tiingo publishes ~17:30 New York: at 16:30 on 2026-11-25 it has 2026-11-24 only
    h.clock.now = Date.parse('2026-11-25T21:30:00Z');
    const lagging = await h.chain.getDailyBars('AAPL', { from: '2026-08-25', to: '2026-11-25' });
    // the fake Tiingo serves up to the last completed session; cut one off by asking before it publishes
    expect(lagging.sessionsMissing).toBe(0);
    h.tiingo!.inject('MSFT', { status: 200, body: (await tiingoRows(h, 'MSFT', '2024-11-25', '2026-11-24')) });
    const short = await h.chain.getDailyBars('MSFT', { from: '2026-08-25', to: '2026-11-25' });
    expect(short).toMatchObject({ source: 'Tiingo', sessionsMissing: 1, asOf: '2026-11-24' });
    h.tiingo!.inject('AMD', { status: 200, body: (await tiingoRows(h, 'AMD', '2024-11-25', '2026-11-20')) });
    const stale = await h.chain.getDailyBars('AMD', { from: '2026-08-25', to: '2026-11-25' });
    expect(stale).toMatchObject({ source: 'Yahoo Finance (unofficial)', sessionsMissing: 0 });
  });

  it('a window with no NYSE session is answered without asking anyone', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    const closed = await rejection(h.chain.getDailyBars('NVDA', { from: '2026-11-26', to: '2026-11-26' }));
    expect(closed.code).toBe('no_data_in_range');
    expect(closed.message).toMatch(/no session between 2026-11-26 and 2026-11-26/);
    expect((await rejection(h.chain.getDailyBars('NVDA', { from: '2026-12-01', to: '2026-12-31' }))).message).toMatch(/in the future/);
    expect((await rejection(h.chain.getDailyBars('NV DA!', QUARTER))).code).toBe('invalid_symbol');
    expect(h.requests()).toHaveLength(0);
  });

  it('nobody knows the symbol: unknown_symbol, and a repeat asks no one', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true });
    const error = await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(error.code).toBe('unknown_symbol');
    expect(error.retryable).toBe(false);
    expect(error.details?.tried).toEqual([
      { provider: 'tiingo', kind: 'unknown_symbol', code: 'unknown_symbol' },
      { provider: 'yahoo', kind: 'unknown_symbol', code: 'unknown_symbol' },
      { provider: 'offline', kind: 'unknown_symbol', code: 'unknown_symbol' },
    ]);
    await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(h.requests()).toHaveLength(2);
  });

  it('quotes from the latest bar when there is no quote provider, never from the dataset', async () => {
    h = await startBarsHarness({ tiingo: true });
    const quote = await h.chain.getQuote('NVDA');
    const last = fixtureBar('NVDA', '2026-11-25')!;
    const prev = fixtureBar('NVDA', '2026-11-24')!;
    expect(quote).toMatchObject({ symbol: 'NVDA', price: last.close, previousClose: prev.close, asOf: '2026-11-25', source: 'Tiingo (last close)' });
    expect(quote.changePct).toBeCloseTo(((last.close - prev.close) / prev.close) * 100, 6);
    // the same span serves the bars of the seed question afterwards
    await h.chain.getDailyBars('NVDA', { ...QUARTER, warmupBars: 260 });
    expect(h.tiingo!.count()).toBe(1);
  });

  it('MARKETDESK_FAULTS=tiingo=error fails Tiingo only, and Yahoo takes over', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true, faults: 'tiingo=error' });
    expect((await h.chain.getDailyBars('NVDA', QUARTER)).source).toBe('Yahoo Finance (unofficial)');
    expect(h.tiingo!.count()).toBe(0);
  });
});

/** Tiingo rows for a range, as the fake would send them up to an earlier date (a provider that lags). */
async function tiingoRows(h: BarsHarness, symbol: string, from: string, to: string): Promise<unknown[]> {
  const response = await fetch(`${h.tiingo!.url}/tiingo/daily/${symbol}/prices?startDate=${from}&endDate=${to}`, { headers: { Authorization: `Token ${h.tiingo!.apiKey}` } });
  h.tiingo!.requests.pop(); // not the client's request
  return (await response.json()) as unknown[];
}
