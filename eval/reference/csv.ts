/**
 * The reference calculator's own reader for the offline dataset (`data/market/<SYMBOL>.csv`): no code from `src/`
 * is used, so a bug in the app's reader or providers cannot hide in the gold values.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REFERENCE_DATA_DIR = fileURLToPath(new URL('../../data/market/', import.meta.url));

/** Daily sessions in ascending date order; `close` is the split-adjusted as-traded close (not dividend-adjusted). */
export type Series = {
  readonly symbol: string;
  readonly dates: readonly string[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
};

const cache = new Map<string, Series>();

export function hasSeries(symbol: string, dir = REFERENCE_DATA_DIR): boolean {
  return existsSync(path.join(dir, `${symbol}.csv`));
}

export function loadSeries(symbol: string, dir = REFERENCE_DATA_DIR): Series {
  const key = `${dir}\u0000${symbol}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const file = path.join(dir, `${symbol}.csv`);
  if (!existsSync(file)) throw new Error(`reference: no price file for ${symbol} (${file})`);
  const series = parseSeries(symbol, readFileSync(file, 'utf8'));
  cache.set(key, series);
  return series;
}

/** Parses `date,open,high,low,close,volume,adj_close` text; checks order and numbers. */
export function parseSeries(symbol: string, text: string): Series {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((cell) => cell.trim().toLowerCase()) ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`reference: ${symbol}.csv has no "${name}" column`);
    return i;
  };
  const [iDate, iHigh, iLow, iClose] = [col('date'), col('high'), col('low'), col('close')];
  const dates: string[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const date = cells[iDate].trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`reference: ${symbol}.csv has a bad date "${date}"`);
    if (dates.length > 0 && date <= dates[dates.length - 1]) throw new Error(`reference: ${symbol}.csv is not in ascending date order at ${date}`);
    const values = [iHigh, iLow, iClose].map((i) => Number(cells[i]));
    if (!values.every(Number.isFinite)) throw new Error(`reference: ${symbol}.csv has a bad number on ${date}`);
    dates.push(date);
    high.push(values[0]);
    low.push(values[1]);
    close.push(values[2]);
  }
  if (dates.length === 0) throw new Error(`reference: ${symbol}.csv has no rows`);
  return { symbol, dates, high, low, close };
}
