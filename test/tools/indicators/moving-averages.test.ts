import { describe, expect, it } from 'vitest';
import { sma } from '../../../src/tools/indicators/sma.js';
import { ema } from '../../../src/tools/indicators/ema.js';
import { BotError } from '../../../src/errors.js';
import { STOCKCHARTS_EMA10, STOCKCHARTS_MA_CLOSES, STOCKCHARTS_SMA10, TALIB_NVDA_EMA20, TALIB_NVDA_SMA200_LAST } from './reference-data.js';
import { closesOf } from './load-market-csv.js';

describe('sma', () => {
  it('matches the StockCharts 10-day SMA example, aligned with nulls during warm-up', () => {
    const out = sma(STOCKCHARTS_MA_CLOSES.slice(0, 18), 10);
    expect(out.slice(0, 9)).toEqual(new Array(9).fill(null));
    // The published table was computed from unrounded closes and printed to 2 decimals: allow ±0.01.
    out.slice(9).forEach((value, i) => expect(Math.abs((value as number) - STOCKCHARTS_SMA10[i])).toBeLessThanOrEqual(0.0101));
  });

  it('matches TA-Lib SMA 200 on real NVDA closes', () => {
    const out = sma(closesOf('NVDA'), 200);
    expect(out[198]).toBeNull();
    expect(out.at(-1)).toBeCloseTo(TALIB_NVDA_SMA200_LAST, 9);
  });

  it('returns only nulls when there are fewer points than the period', () => {
    expect(sma([1, 2, 3], 5)).toEqual([null, null, null]);
    expect(sma([], 5)).toEqual([]);
  });

  it('keeps a constant series constant', () => {
    for (const value of sma(new Array(300).fill(0.1), 50).slice(49)) expect(value).toBeCloseTo(0.1, 12);
  });

  it('rejects a bad period or a non-finite value with a clear error', () => {
    expect(() => sma([1, 2, 3], 0)).toThrow(/period must be a positive integer/);
    expect(() => sma([1, 2, 3], 2.5)).toThrow(BotError);
    expect(() => sma([1, Number.NaN, 3], 2)).toThrow(/index 1 is not a finite number/);
  });
});

describe('ema (TA-Lib: seeded with the SMA of the first N values)', () => {
  it('matches the StockCharts 10-day EMA worked example', () => {
    const out = ema(STOCKCHARTS_MA_CLOSES, 10);
    expect(out.slice(0, 9)).toEqual(new Array(9).fill(null));
    // The first EMA is the 10-day SMA (the seed).
    expect(out[9]).toBeCloseTo(STOCKCHARTS_MA_CLOSES.slice(0, 10).reduce((a, b) => a + b) / 10, 12);
    out.slice(9).forEach((value, i) => expect(Math.abs((value as number) - STOCKCHARTS_EMA10[i])).toBeLessThanOrEqual(0.0101));
  });

  it('matches TA-Lib EMA 20 on real NVDA closes', () => {
    const out = ema(closesOf('NVDA'), 20);
    expect(out[18]).toBeNull();
    expect(out[19]).toBeCloseTo(TALIB_NVDA_EMA20[19], 12);
    expect(out.at(-1)).toBeCloseTo(TALIB_NVDA_EMA20[1759], 9);
  });

  it('handles short and constant series', () => {
    expect(ema([1, 2], 3)).toEqual([null, null]);
    expect(ema([5, 5, 5, 5, 5], 3)).toEqual([null, null, 5, 5, 5]);
  });
});
