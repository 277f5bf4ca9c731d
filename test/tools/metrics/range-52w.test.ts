import { describe, expect, it } from 'vitest';
import { range52wOutputSchema, range52wTool, type Range52w } from '../../../src/tools/range-52w.js';
import { computeTechnicals } from '../../../src/tools/indicators/compute-technicals.js';
import { computeIndicatorSet } from '../../../src/tools/indicators/compute-indicator-set.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference, TODAY } from './helpers.js';

const year = (symbol: string) => bars(symbol, TODAY, TODAY, 300);

describe('tool range_52w on the offline dataset', () => {
  it("MSFT's 52-week high: the highest intraday high of the last 252 sessions", async () => {
    const out = await output<Range52w>('range_52w', { series: await year('MSFT') });
    expect(range52wOutputSchema.safeParse(out).success).toBe(true);
    expect(out.high).toBe(reference({ kind: 'high_52w', ticker: 'MSFT' }));
    expect(out.low).toBe(reference({ kind: 'low_52w', ticker: 'MSFT' }));
    expect(out).toMatchObject({ highDate: '2025-07-31', sessions: 252, partial: false, from: '2025-05-15', lastDate: TODAY });
    expect(out.fromHighPct).toBeCloseTo(reference({ kind: 'pct_from_high_52w', ticker: 'MSFT' }), 2);
    expect(range52wTool.summarize!(out)).toContain('52-week range');
  });

  it('matches the reference for other symbols, and technicals_summary reads the same range from the same series', async () => {
    for (const symbol of ['META', 'TSLA', 'NVDA', 'QQQ']) {
      const series = await year(symbol);
      const out = await output<Range52w>('range_52w', { series });
      expect(out.high, symbol).toBe(reference({ kind: 'high_52w', ticker: symbol }));
      expect(out.low, symbol).toBe(reference({ kind: 'low_52w', ticker: symbol }));
      expect(out.fromHighPct, symbol).toBeCloseTo(reference({ kind: 'pct_from_high_52w', ticker: symbol }), 2);
      const technicals = computeTechnicals(series, computeIndicatorSet(series));
      expect({ high: out.high, highDate: out.highDate, low: out.low, lowDate: out.lowDate, fromHighPct: out.fromHighPct }).toEqual({
        high: technicals.range52w.high,
        highDate: technicals.range52w.highDate,
        low: technicals.range52w.low,
        lowDate: technicals.range52w.lowDate,
        fromHighPct: technicals.range52w.fromHighPct,
      });
    }
  });

  it('a series shorter than a year is partial, and a single session is its own range', async () => {
    const short = await output<Range52w>('range_52w', { series: await bars('AMD', '2026-01-01', TODAY) });
    // YTD has 93 sessions; with the one warm-up bar the series holds 94.
    expect(short).toMatchObject({ partial: true, from: '2025-12-31', sessions: 94 });
    expect(range52wTool.summarize!(short)).toContain(`${short.sessions}-session range`);
    const one = await output<Range52w>('range_52w', { series: syntheticSeries('ONE', [100], 0) });
    expect(one).toMatchObject({ high: 101, low: 99, sessions: 1, partial: true });
    expect(one.fromHighPct).toBeCloseTo(-0.99, 2);
    expect(one.fromLowPct).toBeCloseTo(1.01, 2);
  });

  it('bad input is a clear error', async () => {
    expect(await failure('range_52w', { series: { symbol: 'X' } })).toMatchObject({ code: 'tool_input_invalid' });
  });
});
