import { describe, expect, it } from 'vitest';
import { relativePerformanceTool } from '../../src/tools/relative-performance.js';
import { relativePerformanceSchema } from '../../src/tools/indicators/relative-performance-schema.js';
import { computeContext } from './indicators/tool-context.js';
import { loadSeries } from './indicators/load-market-csv.js';
import { computeFigure } from '../../eval/reference/index.js';

// The past quarter as the router resolves it (eval/README.md): 2026-02-15 → 2026-05-15, base = the 2026-02-13 close.
const FROM = '2026-02-15';
const BASE = '2026-02-13';
const TO = '2026-05-15';
const run = (input: Parameters<typeof relativePerformanceTool.execute>[0]) => relativePerformanceTool.execute(input, computeContext());

describe('tool relative_performance on the offline dataset', () => {
  const symbols = ['NVDA', '^SOX', 'SOXX', 'SMH', 'SPY'];
  const series = symbols.map((symbol) => loadSeries(symbol, FROM, TO, 30));

  it('gives the returns the data shows for the past quarter (2026-02-13 close → 2026-05-15)', async () => {
    const result = await run({ series, benchmark: '^SOX', from: FROM, to: TO, alts: ['SOXX', 'SMH'] });
    expect(relativePerformanceSchema.safeParse(result).success).toBe(true);
    const bySymbol = Object.fromEntries(result.rows.map((row) => [row.symbol, row]));
    expect(bySymbol.NVDA.returnPct.toFixed(1)).toBe('23.3');
    expect(bySymbol.SOXX.returnPct.toFixed(1)).toBe('43.4');
    expect(bySymbol['^SOX'].returnPct.toFixed(1)).toBe('42.4');
    expect(bySymbol.SMH.returnPct.toFixed(1)).toBe('36.5');
    expect(bySymbol.SPY.returnPct.toFixed(1)).toBe('8.4');
    expect(bySymbol.NVDA).toMatchObject({ role: 'subject', startDate: BASE, endDate: TO, startClose: 182.81, endClose: 225.32 });
    expect(bySymbol['^SOX'].role).toBe('benchmark');
    expect(bySymbol.SOXX.role).toBe('alt');
    expect(bySymbol.SMH.vsBenchmarkPp).toBeNull();
    // SPY is neither benchmark nor alt here: a second subject, compared to ^SOX.
    expect(bySymbol.SPY.role).toBe('subject');
    expect(bySymbol.NVDA.vsBenchmarkPp).toBeCloseTo(bySymbol.NVDA.returnPct - bySymbol['^SOX'].returnPct, 9);
    expect(result.window).toEqual({ from: BASE, to: TO, sessions: 63, base: 'previous_close', firstDate: '2026-02-17', requested: { from: FROM, to: TO } });
    expect(result.notes).toEqual([]);
    expect(result.source).toBe('offline dataset, as of 2026-05-15');
  });

  it('rebases every series to 100 at the base close and ends at 100 + return', async () => {
    const result = await run({ series, benchmark: '^SOX', from: FROM, to: TO });
    for (const line of result.rebased) {
      const row = result.rows.find((r) => r.symbol === line.symbol)!;
      expect(line.points[0]).toEqual({ date: BASE, value: 100 });
      expect(line.points.at(-1)!.date).toBe(TO);
      expect(line.points.at(-1)!.value).toBeCloseTo(100 + row.returnPct, 1);
    }
  });

  it('uses the last close strictly before `from` as the base and the last close on or before `to` as the end', async () => {
    // 2026-02-14/15 are a weekend and 2026-02-16 is Presidents' Day; 2026-05-16 is a Saturday.
    const result = await run({ series, benchmark: 'SPY', from: '2026-02-16', to: '2026-05-16' });
    expect(result.window.from).toBe(BASE);
    expect(result.window.to).toBe(TO);
    expect(result.rows.find((r) => r.symbol === 'SPY')!.returnPct.toFixed(1)).toBe('8.4');
    // When `from` is itself a session, the base is the session before it (not that session's own close).
    const onSession = await run({ series, benchmark: 'SPY', window: { from: BASE, to: TO } });
    expect(onSession.window).toMatchObject({ from: '2026-02-12', firstDate: BASE, sessions: 64 });
    const nvda = onSession.rows.find((r) => r.symbol === 'NVDA')!;
    expect(nvda.returnPct).toBeCloseTo(computeFigure({ kind: 'return', ticker: 'NVDA', window: { from: BASE, to: TO } }, { referenceDate: TO }).value, 2);
  });

  it('takes `window` over `from`/`to` when a plan carries both (an anchor beside the period it was found in)', async () => {
    const result = await run({ series, benchmark: 'SPY', from: FROM, to: TO, window: { from: '2026-04-01', to: TO } });
    expect(result.window).toMatchObject({ from: '2026-03-31', requested: { from: '2026-04-01', to: TO } });
  });

  it('measures an anchored window from the anchor close (base "from_close")', async () => {
    const tsla = loadSeries('TSLA', '2026-03-01', TO, 5);
    const qqq = loadSeries('QQQ', '2026-03-01', TO, 5);
    const result = await run({ series: [tsla, qqq], benchmark: 'QQQ', window: { from: '2026-03-30', to: TO, base: 'from_close' } });
    expect(result.rows[0]).toMatchObject({ symbol: 'TSLA', startDate: '2026-03-30', startClose: 355.28, endClose: 422.24 });
    const anchor = { kind: 'lowest_close' as const, date: '2026-03-30' };
    const window = { from: '2026-03-30', to: TO, anchor };
    expect(result.rows[0].returnPct).toBeCloseTo(computeFigure({ kind: 'return', ticker: 'TSLA', window }, { referenceDate: TO }).value, 2);
    expect(result.rows[1].returnPct).toBeCloseTo(computeFigure({ kind: 'return', ticker: 'QQQ', window }, { referenceDate: TO }).value, 2);
    expect(result.window).toMatchObject({ from: '2026-03-30', base: 'from_close', firstDate: '2026-03-30' });
  });

  it('ranks a group without a benchmark: every spread is null', async () => {
    const result = await run({ series: [series[0], series[2], series[3]], from: FROM, to: TO });
    expect(result.benchmark).toBeNull();
    expect(result.rows.map((r) => [r.role, r.vsBenchmarkPp])).toEqual([
      ['subject', null],
      ['subject', null],
      ['subject', null],
    ]);
    expect(result.window.from).toBe(BASE);
    expect(relativePerformanceSchema.safeParse(result).success).toBe(true);
    expect(relativePerformanceTool.summarize!(result)).toBe('NVDA +23.3%, SOXX +43.4%, SMH +36.5%, 2026-02-13 → 2026-05-15');
  });

  it("without a window uses each series' own get_bars window (base = the bar before windowStart)", async () => {
    const result = await run({ series: [series[0], series[4]], benchmark: 'SPY' });
    expect(result.window).toMatchObject({ from: BASE, to: TO, firstDate: '2026-02-17', requested: { from: '2026-02-17', to: TO } });
    expect(result.rows[0].returnPct.toFixed(1)).toBe('23.3');
  });

  it('starts at the first session when a series begins inside the window', async () => {
    const late = { ...loadSeries('NVDA', FROM, TO), bars: loadSeries('NVDA', FROM, TO).bars.slice(5), windowStart: 0 };
    const result = await run({ series: [late, series[4]], benchmark: 'SPY', from: FROM, to: TO });
    expect(result.rows[0].startDate).toBe(late.bars[0].date);
    expect(result.rows[0].startDate > FROM).toBe(true);
    expect(result.notes).toEqual([`NVDA's data starts ${late.bars[0].date}, inside the window: its return runs from that first close`]);
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
    // A window with no session in it (a weekend) has nothing to measure.
    await expect(run({ series, benchmark: 'SPY', from: '2026-05-16', to: '2026-05-17' })).rejects.toMatchObject({ code: 'insufficient_data' });
    await expect(run({ series, benchmark: 'SPY', from: FROM })).rejects.toMatchObject({ code: 'tool_input_invalid' });
    expect(relativePerformanceTool.input.safeParse({ series, benchmark: 'SPY', window: { from: FROM } }).success).toBe(false);
    expect(relativePerformanceTool.input.safeParse({ series, benchmark: 'SPY', from: '15/05/2026', to: TO }).success).toBe(false);
  });

  it('measures a one-day window ("today") as that session against the previous close', async () => {
    const result = await run({ series, benchmark: 'SPY', from: TO, to: TO });
    const spy = result.rows.find((r) => r.symbol === 'SPY')!;
    expect(spy).toMatchObject({ startDate: '2026-05-14', endDate: TO });
    expect(result.window.sessions).toBe(1);
    expect(spy.returnPct).toBeCloseTo(computeFigure({ kind: 'change', ticker: 'SPY', date: TO }, { referenceDate: TO }).value, 2);
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
    // The base is the bar before the window's first session.
    const zeroed = { ...series, bars: series.bars.map((bar, i) => (i === series.windowStart - 1 ? { ...bar, close: 0 } : bar)) };
    await expect(run({ series: [zeroed], benchmark: 'SPY', from: FROM, to: TO })).rejects.toThrow(/non-positive base close/);
  });
});
