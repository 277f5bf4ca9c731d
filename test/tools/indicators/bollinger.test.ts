import { describe, expect, it } from 'vitest';
import { bollinger } from '../../../src/tools/indicators/bollinger.js';
import { STOCKCHARTS_BB_CLOSES, STOCKCHARTS_BB_LOWER, STOCKCHARTS_BB_MIDDLE, STOCKCHARTS_BB_UPPER } from './reference-data.js';

describe('bollinger 20/2σ (population standard deviation, as TA-Lib and StockCharts)', () => {
  const out = bollinger(STOCKCHARTS_BB_CLOSES, 20, 2);

  it('matches the StockCharts worked example to two decimals', () => {
    expect(out.middle.slice(0, 19).every((v) => v === null)).toBe(true);
    for (let i = 0; i < STOCKCHARTS_BB_MIDDLE.length; i++) {
      expect(Math.abs((out.middle[19 + i] as number) - STOCKCHARTS_BB_MIDDLE[i])).toBeLessThanOrEqual(0.0051);
      expect(Math.abs((out.upper[19 + i] as number) - STOCKCHARTS_BB_UPPER[i])).toBeLessThanOrEqual(0.011);
      expect(Math.abs((out.lower[19 + i] as number) - STOCKCHARTS_BB_LOWER[i])).toBeLessThanOrEqual(0.011);
    }
  });

  it('uses the population (÷N) deviation, not the sample (÷N−1) one', () => {
    const window = STOCKCHARTS_BB_CLOSES.slice(0, 20);
    const mean = window.reduce((a, b) => a + b) / 20;
    const population = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 20);
    expect(out.upper[19]).toBeCloseTo(mean + 2 * population, 10);
    expect(out.upper[19]).toBeCloseTo(91.2919107, 6);
    expect(out.lower[19]).toBeCloseTo(86.1250893, 6);
  });

  it('collapses the bands onto the middle for a constant series and is null when too short', () => {
    const flat = bollinger(new Array(25).fill(3.3));
    for (let i = 19; i < 25; i++) {
      expect(flat.upper[i]).toBeCloseTo(3.3, 12);
      expect(flat.lower[i]).toBeCloseTo(3.3, 12);
    }
    expect(bollinger([1, 2, 3]).upper).toEqual([null, null, null]);
  });

  it('rejects a non-positive multiplier', () => {
    expect(() => bollinger(STOCKCHARTS_BB_CLOSES, 20, 0)).toThrow(/k must be a positive number/);
  });
});
