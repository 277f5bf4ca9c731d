/**
 * Reads an alert's condition off daily bars: which side of its line the metric is on at a session, and the figure
 * a person reads. Crossing semantics: an above/below alert fires when the metric moves to its side from the other
 * one; a `crosses` alert fires on every change of side. Holding on the same side never fires again, and moving
 * back re-arms it — so an alert fires once per crossing, not on every poll while the condition holds.
 */
import { rsi } from '../tools/indicators/rsi.js';
import { sma } from '../tools/indicators/sma.js';
import type { AlertCondition, Side } from './types.js';

export type Reading = { side: Side; value: number; line: number; figure: string };

/** Indicator lines for one symbol's closes, computed once per batch however many alerts read them. */
export class SeriesLines {
  private readonly cache = new Map<string, (number | null)[]>();
  constructor(readonly dates: readonly string[], readonly closes: readonly number[]) {}

  rsi14(): (number | null)[] {
    return this.memo('rsi14', () => (this.closes.length > 14 ? rsi(this.closes, 14) : this.closes.map(() => null)));
  }

  sma(period: number): (number | null)[] {
    return this.memo(`sma${period}`, () => (this.closes.length >= period ? sma(this.closes, period) : this.closes.map(() => null)));
  }

  private memo(key: string, make: () => (number | null)[]) {
    let line = this.cache.get(key);
    if (!line) this.cache.set(key, (line = make()));
    return line;
  }
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(2) : v.toFixed(2));

/** The reading at session `i`; undefined when the indicator has no value yet (too little history). */
export function readCondition(condition: AlertCondition, lines: SeriesLines, i: number, symbol: string): Reading | undefined {
  const close = lines.closes[i];
  const date = lines.dates[i];
  if (close === undefined) return undefined;
  if (condition.metric === 'price') {
    const side = sideOf(close, condition.threshold, condition.direction);
    return { side, value: close, line: condition.threshold, figure: `${symbol} closed at ${fmt(close)} on ${date} (${side} ${condition.threshold})` };
  }
  if (condition.metric === 'rsi') {
    const value = lines.rsi14()[i];
    if (value === null || value === undefined) return undefined;
    const side = sideOf(value, condition.threshold, condition.direction);
    return { side, value, line: condition.threshold, figure: `${symbol}'s RSI(14) was ${fmt(value)} on ${date} (${side} ${condition.threshold}); close ${fmt(close)}` };
  }
  const value = lines.sma(condition.period)[i];
  if (value === null || value === undefined) return undefined;
  const side: Side = close >= value ? 'above' : 'below';
  return { side, value: close, line: value, figure: `${symbol} closed at ${fmt(close)} on ${date}, ${side} its ${condition.period}-day SMA (${fmt(value)})` };
}

/** Strictly past the threshold counts as reaching the side asked for; touching it does not. */
function sideOf(value: number, threshold: number, direction: 'above' | 'below'): Side {
  if (direction === 'above') return value > threshold ? 'above' : 'below';
  return value < threshold ? 'below' : 'above';
}

export function shouldFire(condition: AlertCondition, previous: Side | null, now: Side): boolean {
  if (previous === null || previous === now) return false;
  return condition.direction === 'crosses' || now === condition.direction;
}
