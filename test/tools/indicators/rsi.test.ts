import { describe, expect, it } from 'vitest';
import { rsi } from '../../../src/tools/indicators/rsi.js';
import { STOCKCHARTS_RSI14, STOCKCHARTS_RSI_CLOSES, TALIB_NVDA_RSI14 } from './reference-data.js';
import { closesOf } from './load-market-csv.js';

describe('rsi (Wilder smoothing, first average = simple average of the first 14 changes)', () => {
  it("matches StockCharts' QQQQ worked example (cs-rsi) to two decimals", () => {
    const out = rsi(STOCKCHARTS_RSI_CLOSES, 14);
    expect(out.slice(0, 14)).toEqual(new Array(14).fill(null));
    out.slice(14).forEach((value, i) => expect(Math.abs((value as number) - STOCKCHARTS_RSI14[i])).toBeLessThanOrEqual(0.005));
  });

  it('matches TA-Lib RSI 14 on real NVDA closes', () => {
    const out = rsi(closesOf('NVDA'), 14);
    expect(out[14]).toBeCloseTo(TALIB_NVDA_RSI14[14], 10);
    expect(out.at(-1)).toBeCloseTo(TALIB_NVDA_RSI14[1759], 10);
  });

  it('needs period + 1 points', () => {
    expect(rsi([1, 2, 3, 4, 5], 5)).toEqual([null, null, null, null, null]);
    expect(rsi([1, 2, 3, 4, 5, 6], 5)[5]).toBe(100);
  });

  it('is 100 with only gains, 0 with only losses, and a neutral 50 on a flat series', () => {
    const up = Array.from({ length: 30 }, (_, i) => 10 + i);
    expect(rsi(up).slice(14).every((v) => v === 100)).toBe(true);
    expect(rsi([...up].reverse()).slice(14).every((v) => v === 0)).toBe(true);
    expect(rsi(new Array(30).fill(7)).slice(14).every((v) => v === 50)).toBe(true);
  });

  it('stays within 0–100 and NaN-free on real data', () => {
    for (const value of rsi(closesOf('TSLA')).slice(14)) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
  });
});
