import { describe, expect, it } from 'vitest';
import { maxDrawdownOutputSchema, maxDrawdownTool, type MaxDrawdown } from '../../../src/tools/max-drawdown.js';
import { loadSeries as loadReferenceSeries, maxDrawdown, windowPath } from '../../../eval/reference/index.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, reference, TODAY } from './helpers.js';

type W = { from: string; to: string; base?: 'previous_close' | 'from_close' };

async function drawdown(symbol: string, window: W): Promise<MaxDrawdown> {
  return output<MaxDrawdown>('max_drawdown', { series: await bars(symbol, window.from, window.to), window });
}

/** The reference's drawdown of the same window path. */
function expected(symbol: string, window: W) {
  const path = windowPath(loadReferenceSeries(symbol), { ...window, ...(window.base === 'from_close' ? { anchor: { date: window.from } } : {}) });
  const dd = maxDrawdown(path.closes);
  return { pct: dd.pct, peak: path.dates[dd.peakIndex], trough: path.dates[dd.troughIndex], path };
}

describe('tool max_drawdown on the offline dataset', () => {
  it("TSLA's YTD max drawdown: −24.00% from the 2026-01-05 close to the 2026-04-08 close", async () => {
    const window = { from: '2026-01-01', to: TODAY };
    const out = await drawdown('TSLA', window);
    expect(maxDrawdownOutputSchema.safeParse(out).success).toBe(true);
    expect(out.drawdownPct).toBeCloseTo(reference({ kind: 'max_drawdown', ticker: 'TSLA', window }), 2);
    const ref = expected('TSLA', window);
    expect(out.peak.date).toBe(ref.peak);
    expect(out.trough.date).toBe(ref.trough);
    expect(out.window).toMatchObject({ from: '2026-01-01', to: TODAY, base: 'previous_close', baseDate: '2025-12-31', lastDate: TODAY, truncated: false });
    expect(out.method).toMatch(/peak-to-trough/);
    expect(maxDrawdownTool.summarize!(out)).toBe(`TSLA max drawdown ${'\u2212'}${Math.abs(out.drawdownPct).toFixed(2)}% (${out.peak.date} ${out.peak.close.toFixed(2)} → ${out.trough.date} ${out.trough.close.toFixed(2)}), 2025-12-31 close → ${TODAY}`);
  });

  it('matches the reference for several symbols and windows, anchored ones included', async () => {
    const windows: W[] = [
      { from: '2025-05-15', to: TODAY },
      { from: '2026-02-15', to: TODAY },
      { from: '2026-04-01', to: TODAY },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-03-30', to: TODAY, base: 'from_close' },
    ];
    for (const symbol of ['NVDA', 'AMD', 'SPY', 'MSFT', '^SOX']) {
      for (const window of windows) {
        const out = await drawdown(symbol, window);
        const ref = expected(symbol, window);
        expect(out.drawdownPct, `${symbol} ${window.from}`).toBeCloseTo(ref.pct, 2);
        expect([out.peak.date, out.trough.date], `${symbol} ${window.from}`).toEqual([ref.peak, ref.trough]);
        // The current drawdown runs from the path's highest close to its last close.
        const high = Math.max(...ref.path.closes);
        expect(out.current.peak.close).toBe(high);
        expect(out.current.drawdownPct).toBeCloseTo((ref.path.closes.at(-1)! / high - 1) * 100, 2);
      }
    }
  });

  it('the base close counts as a peak; the recovery is the first close back at the peak', async () => {
    // Base 100 (the warm-up bar), then 90, 95, 80, 120.
    const series = syntheticSeries('SYN', [100, 90, 95, 80, 120], 1);
    const out = await output<MaxDrawdown>('max_drawdown', { series });
    expect(out.drawdownPct).toBe(-20);
    expect(out.peak).toEqual({ date: series.bars[0].date, close: 100 });
    expect(out.trough).toEqual({ date: series.bars[3].date, close: 80 });
    expect(out.recoveryDate).toBe(series.bars[4].date);
    expect(out.current).toMatchObject({ peak: { close: 120 }, last: { close: 120 }, drawdownPct: 0 });
  });

  it('a flat or rising path has no drawdown (0, peak = trough = the base session)', async () => {
    for (const closes of [[50, 50, 50, 50], [10, 11, 12, 13]]) {
      const series = syntheticSeries('FLAT', closes, 1);
      const out = await output<MaxDrawdown>('max_drawdown', { series });
      expect(out.drawdownPct).toBe(0);
      expect(out.peak.date).toBe(series.bars[0].date);
      expect(out.trough.date).toBe(series.bars[0].date);
      expect(out.recoveryDate).toBeNull();
    }
  });

  it('bad input is a clear error: a window outside the data, a reversed window, bars out of order', async () => {
    const series = await bars('TSLA', '2026-01-01', TODAY);
    expect(await failure('max_drawdown', { series, window: { from: '2027-01-01', to: '2027-03-01' } })).toMatchObject({ code: 'insufficient_data' });
    expect(await failure('max_drawdown', { series, window: { from: TODAY, to: '2026-01-01' } })).toMatchObject({ code: 'tool_input_invalid' });
    expect(await failure('max_drawdown', { series, window: { from: '2026-01-01', to: TODAY, base: 'open' } })).toMatchObject({ code: 'tool_input_invalid' });
    const shuffled = { ...series, bars: [...series.bars].reverse() };
    expect(await failure('max_drawdown', { series: shuffled })).toMatchObject({ code: 'tool_input_invalid', message: expect.stringMatching(/ascending date order/) });
  });
});
