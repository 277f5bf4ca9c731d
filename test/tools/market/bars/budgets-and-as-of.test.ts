import { afterEach, describe, expect, it } from 'vitest';
import { latestCommonSession } from '../../../../src/tools/market/bars/series-as-of.js';
import { rejection, startBarsHarness, type BarsHarness } from './bars-harness.js';

let h: BarsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUARTER = { from: '2026-08-25', to: '2026-11-25' };

describe('Tiingo’s distinct-symbols budget', () => {
  it('past the monthly budget a new symbol is not_in_plan without a request; known ones still go; next month resets', async () => {
    h = await startBarsHarness({ tiingo: true, yahoo: true, env: { TIINGO_SYMBOLS_PER_MONTH: '2' } });
    expect((await h.chain.getDailyBars('NVDA', QUARTER)).source).toBe('Tiingo');
    expect((await h.chain.getDailyBars('AAPL', QUARTER)).source).toBe('Tiingo');
    const third = await h.chain.getDailyBars('MSFT', QUARTER);
    expect(third.source).toBe('Yahoo Finance (unofficial)');
    expect(h.tiingo!.count('MSFT')).toBe(0);
    h.clock.now = Date.parse('2026-11-27T18:05:00Z'); // the spans are stale: NVDA is asked again, within budget
    expect((await h.chain.getDailyBars('NVDA', { from: '2026-08-27', to: '2026-11-27' })).source).toBe('Tiingo');
    h.clock.now = Date.parse('2026-12-01T22:00:00Z');
    expect((await h.chain.getDailyBars('AMD', { from: '2026-09-01', to: '2026-12-01' })).source).toBe('Tiingo');
  });

  it('with only Tiingo, the refusal says why', async () => {
    h = await startBarsHarness({ tiingo: true, order: 'tiingo', env: { TIINGO_SYMBOLS_PER_MONTH: '1' } });
    await h.chain.getDailyBars('NVDA', QUARTER);
    const error = await rejection(h.chain.getDailyBars('AAPL', QUARTER));
    expect(error.message).toBe('No daily bars for AAPL (2026-08-25 → 2026-11-25): Tiingo does not serve AAPL on this plan.');
    expect(JSON.stringify(error.details)).toMatch(/budget of 1 distinct symbols is used up/);
  });
});

describe('latestCommonSession', () => {
  const bars = (...dates: string[]) => dates.map((date) => ({ date, open: 1, high: 1, low: 1, close: 1, volume: 1 }));
  it('is the last complete bar every series reaches, ignoring a partial last bar', () => {
    expect(latestCommonSession([{ bars: bars('2026-11-24', '2026-11-25') }, { bars: bars('2026-11-23', '2026-11-24') }])).toBe('2026-11-24');
    expect(latestCommonSession([{ bars: bars('2026-11-25', '2026-11-27'), partial: true }])).toBe('2026-11-25');
    expect(latestCommonSession([{ bars: [] }])).toBeUndefined();
  });
});
