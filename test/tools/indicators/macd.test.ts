import { describe, expect, it } from 'vitest';
import { macd } from '../../../src/tools/indicators/macd.js';
import { ema } from '../../../src/tools/indicators/ema.js';
import { TALIB_NVDA_MACD } from './reference-data.js';
import { closesOf } from './load-market-csv.js';

describe('macd 12/26/9 with TA-Lib alignment', () => {
  const closes = closesOf('NVDA');
  const out = macd(closes);

  it('matches TA-Lib MACD, signal and histogram on real NVDA closes', () => {
    for (const [index, line, signal, histogram] of TALIB_NVDA_MACD) {
      expect(out.macd[index]).toBeCloseTo(line, 10);
      expect(out.signal[index]).toBeCloseTo(signal, 10);
      expect(out.histogram[index]).toBeCloseTo(histogram, 10);
    }
  });

  it('starts all three lines at index 33 (26 − 1 + 9 − 1)', () => {
    expect(out.macd.findIndex((v) => v !== null)).toBe(33);
    expect(out.signal.findIndex((v) => v !== null)).toBe(33);
    expect(out.histogram.findIndex((v) => v !== null)).toBe(33);
  });

  it('seeds the fast EMA at the slow EMA start (not at bar 11), unlike a plain EMA12 − EMA26', () => {
    // Once the seeds have decayed, both agree; at the first output they differ measurably.
    const naive = ema(closes, 12).map((v, i) => (v === null || ema(closes, 26)[i] === null ? null : v - (ema(closes, 26)[i] as number)));
    expect(Math.abs((out.macd[33] as number) - (naive[33] as number))).toBeGreaterThan(1e-6);
    expect(out.macd[1500]).toBeCloseTo(naive[1500] as number, 8);
  });

  it('returns only nulls below 34 points and is exactly 0 on a constant series', () => {
    const short = macd(closes.slice(0, 33));
    expect(short.macd.every((v) => v === null)).toBe(true);
    const flat = macd(new Array(60).fill(42));
    expect(flat.macd.slice(33).every((v) => v === 0)).toBe(true);
    expect(flat.histogram.slice(33).every((v) => v === 0)).toBe(true);
  });

  it('rejects fast ≥ slow', () => {
    expect(() => macd(closes, 26, 12, 9)).toThrow(/fast period/);
  });
});
