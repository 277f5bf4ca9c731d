import { describe, expect, it } from 'vitest';
import { volatilityOutputSchema, volatilityTool, type Volatility } from '../../../src/tools/volatility.js';
import { annualizedVolatilityPct, loadSeries as loadReferenceSeries, windowPath } from '../../../eval/reference/index.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference, TODAY } from './helpers.js';

type W = { from: string; to: string; base?: 'previous_close' | 'from_close' };

async function volatility(symbol: string, window: W): Promise<Volatility> {
  return output<Volatility>('volatility', { series: await bars(symbol, window.from, window.to), window });
}

describe('tool volatility on the offline dataset', () => {
  it('AMD over the last 30 days (2026-04-15 → 2026-05-15): 23 daily log returns from the 2026-04-14 close', async () => {
    const window = { from: '2026-04-15', to: TODAY };
    const out = await volatility('AMD', window);
    expect(volatilityOutputSchema.safeParse(out).success).toBe(true);
    expect(out.annualizedPct).toBeCloseTo(reference({ kind: 'volatility', ticker: 'AMD', window }), 2);
    expect(out).toMatchObject({ returns: 23, annualizationDays: 252, window: { baseDate: '2026-04-14', firstDate: '2026-04-15', lastDate: TODAY, sessions: 23 } });
    expect(out.dailyPct * Math.sqrt(252)).toBeCloseTo(out.annualizedPct, 1);
    expect(out.method).toMatch(/sample standard deviation \(n − 1\) of daily log returns .* √252/);
    expect(volatilityTool.summarize!(out)).toBe(`AMD realized volatility ${out.annualizedPct.toFixed(2)}% annualized (23 daily returns, 2026-04-14 close → ${TODAY})`);
  });

  it('matches the reference for several symbols and windows, anchored ones included', async () => {
    const windows: W[] = [
      { from: '2025-05-15', to: TODAY },
      { from: '2026-01-01', to: TODAY },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-05-08', to: TODAY },
      { from: '2026-03-30', to: TODAY, base: 'from_close' },
    ];
    for (const symbol of ['NVDA', 'TSLA', 'SPY', 'QQQ']) {
      for (const window of windows) {
        const path = windowPath(loadReferenceSeries(symbol), { ...window, ...(window.base === 'from_close' ? { anchor: { date: window.from } } : {}) });
        const out = await volatility(symbol, window);
        expect(out.annualizedPct, `${symbol} ${window.from}`).toBeCloseTo(annualizedVolatilityPct(path.closes), 2);
        expect(out.returns).toBe(path.closes.length - 1);
      }
    }
  });

  it('a hand-made path: ±ln(1.1) alternating gives ln(1.1)·√(4/3)·√252; a flat path gives 0', async () => {
    const zigzag = await output<Volatility>('volatility', { series: syntheticSeries('ZIG', [100, 110, 100, 110, 100], 1) });
    expect(zigzag.returns).toBe(4);
    expect(zigzag.annualizedPct).toBeCloseTo(Math.log(1.1) * Math.sqrt(4 / 3) * Math.sqrt(252) * 100, 2);
    const flat = await output<Volatility>('volatility', { series: syntheticSeries('FLAT', [20, 20, 20, 20], 1) });
    expect(flat).toMatchObject({ annualizedPct: 0, dailyPct: 0, returns: 3 });
  });

  it('needs two returns: one session after the base is insufficient_data', async () => {
    const series = await bars('AMD', TODAY, TODAY);
    expect(await failure('volatility', { series })).toMatchObject({ code: 'insufficient_data', message: expect.stringMatching(/1 daily return\(s\).*at least 2/) });
  });
});
