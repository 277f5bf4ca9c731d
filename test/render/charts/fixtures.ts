/**
 * Test fixtures from the real offline dataset: a BarSeries read straight from data/market/<SYMBOL>.csv (optionally
 * ending at `endDate`, so snapshots stay fixed) and its IndicatorSet.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BarSeries } from '../../../src/tools/market/types.js';
import type { IndicatorSet } from '../../../src/tools/indicators/indicator-set.js';
import { computeIndicatorSet } from '../../../src/tools/indicators/compute-indicator-set.js';

export function loadSeries(symbol: string, sessions: number, warmup = 250, endDate?: string): BarSeries {
  const text = readFileSync(path.join(process.cwd(), 'data', 'market', `${symbol}.csv`), 'utf8');
  let bars = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [date, open, high, low, close, volume] = line.split(',');
      return { date, open: +open, high: +high, low: +low, close: +close, volume: +volume };
    });
  if (endDate) bars = bars.filter((b) => b.date <= endDate);
  const all = bars.slice(-(sessions + warmup));
  return { symbol, bars: all, windowStart: Math.max(0, all.length - sessions), source: 'offline dataset', asOf: all[all.length - 1].date };
}

/** The real indicator computation (the `indicators` tool's core), so charts are tested on what runs in production. */
export function computeIndicators(series: BarSeries): IndicatorSet {
  return computeIndicatorSet(series);
}
