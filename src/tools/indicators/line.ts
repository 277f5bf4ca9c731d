/**
 * An indicator line: one value per input bar, `null` during warm-up (before the indicator has enough history).
 * Keeping arrays index-aligned with the bars lets charts overlay them and summaries read any date directly.
 */
import { BotError } from '../../errors.js';

export type Line = (number | null)[];

/** A line of `length` nulls, to be filled from the first defined index on. */
export function emptyLine(length: number): Line {
  return new Array<number | null>(length).fill(null);
}

/** The last value of a line (null when the line is empty or still warming up at its end). */
export function lastValue(line: readonly (number | null)[]): number | null {
  return line.length === 0 ? null : line[line.length - 1];
}

/**
 * Bad input gets a clear error, never NaN that silently spreads through every later value.
 * `name` is the indicator, so the message says which call was wrong.
 */
export function assertIndicatorInput(name: string, values: readonly number[], periods: Record<string, number>): void {
  for (const [label, period] of Object.entries(periods)) {
    if (!Number.isInteger(period) || period < 1) {
      throw new BotError('tool_input_invalid', `${name}: ${label} must be a positive integer (got ${String(period)})`);
    }
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new BotError('tool_input_invalid', `${name}: value at index ${i} is not a finite number (${String(values[i])})`);
    }
  }
}
