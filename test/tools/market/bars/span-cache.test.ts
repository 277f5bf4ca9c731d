import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBar } from '../../../fakes/bars-fixtures.js';
import { startBarsHarness, type BarsHarness } from './bars-harness.js';

let h: BarsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tiingoOnly = { tiingo: true, order: 'tiingo' } as const;

describe('daily-bars cache: one span per symbol, single-flight, calendar freshness', () => {
  it('one fetch of two years serves every shorter window of the symbol', async () => {
    h = await startBarsHarness(tiingoOnly);
    await h.chain.getDailyBars('NVDA', { from: '2026-08-25', to: '2026-11-25', warmupBars: 260 });
    const [request] = h.tiingo!.requests;
    expect(request.query).toMatchObject({ startDate: '2024-11-25', endDate: '2026-11-26' });
    for (const window of [
      { from: '2025-11-25', to: '2026-11-25', warmupBars: 200 },
      { from: '2026-11-18', to: '2026-11-25' },
      { from: '2026-01-02', to: '2026-03-31', warmupBars: 50 },
      { from: '2025-06-02', to: '2025-06-30' },
    ]) {
      const series = await h.chain.getDailyBars('NVDA', window);
      expect(series.bars[series.windowStart].date >= window.from).toBe(true);
      expect(series.bars.at(-1)!.date <= window.to).toBe(true);
    }
    expect(h.tiingo!.count()).toBe(1);
    expect(h.chain.cacheStats).toMatchObject({ loads: 1, hits: 4 });
  });

  it('concurrent runs asking for the same series make one upstream request', async () => {
    h = await startBarsHarness({ tiingo: { latencyMs: 60 }, order: 'tiingo' });
    const windows = [
      { from: '2026-08-25', to: '2026-11-25', warmupBars: 260 },
      { from: '2026-08-25', to: '2026-11-25', warmupBars: 1 },
      { from: '2025-11-25', to: '2026-11-25' },
    ];
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => h!.chain.getDailyBars(['NVDA', 'SOXX', 'SMH'][i % 3], windows[i % 3])));
    expect(results.every((s) => s.source === 'Tiingo')).toBe(true);
    expect(h.tiingo!.count()).toBe(3);
    expect(h.chain.cacheStats.loads).toBe(3);
  });

  it('the last bar lives until the next session’s close; history is served from the cache after that', async () => {
    h = await startBarsHarness(tiingoOnly);
    await h.chain.getDailyBars('AAPL', { from: '2026-08-25', to: '2026-11-25' });
    h.clock.now = Date.parse('2026-11-27T17:59:00Z'); // 12:59 New York, the early close is 13:00
    await h.chain.getDailyBars('AAPL', { from: '2026-08-27', to: '2026-11-27' });
    expect(h.tiingo!.count()).toBe(1);
    h.clock.now = Date.parse('2026-11-27T18:05:00Z'); // 13:05: 2026-11-27 is complete
    const fresh = await h.chain.getDailyBars('AAPL', { from: '2026-08-27', to: '2026-11-27' });
    expect(h.tiingo!.count()).toBe(2);
    expect(fresh.bars.at(-1)).toMatchObject({ date: '2026-11-27', close: fixtureBar('AAPL', '2026-11-27')!.close });
    // a window that ends before the cached span's last bar never needs a new request
    h.clock.now = Date.parse('2026-12-02T15:00:00Z');
    await h.chain.getDailyBars('AAPL', { from: '2026-06-01', to: '2026-09-30' });
    expect(h.tiingo!.count()).toBe(2);
  });

  it('a provider that has not published the latest session yet is asked again after 15 minutes', async () => {
    h = await startBarsHarness(tiingoOnly);
    h.clock.now = Date.parse('2026-11-25T21:30:00Z'); // 16:30 New York
    const rows = (await (await fetch(`${h.tiingo!.url}/tiingo/daily/MSFT/prices?startDate=2024-11-25&endDate=2026-11-24`, { headers: { Authorization: `Token ${h.tiingo!.apiKey}` } })).json()) as unknown[];
    h.tiingo!.requests.pop();
    h.tiingo!.inject('MSFT', { status: 200, body: rows });
    expect(await h.chain.getDailyBars('MSFT', { from: '2026-08-25', to: '2026-11-25' })).toMatchObject({ sessionsMissing: 1, asOf: '2026-11-24' });
    h.clock.now += 10 * 60_000;
    await h.chain.getDailyBars('MSFT', { from: '2026-08-25', to: '2026-11-25' });
    expect(h.tiingo!.count()).toBe(1);
    h.clock.now += 6 * 60_000;
    expect(await h.chain.getDailyBars('MSFT', { from: '2026-08-25', to: '2026-11-25' })).toMatchObject({ sessionsMissing: 0, asOf: '2026-11-25' });
    expect(h.tiingo!.count()).toBe(2);
  });

  it('a window older than the span fetches further back once, then serves both', async () => {
    h = await startBarsHarness(tiingoOnly);
    await h.chain.getDailyBars('MSFT', { from: '2026-08-25', to: '2026-11-25' });
    await h.chain.getDailyBars('MSFT', { from: '2021-01-04', to: '2021-03-31', warmupBars: 20 });
    expect(h.tiingo!.requests[1].query.startDate < '2020-12-01').toBe(true);
    await h.chain.getDailyBars('MSFT', { from: '2021-02-01', to: '2026-11-25' });
    await h.chain.getDailyBars('MSFT', { from: '2026-08-25', to: '2026-11-25' });
    expect(h.tiingo!.count()).toBe(2);
  });

  it('failures are not cached: the next call goes upstream again', async () => {
    h = await startBarsHarness(tiingoOnly);
    h.tiingo!.inject('AMD', { status: 502, raw: 'bad gateway', contentType: 'text/plain' }, 2);
    await expect(h.chain.getDailyBars('AMD', { from: '2026-08-25', to: '2026-11-25' })).rejects.toThrow(/Tiingo did not answer properly \(unavailable\)/);
    expect((await h.chain.getDailyBars('AMD', { from: '2026-08-25', to: '2026-11-25' })).source).toBe('Tiingo');
    expect(h.tiingo!.count('AMD')).toBe(3);
  });

  it('with caching off every window goes upstream (the bench baseline)', async () => {
    h = await startBarsHarness({ ...tiingoOnly, caching: false });
    await Promise.all(Array.from({ length: 4 }, () => h!.chain.getDailyBars('NVDA', { from: '2026-08-25', to: '2026-11-25' })));
    expect(h.tiingo!.count()).toBe(4);
  });
});
