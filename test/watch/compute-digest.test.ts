import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeDigest } from '../../src/tools/indicators/compute-digest.js';
import type { BarSeries } from '../../src/tools/market/types.js';
import { offlineApp } from './helpers.js';

/** Closes from the dataset CSV, read here without src/. */
function csv(symbol: string) {
  const rows = readFileSync(new URL(`../../data/market/${symbol}.csv`, import.meta.url), 'utf8').trim().split('\n');
  const h = rows[0].split(',');
  return rows.slice(1).map((r) => r.split(',')).map((c) => ({ date: c[0], close: Number(c[h.indexOf('close')]), high: Number(c[h.indexOf('high')]), volume: Number(c[h.indexOf('volume')]) }));
}

describe('computeDigest', () => {
  it('day, week and year-to-date returns match the CSV; leader and laggard by the day', async () => {
    const market = offlineApp().services.market;
    const series: BarSeries[] = [];
    for (const s of ['NVDA', 'AMD', 'AAPL']) series.push(await market.getDailyBars(s, { from: '2026-05-08', to: '2026-05-14', warmupBars: 300 }));
    const digest = computeDigest(series, '2026-05-14');
    expect(digest.rows).toHaveLength(3);
    for (const row of digest.rows) {
      const bars = csv(row.symbol);
      const i = bars.findIndex((b) => b.date === '2026-05-14');
      const lastOf2025 = bars.filter((b) => b.date < '2026-01-01').at(-1)!;
      const weekBase = bars.filter((b) => b.date <= '2026-05-07').at(-1)!;
      expect(row.close).toBeCloseTo(bars[i].close, 4);
      expect(row.dayPct!).toBeCloseTo((bars[i].close / bars[i - 1].close - 1) * 100, 3);
      expect(row.weekPct!).toBeCloseTo((bars[i].close / weekBase.close - 1) * 100, 3);
      expect(row.ytdPct!).toBeCloseTo((bars[i].close / lastOf2025.close - 1) * 100, 3);
    }
    const byDay = [...digest.rows].sort((a, b) => b.dayPct! - a.dayPct!);
    expect(digest.leader).toBe(byDay[0].symbol);
    expect(digest.laggard).toBe(byDay[2].symbol);
    // NVDA's RSI(14) closed at 76.72 on 2026-05-14 (see the replay test's independent RSI): an overbought event.
    expect(digest.events).toContainEqual(expect.objectContaining({ symbol: 'NVDA', kind: 'rsi_overbought' }));
    // A new 52-week high: today's high above every high of the 251 sessions before.
    for (const row of digest.rows) {
      const bars = csv(row.symbol);
      const i = bars.findIndex((b) => b.date === '2026-05-14');
      const newHigh = bars[i].high > Math.max(...bars.slice(i - 251, i).map((b) => b.high));
      expect(digest.events.some((e) => e.symbol === row.symbol && e.kind === 'high_52w')).toBe(newHigh);
    }
  });

  it('a symbol without data on or before the date is named, not guessed', () => {
    const empty: BarSeries = { symbol: 'NEW', bars: [{ date: '2026-06-01', open: 1, high: 1, low: 1, close: 1, volume: 1 }], windowStart: 0, source: 'test', asOf: '2026-06-01' };
    const digest = computeDigest([empty], '2026-05-14');
    expect(digest.rows).toEqual([]);
    expect(digest.missing).toEqual(['NEW']);
  });
});
