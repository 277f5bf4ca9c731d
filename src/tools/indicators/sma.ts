/**
 * Simple moving average, TA-Lib convention: the first value sits at index `period - 1` (the mean of the first
 * `period` values); earlier entries are null.
 */
import { assertIndicatorInput, emptyLine, type Line } from './line.js';

export function sma(values: readonly number[], period: number): Line {
  assertIndicatorInput('sma', values, { period });
  const out = emptyLine(values.length);
  if (values.length < period) return out;
  // A running sum (add the newest, drop the oldest) keeps this O(n) for SMA 200 over years of bars.
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i];
  out[period - 1] = sum / period;
  for (let i = period; i < values.length; i++) {
    sum += values[i] - values[i - period];
    out[i] = sum / period;
  }
  return out;
}
