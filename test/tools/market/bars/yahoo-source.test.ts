import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBar, fixtureBars } from '../../../fakes/bars-fixtures.js';
import { YAHOO_AAPL_2020_01_02, YAHOO_CONSENT_PAGE, chartBody } from '../../../fakes/yahoo-server.js';
import { largestDailyMove, reasonsOf, rejection, startBarsHarness, type BarsHarness } from './bars-harness.js';

let h: BarsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUARTER = { from: '2026-08-25', to: '2026-11-25' };
const only = { yahoo: true, order: 'yahoo' } as const;

describe('Yahoo chart API against a fake Yahoo', () => {
  it('reads the recorded AAPL 2020-01-02 body: the 09:30 stamp is that New York date, float noise rounded', async () => {
    h = await startBarsHarness(only);
    h.yahoo!.inject('AAPL', { status: 200, body: YAHOO_AAPL_2020_01_02 });
    const series = await h.chain.getDailyBars('AAPL', { from: '2020-01-02', to: '2020-01-02' });
    expect(series.bars).toEqual([{ date: '2020-01-02', open: 74.06, high: 75.15, low: 73.7975, close: 75.0875, volume: 135480400, adjClose: 72.7161 }]);
    expect(series).toMatchObject({ source: 'Yahoo Finance (unofficial)', provider: 'yahoo', adjustment: 'split' });
  });

  it('serves a window with a browser-like User-Agent, and the answer names Yahoo as unofficial', async () => {
    h = await startBarsHarness(only);
    const series = await h.chain.getDailyBars('SMH', { ...QUARTER, warmupBars: 1 });
    const expected = fixtureBars('SMH', QUARTER.from, QUARTER.to)!;
    const window = series.bars.slice(series.windowStart);
    expect(window.map((b) => b.date)).toEqual(expected.map((b) => b.date));
    window.forEach((b, i) => expect(b.close).toBeCloseTo(expected[i].close, 3));
    expect(series).toMatchObject({ source: 'Yahoo Finance (unofficial)', asOf: '2026-11-25', sessionsMissing: 0 });
    const [request] = h.yahoo!.requests;
    expect(request.headers['user-agent']).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
    expect(request.query).toMatchObject({ interval: '1d' });
  });

  it('drops a row with a null element instead of zero-filling it', async () => {
    h = await startBarsHarness(only);
    const bars = fixtureBars('AMD', '2026-11-16', '2026-11-25')!;
    const body = chartBody('AMD', bars);
    const quote = body.chart.result[0].indicators.quote[0] as Record<string, (number | null)[]>;
    quote.close[2] = null; // 2026-11-18
    quote.volume[5] = null; // 2026-11-23
    h.yahoo!.inject('AMD', { status: 200, body });
    const series = await h.chain.getDailyBars('AMD', { from: '2026-11-16', to: '2026-11-25' });
    expect(series.bars.map((b) => b.date)).toEqual(bars.map((b) => b.date).filter((d) => d !== '2026-11-18' && d !== '2026-11-23'));
    expect(series.bars.every((b) => b.close > 0 && b.volume > 0)).toBe(true);
  });

  it('an empty window (no `timestamp`, `quote: [{}]`) is no_data_in_range', async () => {
    h = await startBarsHarness(only);
    h.yahoo!.inject('QQQ', { status: 200, body: chartBody('QQQ', []) });
    expect((await rejection(h.chain.getDailyBars('QQQ', QUARTER))).details?.tried).toEqual([{ provider: 'yahoo', kind: 'no_data', code: 'no_data_in_range' }]);
  });

  it('serves indices: ^SOX with zero volume and adjClose = close', async () => {
    h = await startBarsHarness(only);
    const sox = await h.chain.getDailyBars('^SOX', QUARTER);
    expect(sox.bars.at(-1)).toMatchObject({ date: '2026-11-25', volume: 0 });
    expect(sox.bars.at(-1)!.close).toBeCloseTo(fixtureBar('^SOX', '2026-11-25')!.close, 1);
    expect(sox.bars.every((b) => b.adjClose === b.close)).toBe(true);
    expect(h.yahoo!.requests[0].path).toBe('/v8/finance/chart/%5ESOX');
  });

  it('an unknown symbol (404 JSON) is unknown_symbol and is not asked again for a day', async () => {
    h = await startBarsHarness(only);
    const error = await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(error.code).toBe('unknown_symbol');
    expect(reasonsOf(error)).toMatch(/No data found, symbol may be delisted/);
    await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(h.yahoo!.count('ZZZZ')).toBe(1);
  });

  it('429 as plain text is rate_limited with a cooldown', async () => {
    h = await startBarsHarness(only);
    h.yahoo!.inject('NVDA', { status: 429, raw: 'Edge: Too Many Requests', contentType: 'text/plain' });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'yahoo', kind: 'rate_limited', code: 'rate_limited' }]);
    expect(reasonsOf(error)).toMatch(/Edge: Too Many Requests/);
    expect(error.message).toMatch(/Yahoo Finance \(unofficial\) is rate-limited until 15:05 UTC/);
    await rejection(h.chain.getDailyBars('AAPL', QUARTER));
    expect(h.yahoo!.count()).toBe(1);
  });

  it('an HTML page with status 200 is `blocked` and never parsed', async () => {
    h = await startBarsHarness(only);
    h.yahoo!.inject('NVDA', { status: 200, raw: YAHOO_CONSENT_PAGE, contentType: 'text/html; charset=utf-8' });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'yahoo', kind: 'blocked', code: 'provider_blocked' }]);
    expect(error.message).toMatch(/Yahoo Finance \(unofficial\) refused the request \(a web page instead of data\), not asked again before 15:15 UTC/);
    expect(reasonsOf(error)).toMatch(/answered 200 with an HTML page instead of data/);
    expect(JSON.stringify(error.details)).not.toMatch(/consent|Accept all/);
    // blocked for 15 minutes, for every symbol
    await rejection(h.chain.getDailyBars('SPY', QUARTER));
    expect(h.yahoo!.count()).toBe(1);
  });

  it('a consent redirect is not followed: blocked', async () => {
    h = await startBarsHarness(only);
    h.yahoo!.inject('NVDA', { status: 302, raw: '', headers: { location: 'https://consent.yahoo.com/v2/collectConsent' } });
    expect((await rejection(h.chain.getDailyBars('NVDA', QUARTER))).details?.tried).toEqual([{ provider: 'yahoo', kind: 'blocked', code: 'provider_blocked' }]);
  });

  it('NVDA’s 10:1 split on 2024-06-10 is continuous in `close`', async () => {
    h = await startBarsHarness(only);
    const series = await h.chain.getDailyBars('NVDA', { from: '2024-05-01', to: '2024-07-31' });
    expect(largestDailyMove(series.bars)).toBeLessThan(0.1);
    expect(series.bars.find((b) => b.date === '2024-06-07')?.close).toBeCloseTo(fixtureBar('NVDA', '2024-06-07')!.close, 3);
    expect(series.bars.find((b) => b.date === '2024-06-07')?.adjClose).toBeCloseTo(fixtureBar('NVDA', '2024-06-07')!.adjClose, 3);
  });

  it('during the session the latest bar is marked partial; windows ending earlier are not', async () => {
    h = await startBarsHarness({ yahoo: { partialToday: true }, order: 'yahoo' });
    h.clock.now = Date.parse('2026-11-27T16:00:00Z'); // 11:00 New York, closes early at 13:00
    expect(h.chain.referenceDate()).toBe('2026-11-25');
    const live = await h.chain.getDailyBars('NVDA', { from: '2026-11-01', to: '2026-11-27' });
    expect(live.bars.at(-1)?.date).toBe('2026-11-27');
    expect(live).toMatchObject({ partial: true, asOf: '2026-11-27', sessionsMissing: 0 });
    const done = await h.chain.getDailyBars('NVDA', { from: '2026-11-01', to: '2026-11-25' });
    expect(done).toMatchObject({ partial: false });
    expect(done.bars.at(-1)?.date).toBe('2026-11-25');
    const quote = await h.chain.getQuote('NVDA');
    expect(quote).toMatchObject({ asOf: '2026-11-27', source: 'Yahoo Finance (unofficial) (session in progress, delayed)' });
    expect(quote.previousClose).toBeCloseTo(fixtureBar('NVDA', '2026-11-25')!.close, 3);
    expect(h.yahoo!.count()).toBe(1); // one span served all three
  });
});
