import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBar, fixtureBars } from '../../../fakes/bars-fixtures.js';
import { TIINGO_HOURLY_LIMIT_DETAIL, TIINGO_MONTHLY_SYMBOLS_DETAIL } from '../../../fakes/tiingo-server.js';
import { largestDailyMove, reasonsOf, rejection, startBarsHarness, type BarsHarness } from './bars-harness.js';

let h: BarsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUARTER = { from: '2026-08-25', to: '2026-11-25' };

describe('Tiingo EOD against a fake Tiingo', () => {
  it('serves the window split-adjusted with Tiingo’s adjusted close, and says where it came from', async () => {
    h = await startBarsHarness({ tiingo: true });
    const series = await h.chain.getDailyBars('nvda', { ...QUARTER, warmupBars: 260 });
    const expected = fixtureBars('NVDA', QUARTER.from, QUARTER.to)!;
    expect(series).toMatchObject({ symbol: 'NVDA', source: 'Tiingo', provider: 'tiingo', asOf: '2026-11-25', adjustment: 'split', partial: false, sessionsMissing: 0, windowStart: 260 });
    const window = series.bars.slice(series.windowStart);
    expect(window.map((b) => b.date)).toEqual(expected.map((b) => b.date));
    expect(window.at(-1)).toEqual({ date: '2026-11-25', open: expected.at(-1)!.open, high: expected.at(-1)!.high, low: expected.at(-1)!.low, close: expected.at(-1)!.close, volume: expected.at(-1)!.volume, adjClose: expected.at(-1)!.adjClose });
    expect(h.tiingo!.count()).toBe(1);
  });

  it('sends the key only as `Authorization: Token …`: never in a URL, a log line or an error', async () => {
    h = await startBarsHarness({ tiingo: true });
    await h.chain.getDailyBars('AAPL', QUARTER);
    h.tiingo!.inject('MSFT', { status: 500, body: { detail: `boom ${h.tiingo!.apiKey}` } }, 2);
    const error = await rejection(h.chain.getDailyBars('MSFT', QUARTER));
    for (const r of h.tiingo!.requests) {
      expect(r.headers.authorization).toBe(`Token ${h.tiingo!.apiKey}`);
      expect(r.rawUrl).not.toContain(h.tiingo!.apiKey);
      expect(r.query.token).toBeUndefined();
      expect(r.query).toMatchObject({ resampleFreq: 'daily', format: 'json' });
    }
    expect(h.lines.length).toBeGreaterThan(2);
    for (const line of h.lines) expect(line).not.toContain(h.tiingo!.apiKey);
    expect(error.message).not.toContain(h.tiingo!.apiKey);
    expect(h.tiingo!.count('MSFT')).toBe(2); // a 5xx is retried once
  });

  it('NVDA’s 10:1 split on 2024-06-10 gives continuous split-adjusted prices (raw rows are 10× before it)', async () => {
    h = await startBarsHarness({ tiingo: true });
    const series = await h.chain.getDailyBars('NVDA', { from: '2024-05-01', to: '2024-07-31' });
    expect(largestDailyMove(series.bars)).toBeLessThan(0.1);
    const before = series.bars.find((b) => b.date === '2024-06-07')!;
    const after = series.bars.find((b) => b.date === '2024-06-10')!;
    expect(before.close).toBeCloseTo(fixtureBar('NVDA', '2024-06-07')!.close, 6);
    expect(after.close).toBeCloseTo(fixtureBar('NVDA', '2024-06-10')!.close, 6);
    expect(before.volume).toBe(fixtureBar('NVDA', '2024-06-07')!.volume); // volume rescaled too
    expect(before.adjClose).toBe(fixtureBar('NVDA', '2024-06-07')!.adjClose);
    // and the 4:1 of 2021-07-20 compounds with it
    const older = await h.chain.getDailyBars('NVDA', { from: '2021-07-01', to: '2021-07-31' });
    expect(largestDailyMove(older.bars)).toBeLessThan(0.1);
    expect(older.bars[0].close).toBeCloseTo(fixtureBar('NVDA', older.bars[0].date)!.close, 6);
  });

  it('an empty answer for a window is no_data_in_range, not bars of zeros', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo' });
    h.tiingo!.inject('AMD', { status: 200, body: [] });
    const error = await rejection(h.chain.getDailyBars('AMD', QUARTER));
    expect(error.code).toBe('bars_unavailable');
    expect(error.message).toBe('No daily bars for AMD (2026-08-25 → 2026-11-25): Tiingo has no AMD sessions in this window.');
    expect(reasonsOf(error)).toMatch(/Tiingo: no AMD sessions between 2026-08-25 and 2026-11-25/);
    expect(error.details?.tried).toEqual([{ provider: 'tiingo', kind: 'no_data', code: 'no_data_in_range' }]);
  });

  it('an unknown ticker is unknown_symbol, final, and remembered for a day (no second request)', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo' });
    const first = await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(first.code).toBe('unknown_symbol');
    expect(first.retryable).toBe(false);
    expect(first.message).toBe('No provider knows ZZZZ: Tiingo does not know ZZZZ.');
    expect(reasonsOf(first)).toMatch(/Ticker 'ZZZZ' not found/);
    const again = await rejection(h.chain.getDailyBars('ZZZZ', { from: '2026-01-02', to: '2026-03-31' }));
    expect(again.code).toBe('unknown_symbol');
    expect(h.tiingo!.count('ZZZZ')).toBe(1);
    h.clock.now += 25 * 3_600_000;
    await rejection(h.chain.getDailyBars('ZZZZ', QUARTER));
    expect(h.tiingo!.count('ZZZZ')).toBe(2);
  });

  it('429 with Retry-After: rate_limited for that long, and nobody asks Tiingo meanwhile', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo' });
    h.tiingo!.inject('NVDA', { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.code).toBe('bars_unavailable');
    expect(error.details?.tried).toEqual([{ provider: 'tiingo', kind: 'rate_limited', code: 'rate_limited' }]);
    expect(reasonsOf(error)).toMatch(/hourly request allocation/);
    expect(error.message).toMatch(/Tiingo is rate-limited until 16:00 UTC/);
    const other = await rejection(h.chain.getDailyBars('AAPL', QUARTER));
    expect(other.message).toMatch(/Tiingo is rate-limited until 16:00 UTC/);
    expect(h.tiingo!.count()).toBe(1);
  });

  it('the hourly-allocation text with HTTP 200 is a throttle, not data', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo' });
    h.tiingo!.inject('NVDA', { status: 200, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL } });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'tiingo', kind: 'rate_limited', code: 'rate_limited' }]);
    // and it was not cached as an empty or unknown symbol: after the cooldown, NVDA is served
    h.clock.now += 3_601_000;
    expect((await h.chain.getDailyBars('NVDA', QUARTER)).source).toBe('Tiingo');
  });

  it('the 500-symbols-a-month cap is not_in_plan for that symbol only', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo' });
    h.tiingo!.inject('TSLA', { status: 200, body: { detail: TIINGO_MONTHLY_SYMBOLS_DETAIL } });
    const error = await rejection(h.chain.getDailyBars('TSLA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'tiingo', kind: 'not_in_plan', code: 'not_in_plan' }]);
    expect((await h.chain.getDailyBars('AAPL', QUARTER)).source).toBe('Tiingo');
    await rejection(h.chain.getDailyBars('TSLA', QUARTER));
    expect(h.tiingo!.count('TSLA')).toBe(1);
  });

  it('a wrong key is provider_auth_failed and names the variable', async () => {
    h = await startBarsHarness({ tiingo: { apiKey: 'the-right-key' }, order: 'tiingo', env: {} });
    // the harness wires the fake's key; swap it for a wrong one by injecting the fake's own 401
    h.tiingo!.inject('NVDA', { status: 401, body: { detail: 'Invalid token.' } });
    const error = await rejection(h.chain.getDailyBars('NVDA', QUARTER));
    expect(error.details?.tried).toEqual([{ provider: 'tiingo', kind: 'auth', code: 'provider_auth_failed' }]);
    expect(error.message).toMatch(/Tiingo rejected its API key \(TIINGO_API_KEY\)/);
  });

  it('never asks Tiingo for an index', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo,offline' });
    const sox = await h.chain.getDailyBars('^SOX', { from: '2026-02-13', to: '2026-05-15' });
    expect(sox.source).toBe('offline dataset');
    expect(h.tiingo!.count()).toBe(0);
  });
});
