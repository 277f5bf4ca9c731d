import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBar, fixtureBars } from '../../../fakes/bars-fixtures.js';
import { largestDailyMove, reasonsOf, rejection, startBarsHarness, THANKSGIVING_10AM, type BarsHarness } from './bars-harness.js';

let h: BarsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUARTER = { from: '2026-08-25', to: '2026-11-25' };

describe('Alpaca market data against a fake Alpaca', () => {
  it('serves split-adjusted consolidated bars with both key headers, no `feed`, and `end` 16 minutes back at most', async () => {
    h = await startBarsHarness({ alpaca: true });
    const series = await h.chain.getDailyBars('SOXX', { ...QUARTER, warmupBars: 1 });
    expect(series).toMatchObject({ symbol: 'SOXX', source: 'Alpaca', provider: 'alpaca', asOf: '2026-11-25', adjustment: 'split', sessionsMissing: 0 });
    const expected = fixtureBars('SOXX', QUARTER.from, QUARTER.to)!;
    expect(series.bars.slice(series.windowStart).map((b) => [b.date, b.close, b.volume])).toEqual(expected.map((b) => [b.date, b.close, b.volume]));
    expect(series.bars[0].adjClose).toBeUndefined(); // Alpaca has no dividend-adjusted close on this request
    const [request] = h.alpaca!.requests;
    expect(request.headers['apca-api-key-id']).toBe(h.alpaca!.keyId);
    expect(request.headers['apca-api-secret-key']).toBe(h.alpaca!.secretKey);
    expect(request.query).toMatchObject({ timeframe: '1Day', adjustment: 'split' });
    expect(request.query.feed).toBeUndefined();
    expect(Date.parse(request.query.end)).toBeLessThanOrEqual(THANKSGIVING_10AM - 16 * 60_000);
    for (const secret of h.secrets) {
      expect(request.rawUrl).not.toContain(secret);
      for (const line of h.lines) expect(line).not.toContain(secret);
    }
  });

  it('follows next_page_token until it is null', async () => {
    h = await startBarsHarness({ alpaca: { pageSize: 100 } });
    const series = await h.chain.getDailyBars('AAPL', { ...QUARTER, warmupBars: 260 });
    expect(series.windowStart).toBe(260);
    expect(series.bars.at(-1)?.date).toBe('2026-11-25');
    const pages = h.alpaca!.requests;
    expect(pages.length).toBeGreaterThanOrEqual(5); // two years at 100 a page
    expect(pages[0].query.page_token).toBeUndefined();
    expect(pages.slice(1).every((p) => p.query.page_token)).toBe(true);
    const dates = series.bars.map((b) => b.date);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('`bars: null` and a bare 204 are an empty window, not an error shape', async () => {
    h = await startBarsHarness({ alpaca: true, order: 'alpaca' });
    h.alpaca!.inject('AMD', { status: 200, body: { bars: null, next_page_token: null, symbol: 'AMD' } });
    expect((await rejection(h.chain.getDailyBars('AMD', QUARTER))).details?.tried).toEqual([{ provider: 'alpaca', kind: 'no_data', code: 'no_data_in_range' }]);
    h.alpaca!.inject('TSLA', { status: 204 });
    expect((await rejection(h.chain.getDailyBars('TSLA', QUARTER))).details?.tried).toEqual([{ provider: 'alpaca', kind: 'no_data', code: 'no_data_in_range' }]);
  });

  it('a symbol Alpaca does not know comes back empty (Alpaca says no more), so the chain asks the next provider', async () => {
    h = await startBarsHarness({ alpaca: true, yahoo: true, order: 'alpaca,yahoo' });
    const error = await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(error.details?.tried).toEqual([
      { provider: 'alpaca', kind: 'no_data', code: 'no_data_in_range' },
      { provider: 'yahoo', kind: 'unknown_symbol', code: 'unknown_symbol' },
    ]);
    expect(error.code).toBe('bars_unavailable');
  });

  it('429 is rate_limited (Retry-After honoured) and the chain cools Alpaca down', async () => {
    h = await startBarsHarness({ alpaca: true, order: 'alpaca' });
    h.alpaca!.inject('NVDA', { status: 429, raw: 'Too Many Requests', contentType: 'text/plain', headers: { 'retry-after': '30' } });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'alpaca', kind: 'rate_limited', code: 'rate_limited' }]);
    await rejection(h.chain.getDailyBars('AAPL', QUARTER));
    expect(h.alpaca!.count()).toBe(1);
    h.clock.now += 31_000;
    expect((await h.chain.getDailyBars('AAPL', QUARTER)).source).toBe('Alpaca');
  });

  it('the free plan’s refusal of recent SIP data is not_in_plan', async () => {
    h = await startBarsHarness({ alpaca: true, order: 'alpaca' });
    h.alpaca!.inject('NVDA', { status: 403, body: { message: 'subscription does not permit querying recent SIP data' } });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'alpaca', kind: 'not_in_plan', code: 'not_in_plan' }]);
    expect(reasonsOf(error)).toMatch(/recent SIP data/);
    expect(error.message).toMatch(/Alpaca does not serve NVDA on this plan/);
  });

  it('wrong keys are provider_auth_failed, naming both variables', async () => {
    h = await startBarsHarness({ alpaca: true, order: 'alpaca' });
    h.alpaca!.inject('NVDA', { status: 401, body: { message: 'unauthorized.' } });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'alpaca', kind: 'auth', code: 'provider_auth_failed' }]);
    expect(error.message).toMatch(/Alpaca rejected its API key \(ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY\)/);
  });

  it('NVDA’s 10:1 split on 2024-06-10 is continuous with adjustment=split (the raw tape jumps 90%)', async () => {
    h = await startBarsHarness({ alpaca: true });
    const series = await h.chain.getDailyBars('NVDA', { from: '2024-05-01', to: '2024-07-31' });
    expect(largestDailyMove(series.bars)).toBeLessThan(0.1);
    expect(series.bars.find((b) => b.date === '2024-06-07')?.close).toBeCloseTo(fixtureBar('NVDA', '2024-06-07')!.close, 4);
    expect(series.bars.find((b) => b.date === '2024-06-10')?.close).toBeCloseTo(fixtureBar('NVDA', '2024-06-10')!.close, 4);
  });
});
