import { describe, expect, it } from 'vitest';
import { betaOutputSchema, betaTool, type Beta } from '../../../src/tools/beta.js';
import type { BarSeries } from '../../../src/tools/market/types.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference, TODAY } from './helpers.js';

const PAST_YEAR = { from: '2025-05-15', to: TODAY };

async function beta(symbol: string, benchmark: string, window: { from: string; to: string; base?: 'from_close' }): Promise<Beta> {
  const [series, bench] = await Promise.all([bars(symbol, window.from, window.to), bars(benchmark, window.from, window.to)]);
  return output<Beta>('beta', { series, benchmark: bench, window });
}

describe('tool beta on the offline dataset', () => {
  it('TSLA vs SPY over the past year: beta and correlation from 252 paired daily returns', async () => {
    const out = await beta('TSLA', 'SPY', PAST_YEAR);
    expect(betaOutputSchema.safeParse(out).success).toBe(true);
    expect(out.beta).toBeCloseTo(reference({ kind: 'beta', ticker: 'TSLA', benchmark: 'SPY', window: PAST_YEAR }), 4);
    expect(out.correlation).toBeCloseTo(reference({ kind: 'correlation', ticker: 'TSLA', benchmark: 'SPY', window: PAST_YEAR }), 4);
    expect(out).toMatchObject({ symbol: 'TSLA', benchmark: 'SPY', sessions: 252, window: { baseDate: '2025-05-14', lastDate: TODAY } });
    expect(out.method).toMatch(/daily simple returns/);
    expect(betaTool.summarize!(out)).toBe(`TSLA beta ${out.beta.toFixed(2)} vs SPY, correlation ${out.correlation!.toFixed(2)} (252 daily returns, 2025-05-14 close → ${TODAY})`);
  });

  it('matches the reference for other pairs and windows, anchored ones included', async () => {
    const cases: [string, string, { from: string; to: string; base?: 'from_close' }][] = [
      ['NVDA', 'AMD', PAST_YEAR],
      ['GOOGL', 'META', PAST_YEAR],
      ['AAPL', 'QQQ', { from: '2026-01-01', to: TODAY }],
      ['^SOX', 'SPY', { from: '2026-02-15', to: TODAY }],
      ['TSLA', 'QQQ', { from: '2026-03-30', to: TODAY, base: 'from_close' }],
    ];
    for (const [symbol, benchmark, window] of cases) {
      const out = await beta(symbol, benchmark, window);
      const refWindow = window.base === 'from_close' ? { from: window.from, to: window.to, anchor: { kind: 'lowest_close' as const, date: window.from } } : window;
      expect(out.beta, `${symbol}/${benchmark}`).toBeCloseTo(reference({ kind: 'beta', ticker: symbol, benchmark, window: refWindow }), 4);
      expect(out.correlation, `${symbol}/${benchmark}`).toBeCloseTo(reference({ kind: 'correlation', ticker: symbol, benchmark, window: refWindow }), 4);
    }
  });

  it('a subject that moves exactly twice the benchmark has beta 2 and correlation 1', async () => {
    const moves = [0.01, -0.02, 0.015, 0.003, -0.01, 0.02];
    const bench = [100];
    const subject = [50];
    for (const r of moves) {
      bench.push(bench.at(-1)! * (1 + r));
      subject.push(subject.at(-1)! * (1 + 2 * r));
    }
    const out = await output<Beta>('beta', { series: syntheticSeries('TWICE', subject, 1), benchmark: syntheticSeries('BENCH', bench, 1) });
    expect(out.beta).toBeCloseTo(2, 4);
    expect(out.correlation).toBeCloseTo(1, 4);
    expect(out.sessions).toBe(6);
  });

  it('pairs returns by date: a session the benchmark lacks drops out instead of shifting the pairs', async () => {
    const subject = syntheticSeries('SUBJ', [100, 101, 99, 102, 103, 101, 104], 1);
    const full = syntheticSeries('BENCH', [200, 201, 200, 202, 203, 202, 204], 1);
    const gap: BarSeries = { ...full, bars: full.bars.filter((_, i) => i !== 3) };
    const out = await output<Beta>('beta', { series: subject, benchmark: gap });
    // The subject's return ending on the missing day has no partner; the next one pairs with the benchmark's two-day return.
    expect(out.sessions).toBe(5);
  });

  it('a flat subject has beta 0 and no correlation; a flat benchmark or no overlap is insufficient_data', async () => {
    const moving = syntheticSeries('MOVE', [100, 101, 99, 102, 103], 1);
    const flat = syntheticSeries('FLAT', [50, 50, 50, 50, 50], 1);
    const out = await output<Beta>('beta', { series: flat, benchmark: moving });
    expect(out).toMatchObject({ beta: 0, correlation: null });
    expect(await failure('beta', { series: moving, benchmark: flat })).toMatchObject({ code: 'insufficient_data', message: expect.stringMatching(/FLAT did not move/) });
    const spy2026 = await bars('SPY', '2026-01-01', TODAY);
    expect(await failure('beta', { series: moving, benchmark: spy2026 })).toMatchObject({ code: 'insufficient_data' });
  });

  it('bad input is a clear error: no benchmark series, a benchmark given as a symbol', async () => {
    const series = await bars('TSLA', PAST_YEAR.from, TODAY);
    expect(await failure('beta', { series })).toMatchObject({ code: 'tool_input_invalid', message: expect.stringMatching(/benchmark/) });
    expect(await failure('beta', { series, benchmark: 'SPY' })).toMatchObject({ code: 'tool_input_invalid', message: expect.stringMatching(/benchmark/) });
  });
});
