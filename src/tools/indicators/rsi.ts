/**
 * Relative Strength Index with Wilder smoothing (TA-Lib and Wilder's 1978 definition):
 *   first average gain/loss = simple average of the first `period` changes → first RSI at index `period`;
 *   then avg = (prevAvg × (period − 1) + current) / period.
 *   RSI = 100 × avgGain / (avgGain + avgLoss)  (the same as 100 − 100 / (1 + RS), but defined when avgLoss = 0).
 * One deliberate difference from TA-Lib: with no gains and no losses at all (a flat series) TA-Lib returns 0,
 * which would read as "deeply oversold"; we return the neutral 50.
 */
import { assertIndicatorInput, emptyLine, type Line } from './line.js';

export function rsi(values: readonly number[], period = 14): Line {
  assertIndicatorInput('rsi', values, { period });
  const out = emptyLine(values.length);
  if (values.length <= period) return out;
  let avgGain = 0;
  let avgLoss = 0;
  for (let i = 1; i <= period; i++) {
    const change = values[i] - values[i - 1];
    if (change > 0) avgGain += change;
    else avgLoss -= change;
  }
  avgGain /= period;
  avgLoss /= period;
  out[period] = toRsi(avgGain, avgLoss);
  for (let i = period + 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    avgGain = (avgGain * (period - 1) + (change > 0 ? change : 0)) / period;
    avgLoss = (avgLoss * (period - 1) + (change < 0 ? -change : 0)) / period;
    out[i] = toRsi(avgGain, avgLoss);
  }
  return out;
}

function toRsi(avgGain: number, avgLoss: number): number {
  const total = avgGain + avgLoss;
  return total === 0 ? 50 : (100 * avgGain) / total;
}
