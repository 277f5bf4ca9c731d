/**
 * Moving-average crossovers inside the window: SMA 50 crossing SMA 200 (golden / death cross) and the close
 * crossing SMA 50. Warm-up bars set which side a line starts on but are never reported.
 */
import type { Crossover } from './technicals-summary-schema.js';
import { difference, signChanges } from './sign-changes.js';

export type CrossoverInput = {
  readonly dates: readonly string[];
  readonly closes: readonly number[];
  readonly sma50: readonly (number | null)[];
  readonly sma200: readonly (number | null)[];
  readonly windowStart: number;
};

export function findCrossovers(input: CrossoverInput): Crossover[] {
  const { dates, closes, windowStart } = input;
  const found: Crossover[] = [];
  for (const change of signChanges(difference(input.sma50, input.sma200), windowStart)) {
    found.push({ date: dates[change.index], kind: change.sign > 0 ? 'golden_cross' : 'death_cross', close: closes[change.index] });
  }
  for (const change of signChanges(difference(closes, input.sma50), windowStart)) {
    found.push({ date: dates[change.index], kind: change.sign > 0 ? 'price_above_sma50' : 'price_below_sma50', close: closes[change.index] });
  }
  return found.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
