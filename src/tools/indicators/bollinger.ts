/**
 * Bollinger Bands (default 20, 2σ), TA-Lib/StockCharts convention: middle = SMA(period); bands = middle ± k × the
 * population standard deviation (divide by N, not N − 1) of the same `period` closes. First value at index
 * period − 1. The deviation is computed from each window directly rather than from running sums of x and x²,
 * which cancel catastrophically on flat series.
 */
import { BotError } from '../../errors.js';
import { assertIndicatorInput, emptyLine, type Line } from './line.js';
import { sma } from './sma.js';

export type BollingerLines = { upper: Line; middle: Line; lower: Line };

export function bollinger(values: readonly number[], period = 20, k = 2): BollingerLines {
  assertIndicatorInput('bollinger', values, { period });
  if (!Number.isFinite(k) || k <= 0) throw new BotError('tool_input_invalid', `bollinger: k must be a positive number (got ${String(k)})`);
  const middle = sma(values, period);
  const upper = emptyLine(values.length);
  const lower = emptyLine(values.length);
  for (let i = period - 1; i < values.length; i++) {
    const mean = middle[i] as number;
    let squares = 0;
    for (let j = i - period + 1; j <= i; j++) squares += (values[j] - mean) ** 2;
    const deviation = Math.sqrt(squares / period);
    upper[i] = mean + k * deviation;
    lower[i] = mean - k * deviation;
  }
  return { upper, middle, lower };
}
