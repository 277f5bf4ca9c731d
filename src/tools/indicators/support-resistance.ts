/**
 * Support and resistance from swing points: a swing high is a bar whose high is above the `wing` bars before it
 * and not below the `wing` bars after it (a swing low mirrors that). Swing prices within `tolerancePct` of each
 * other are clustered into one level (their mean), so a price that held several times counts as one level with
 * several touches. Support = levels below the last close (nearest first), resistance = levels above it.
 */
import type { Bar } from '../market/types.js';
import type { Level } from './technicals-summary-schema.js';
import { round2, round4 } from './round.js';

export type SupportResistanceOptions = {
  /** Bars on each side that a swing point must dominate. @default 3 */
  readonly wing?: number;
  /** Swing prices closer than this (percent of price) form one level. @default 1.5 */
  readonly tolerancePct?: number;
  /** Levels reported on each side. @default 3 */
  readonly maxLevels?: number;
};

type Swing = { price: number; date: string };
type Cluster = { sum: number; count: number; lastDate: string };

export function supportResistance(bars: readonly Bar[], from: number, options: SupportResistanceOptions = {}): { support: Level[]; resistance: Level[] } {
  const wing = options.wing ?? 3;
  const tolerancePct = options.tolerancePct ?? 1.5;
  const maxLevels = options.maxLevels ?? 3;
  if (bars.length === 0) return { support: [], resistance: [] };
  const close = bars[bars.length - 1].close;
  const highs: Swing[] = [];
  const lows: Swing[] = [];
  for (let i = Math.max(from, wing); i < bars.length - wing; i++) {
    if (isSwing(bars, i, wing, (bar) => bar.high, 1)) highs.push({ price: bars[i].high, date: bars[i].date });
    if (isSwing(bars, i, wing, (bar) => bar.low, -1)) lows.push({ price: bars[i].low, date: bars[i].date });
  }
  const levels = cluster([...highs, ...lows], tolerancePct).map((c) => {
    const price = c.sum / c.count;
    return { price: round2(price), touches: c.count, lastDate: c.lastDate, distancePct: round4((price / close - 1) * 100) };
  });
  return {
    support: levels.filter((level) => level.price < close).sort((a, b) => b.price - a.price).slice(0, maxLevels),
    resistance: levels.filter((level) => level.price > close).sort((a, b) => a.price - b.price).slice(0, maxLevels),
  };
}

/** direction 1: value above the bars before and not below the bars after; −1: the mirror for lows. */
function isSwing(bars: readonly Bar[], i: number, wing: number, pick: (bar: Bar) => number, direction: 1 | -1): boolean {
  const value = pick(bars[i]) * direction;
  for (let j = i - wing; j < i; j++) if (pick(bars[j]) * direction >= value) return false;
  for (let j = i + 1; j <= i + wing; j++) if (pick(bars[j]) * direction > value) return false;
  return true;
}

function cluster(swings: Swing[], tolerancePct: number): Cluster[] {
  const sorted = [...swings].sort((a, b) => a.price - b.price);
  const clusters: Cluster[] = [];
  for (const swing of sorted) {
    const current = clusters[clusters.length - 1];
    if (current && (swing.price / (current.sum / current.count) - 1) * 100 <= tolerancePct) {
      current.sum += swing.price;
      current.count += 1;
      if (swing.date > current.lastDate) current.lastDate = swing.date;
    } else clusters.push({ sum: swing.price, count: 1, lastDate: swing.date });
  }
  return clusters;
}
