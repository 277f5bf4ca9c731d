/** Test helper: a BarSeries from closes, on consecutive weekdays, with a ±1% high/low around each close. */
import type { BarSeries } from '../../../src/tools/market/types.js';

export function syntheticSeries(symbol: string, closes: readonly number[], windowStart = 0): BarSeries {
  const day = new Date(Date.UTC(2024, 0, 1));
  const bars = closes.map((close) => {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    const date = day.toISOString().slice(0, 10);
    day.setUTCDate(day.getUTCDate() + 1);
    return { date, open: close, high: close * 1.01, low: close * 0.99, close, volume: 1000 };
  });
  return { symbol, bars, windowStart, source: 'synthetic', asOf: bars.at(-1)?.date ?? '' };
}
