import { describe, expect, it } from 'vitest';
import { movingAverageOutputSchema, movingAverageTool, type MovingAverage } from '../../../src/tools/moving-average.js';
import { STOCKCHARTS_EMA10, STOCKCHARTS_MA_CLOSES, STOCKCHARTS_SMA10 } from '../indicators/reference-data.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference, TODAY } from './helpers.js';

const latest = (symbol: string, warmupBars = 260) => bars(symbol, TODAY, TODAY, warmupBars);

describe('tool moving_average on the offline dataset', () => {
  it("NVDA's 200-day: the mean of the last 200 closes, the close above it, the slope over 20 sessions", async () => {
    const out = await output<MovingAverage>('moving_average', { series: await latest('NVDA'), period: 200 });
    expect(movingAverageOutputSchema.safeParse(out).success).toBe(true);
    expect(out.kind).toBe('sma'); // the default
    expect(Math.abs(out.value - reference({ kind: 'sma', ticker: 'NVDA', n: 200 }))).toBeLessThanOrEqual(0.00005 + 1e-9); // rounded to 4 decimals
    expect(out.distancePct).toBeCloseTo(reference({ kind: 'pct_vs_sma', ticker: 'NVDA', n: 200 }), 2);
    expect(out).toMatchObject({ date: TODAY, lastClose: 225.32, position: 'above', firstDate: '2025-07-31', slope: { sessions: 20, direction: 'rising' } });
    expect(movingAverageTool.summarize!(out)).toMatch(/^NVDA SMA 200 185\.97 on 2026-05-15; close 225\.32 is 21\.16% above it, rising$/);
  });

  it('matches the reference for the gold questions (GOOGL 200, AMZN 100, MSFT 50, AAPL 20)', async () => {
    for (const [symbol, n] of [
      ['GOOGL', 200],
      ['AMZN', 100],
      ['MSFT', 50],
      ['AAPL', 20],
    ] as const) {
      const out = await output<MovingAverage>('moving_average', { series: await latest(symbol), period: n, kind: 'sma' });
      expect(Math.abs(out.value - reference({ kind: 'sma', ticker: symbol, n })), `${symbol} ${n}`).toBeLessThanOrEqual(0.00005 + 1e-9);
      expect(out.distancePct, `${symbol} ${n}`).toBeCloseTo(reference({ kind: 'pct_vs_sma', ticker: symbol, n }), 2);
      expect(out.position).toBe(out.distancePct > 0 ? 'above' : 'below');
    }
  });

  it('SMA and EMA match the StockCharts worked example (10-day, ±0.01)', async () => {
    const csSeries = syntheticSeries('CS', STOCKCHARTS_MA_CLOSES, 0);
    const ema = await output<MovingAverage>('moving_average', { series: csSeries, period: 10, kind: 'ema' });
    expect(Math.abs(ema.value - STOCKCHARTS_EMA10.at(-1)!)).toBeLessThanOrEqual(0.01);
    const sma = await output<MovingAverage>('moving_average', { series: syntheticSeries('CS', STOCKCHARTS_MA_CLOSES.slice(0, 18), 0), period: 10 });
    expect(Math.abs(sma.value - STOCKCHARTS_SMA10.at(-1)!)).toBeLessThanOrEqual(0.01);
    expect(sma.slope).toBeNull(); // 18 closes: no value 20 sessions back
    expect(ema.firstDate).toBe(csSeries.bars[0].date); // an EMA is seeded at the start of the series
    expect(sma.firstDate).toBe(csSeries.bars[8].date); // the oldest of the 10 closes averaged (indices 8–17)
  });

  it('flat, falling and at-the-average readings', async () => {
    const flat = await output<MovingAverage>('moving_average', { series: syntheticSeries('FLAT', Array(40).fill(10), 0), period: 5 });
    expect(flat).toMatchObject({ value: 10, position: 'at', distancePct: 0, slope: { direction: 'flat', changePct: 0 } });
    const falling = await output<MovingAverage>('moving_average', { series: syntheticSeries('DOWN', Array.from({ length: 60 }, (_, i) => 100 - i), 0), period: 10 });
    expect(falling).toMatchObject({ position: 'below', slope: { direction: 'falling' } });
  });

  it('bad input is a clear error: too few closes, a period below 2, an unknown kind', async () => {
    const series = await latest('NVDA', 50);
    expect(await failure('moving_average', { series, period: 200 })).toMatchObject({ code: 'insufficient_data', message: expect.stringMatching(/needs 200 closes, the series has 51/) });
    expect(await failure('moving_average', { series, period: 1 })).toMatchObject({ code: 'tool_input_invalid' });
    expect(await failure('moving_average', { series, period: 20, kind: 'wma' })).toMatchObject({ code: 'tool_input_invalid' });
  });
});
