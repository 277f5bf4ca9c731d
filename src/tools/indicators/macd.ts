/**
 * MACD (default 12/26/9) with TA-Lib's alignment, which differs from "EMA12 − EMA26 from the start":
 * - the slow EMA is seeded with the SMA of the first `slow` values (first value at index slow − 1);
 * - the fast EMA is seeded at that same index with the SMA of the last `fast` of those values, so both EMAs start
 *   together and the MACD line begins at index slow − 1;
 * - the signal EMA is seeded with the simple average of the first `signal` MACD values;
 * - all three outputs begin at index (slow − 1) + (signal − 1) = 33 for 12/26/9, null before.
 */
import { BotError } from '../../errors.js';
import { assertIndicatorInput, emptyLine, type Line } from './line.js';

export type MacdLines = { macd: Line; signal: Line; histogram: Line };

export function macd(values: readonly number[], fast = 12, slow = 26, signal = 9): MacdLines {
  assertIndicatorInput('macd', values, { fast, slow, signal });
  if (fast >= slow) throw new BotError('tool_input_invalid', `macd: fast period (${fast}) must be shorter than slow period (${slow})`);
  const n = values.length;
  const out: MacdLines = { macd: emptyLine(n), signal: emptyLine(n), histogram: emptyLine(n) };
  const first = slow - 1 + (signal - 1);
  if (n <= first) return out;

  const fastK = 2 / (fast + 1);
  const slowK = 2 / (slow + 1);
  const signalK = 2 / (signal + 1);
  let slowSum = 0;
  let fastSum = 0;
  for (let i = 0; i < slow; i++) {
    slowSum += values[i];
    if (i >= slow - fast) fastSum += values[i];
  }
  let prevSlow = slowSum / slow;
  let prevFast = fastSum / fast;

  // MACD values from index slow − 1; the first `signal` of them seed the signal line.
  let line = prevFast - prevSlow;
  let signalSum = line;
  for (let i = slow; i <= first; i++) {
    prevFast = (values[i] - prevFast) * fastK + prevFast;
    prevSlow = (values[i] - prevSlow) * slowK + prevSlow;
    line = prevFast - prevSlow;
    signalSum += line;
  }
  let prevSignal = signalSum / signal;
  write(out, first, line, prevSignal);

  for (let i = first + 1; i < n; i++) {
    prevFast = (values[i] - prevFast) * fastK + prevFast;
    prevSlow = (values[i] - prevSlow) * slowK + prevSlow;
    line = prevFast - prevSlow;
    prevSignal = (line - prevSignal) * signalK + prevSignal;
    write(out, i, line, prevSignal);
  }
  return out;
}

function write(out: MacdLines, i: number, line: number, signalValue: number): void {
  out.macd[i] = line;
  out.signal[i] = signalValue;
  out.histogram[i] = line - signalValue;
}
