import { describe, expect, it } from 'vitest';
import { relativePerformanceTool } from '../../src/tools/relative-performance.js';
import { relativePerformanceSchema } from '../../src/tools/indicators/relative-performance-schema.js';
import { computeContext } from './indicators/tool-context.js';
import { loadSeries } from './indicators/load-market-csv.js';

const FROM = '2026-02-13';
const TO = '2026-05-15';
const run = (input: Parameters<typeof relativePerformanceTool.execute>[0]) => relativePerformanceTool.execute(input, computeContext());

describe('tool relative_performance on the offline dataset', () => {
  const symbols = ['NVDA', '^SOX', 'SOXX', 'SMH', 'SPY'];
  const series = symbols.map((symbol) => loadSeries(symbol, FROM, TO, 30));

  it('gives the returns the data shows for 2026-02-13 → 2026-05-15', async () => {
    const result = await run({ series, benchmark: '^SOX', from: FROM, to: TO, alts: ['SOXX', 'SMH'] });
    expect(relativePerformanceSchema.safeParse(result).success).toBe(true);
    const bySymbol = Object.fromEntries(result.rows.map((row) => [row.symbol, row]));
    expect(bySymbol.NVDA.returnPct.toFixed(1)).toBe('23.3');
    expect(bySymbol.SOXX.returnPct.toFixed(1)).toBe('43.4');
    expect(bySymbol['^SOX'].returnPct.toFixed(1)).toBe('42.4');
    expect(bySymbol.SMH.returnPct.toFixed(1)).toBe('36.5');
    expect(bySymbol.SPY.returnPct.toFixed(1)).toBe('8.4');
    expect(bySymbol.NVDA).toMatchObject({ role: 'subject', startDate: FROM, endDate: TO, startClose: 182.81, endClose: 225.32 });
    expect(bySymbol['^SOX'].role).toBe('benchmark');
    expect(bySymbol.SOXX.role).toBe('alt');
    expect(bySymbol.SMH.vsBenchmarkPp).toBeNull();
    // SPY is neither benchmark nor alt here: a second subject, compared to ^SOX.
    expect(bySymbol.SPY.role).toBe('subject');
    expect(bySymbol.NVDA.vsBenchmarkPp).toBeCloseTo(bySymbol.NVDA.returnPct - bySymbol['^SOX'].returnPct, 9);
    expect(result.window).toEqual({ from: FROM, to: TO, sessions: 63 });
    expect(result.source).toBe('offline dataset, as of 2026-05-15');
  });

  it('rebases every series to 100 at the base close and ends at 100 + return', async () => {
    const result = await run({ series, benchmark: '^SOX', from: FROM, to: TO });
    for (const line of result.rebased) {
      const row = result.rows.find((r) => r.symbol === line.symbol)!;
      expect(line.points[0]).toEqual({ date: FROM, value: 100 });
      expect(line.points.at(-1)!.date).toBe(TO);
      expect(line.points.at(-1)!.value).toBeCloseTo(100 + row.returnPct, 1);
    }
  });

  it('uses the last session on or before `from` as the base and on or before `to` as the end', async () => {
    // 2026-02-14/15 are a weekend and 2026-02-16 is Presidents' Day; 2026-05-16 is a Saturday.
    const result = await run({ series, benchmark: 'SPY', from: '2026-02-16', to: '2026-05-16' });
    expect(result.window.from).toBe(FROM);
    expect(result.window.to).toBe(TO);
    expect(result.rows.find((r) => r.symbol === 'SPY')!.returnPct.toFixed(1)).toBe('8.4');
  });

  it('starts at the first session when a series begins inside the window', async () => {
    const late = { ...loadSeries('NVDA', FROM, TO), bars: loadSeries('NVDA', FROM, TO).bars.slice(5), windowStart: 0 };
    const result = await run({ series: [late, series[4]], benchmark: 'SPY', from: FROM, to: TO });
    expect(result.rows[0].startDate).toBe(late.bars[0].date);
    expect(result.rows[0].startDate > FROM).toBe(true);
  });

  it('summarizes with the subject, the benchmark and the window; compacts without the rebased lines', async () => {
    const result = await run({ series: [series[0], series[1]], benchmark: '^SOX', from: FROM, to: TO });
    expect(relativePerformanceTool.summarize!(result)).toBe('NVDA +23.3% vs ^SOX +42.4%, 2026-02-13 → 2026-05-15');
    expect(relativePerformanceTool.compact!(result)).not.toHaveProperty('rebased');
  });

  it('rejects a reversed window, a missing benchmark and duplicate symbols; a window with no data is insufficient_data', async () => {
    await expect(run({ series, benchmark: 'SPY', from: TO, to: FROM })).rejects.toMatchObject({ code: 'tool_input_invalid' });
    await expect(run({ series: [series[0]], benchmark: 'SPY', from: FROM, to: TO })).rejects.toThrow(/benchmark SPY is not among the series/);
    await expect(run({ series: [series[0], series[0]], benchmark: 'NVDA', from: FROM, to: TO })).rejects.toThrow(/given twice/);
    await expect(run({ series, benchmark: 'SPY', from: '2010-01-01', to: '2010-06-01' })).rejects.toMatchObject({ code: 'insufficient_data' });
    await expect(run({ series, benchmark: 'SPY', from: TO, to: TO })).rejects.toMatchObject({ code: 'insufficient_data' });
    expect(relativePerformanceTool.input.safeParse({ series, benchmark: 'SPY', from: '15/05/2026', to: TO }).success).toBe(false);
  });
});

describe('tool relative_performance fed by the offline provider (get_bars output)', () => {
  it('finds the base close in the warm-up when `from` falls on a weekend', async () => {
    const { OfflineMarketData } = await import('../../src/tools/market/offline-provider.js');
    const market = new OfflineMarketData();
    const range = { from: '2026-02-14', to: '2026-05-15', warmupBars: 5 };
    const series = await Promise.all(['NVDA', '^SOX'].map((symbol) => market.getDailyBars(symbol, range)));
    // get_bars' window starts on the first session after the weekend; the base close is the Friday before.
    expect(series[0].bars[series[0].windowStart].date).toBe('2026-02-17');
    const result = await run({ series, benchmark: '^SOX', from: range.from, to: range.to });
    expect(result.window.from).toBe('2026-02-13');
    expect(result.rows.map((row) => [row.symbol, row.returnPct.toFixed(1)])).toEqual([
      ['NVDA', '23.3'],
      ['^SOX', '42.4'],
    ]);
  });
});

describe('relative_performance with a corrupt base close', () => {
  it('refuses to divide by a zero close', async () => {
    const series = loadSeries('SPY', FROM, TO, 1);
    const zeroed = { ...series, bars: series.bars.map((bar, i) => (i === series.windowStart ? { ...bar, close: 0 } : bar)) };
    await expect(run({ series: [zeroed], benchmark: 'SPY', from: FROM, to: TO })).rejects.toThrow(/non-positive base close/);
  });
});
