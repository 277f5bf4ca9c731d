/**
 * Exponential moving average, TA-Lib convention: k = 2 / (period + 1), seeded with the simple average of the
 * first `period` values, so the first value sits at index `period - 1` and equals the SMA there.
 * (Seeding with the first price instead, as some charting tools do, gives different values for a long while.)
 */
import { assertIndicatorInput, emptyLine, type Line } from './line.js';

export function ema(values: readonly number[], period: number): Line {
  assertIndicatorInput('ema', values, { period });
  const out = emptyLine(values.length);
  if (values.length < period) return out;
  const k = 2 / (period + 1);
  let prev = 0;
  for (let i = 0; i < period; i++) prev += values[i];
  prev /= period;
  out[period - 1] = prev;
  for (let i = period; i < values.length; i++) {
    prev = (values[i] - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}
