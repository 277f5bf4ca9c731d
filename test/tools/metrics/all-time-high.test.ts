import { describe, expect, it } from 'vitest';
import { allTimeHighOutputSchema, allTimeHighTool, type AllTimeHigh } from '../../../src/tools/all-time-high.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference, TODAY } from './helpers.js';

/** get_bars from the earliest date: the whole offline history. */
const history = (symbol: string) => bars(symbol, '1990-01-01', TODAY, 0);

describe('tool all_time_high on the offline dataset', () => {
  it("NVDA's all-time high: the highest close and intraday high since the data starts (2019-05-16)", async () => {
    const out = await output<AllTimeHigh>('all_time_high', { series: await history('NVDA') });
    expect(allTimeHighOutputSchema.safeParse(out).success).toBe(true);
    expect(out.highestClose.close).toBe(reference({ kind: 'all_time_high', ticker: 'NVDA' }));
    expect(out.highestHigh.high).toBe(reference({ kind: 'all_time_high', ticker: 'NVDA', basis: 'intraday' }));
    expect(out).toMatchObject({ historyFrom: '2019-05-16', historyTo: TODAY, lastClose: 225.32, atHigh: false, source: 'offline dataset', asOf: TODAY });
    expect(out.pctFromHighestClose).toBeCloseTo(reference({ kind: 'pct_from_ath', ticker: 'NVDA' }), 2);
    expect(out.pctFromHighestHigh).toBeCloseTo(reference({ kind: 'pct_from_ath', ticker: 'NVDA', basis: 'intraday' }), 2);
    expect(allTimeHighTool.summarize!(out)).toContain('(data from 2019-05-16)');
  });

  it('matches the reference for every symbol with data', async () => {
    for (const symbol of ['TSLA', 'AAPL', 'MSFT', 'SPY', '^SOX', 'INTC']) {
      const out = await output<AllTimeHigh>('all_time_high', { series: await history(symbol) });
      expect(out.highestClose.close, symbol).toBe(reference({ kind: 'all_time_high', ticker: symbol }));
      expect(out.pctFromHighestClose, symbol).toBeCloseTo(reference({ kind: 'pct_from_ath', ticker: symbol }), 2);
      expect(out.highestHigh.high, symbol).toBe(reference({ kind: 'all_time_high', ticker: symbol, basis: 'intraday' }));
    }
  });

  it('searches only the bars it is given, and says how far back they reach', async () => {
    const recent = await output<AllTimeHigh>('all_time_high', { series: await bars('INTC', '2026-01-01', TODAY) });
    expect(recent.historyFrom).toBe('2025-12-31'); // the warm-up bar counts: it is history too
  });

  it('ties go to the latest session; a last close at the high is atHigh with 0% below', async () => {
    const series = syntheticSeries('SYN', [10, 12, 11, 12, 9, 12], 0);
    const out = await output<AllTimeHigh>('all_time_high', { series });
    expect(out.highestClose).toEqual({ date: series.bars[5].date, close: 12 });
    expect(out).toMatchObject({ atHigh: true, pctFromHighestClose: 0, sessions: 6 });
    const one = await output<AllTimeHigh>('all_time_high', { series: syntheticSeries('ONE', [7], 0) });
    expect(one).toMatchObject({ atHigh: true, historyFrom: one.historyTo, lastClose: 7 });
  });

  it('an empty series is insufficient_data', async () => {
    expect(await failure('all_time_high', { series: syntheticSeries('NONE', [], 0) })).toMatchObject({ code: 'insufficient_data' });
  });
});
