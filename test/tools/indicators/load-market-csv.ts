/**
 * Test helper: real daily bars from data/market/<SYMBOL>.csv, shaped like `get_bars` output (window + warm-up).
 * A reader of our own, so these tests do not depend on the offline provider's code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bar, BarSeries } from '../../../src/tools/market/types.js';

const DATA_DIR = fileURLToPath(new URL('../../../data/market/', import.meta.url));
const cache = new Map<string, Bar[]>();

export function readBars(symbol: string): Bar[] {
  const cached = cache.get(symbol);
  if (cached) return cached;
  const [header, ...lines] = readFileSync(`${DATA_DIR}${symbol}.csv`, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const at = (name: string) => columns.indexOf(name);
  const bars = lines.map((line) => {
    const cells = line.split(',');
    return {
      date: cells[at('date')],
      open: Number(cells[at('open')]),
      high: Number(cells[at('high')]),
      low: Number(cells[at('low')]),
      close: Number(cells[at('close')]),
      volume: Number(cells[at('volume')]),
      adjClose: Number(cells[at('adj_close')]),
    };
  });
  cache.set(symbol, bars);
  return bars;
}

export function loadSeries(symbol: string, from: string, to: string, warmupBars = 0): BarSeries {
  const all = readBars(symbol);
  const first = all.findIndex((bar) => bar.date >= from);
  const lastIdx = all.findLastIndex((bar) => bar.date <= to);
  const start = Math.max(0, first - warmupBars);
  return {
    symbol,
    bars: all.slice(start, lastIdx + 1),
    windowStart: first - start,
    source: 'offline dataset',
    asOf: all[all.length - 1].date,
  };
}

export function closesOf(symbol: string): number[] {
  return readBars(symbol).map((bar) => bar.close);
}
