import { describe, expect, it } from 'vitest';
import { findAnchorOutputSchema, findAnchorTool, type FindAnchor } from '../../../src/tools/find-anchor.js';
import { monthSpan, resolveAnchor } from '../../../eval/reference/index.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, failure, output, TODAY } from './helpers.js';

const anchorOf = async (symbol: string, anchor: Record<string, unknown>, from = '2025-01-01') =>
  output<FindAnchor>('find_anchor', { series: await bars(symbol, from, TODAY), anchor });

describe('tool find_anchor on the offline dataset', () => {
  it('"since the March low" for TSLA: the 2026-03-30 close of 355.28, and a from_close window to the last session', async () => {
    const out = await anchorOf('TSLA', { kind: 'low', ...monthSpan('2026-03') });
    expect(findAnchorOutputSchema.safeParse(out).success).toBe(true);
    expect(out.date).toBe(resolveAnchor({ kind: 'lowest_close', ticker: 'TSLA', in: monthSpan('2026-03') }, TODAY));
    expect(out).toMatchObject({ date: '2026-03-30', close: 355.28, level: 355.28, basis: 'close', lastClose: 422.24 });
    expect(out.window).toEqual({ from: '2026-03-30', to: TODAY, base: 'from_close' });
    expect(out.searched).toMatchObject({ from: '2026-03-01', to: '2026-03-31', firstDate: '2026-03-02', lastDate: '2026-03-31', sessions: 22 });
    expect(out.changeSincePct).toBeCloseTo((422.24 / 355.28 - 1) * 100, 2);
    expect(findAnchorTool.summarize!(out)).toBe('TSLA lowest close 355.28 on 2026-03-30 (searched 2026-03-02 → 2026-03-31); +18.85% since, to 2026-05-15');
  });

  it('matches the reference for peaks, lows, YTD anchors and the 52-week high/low', async () => {
    for (const symbol of ['NVDA', 'AMD', 'MSFT', 'SPY']) {
      for (const [kind, refKind, span] of [
        ['high', 'highest_close', monthSpan('2026-04')],
        ['low', 'lowest_close', monthSpan('2026-02')],
        ['low', 'lowest_close', { from: '2026-01-01', to: TODAY }],
        ['high', 'highest_close', { from: '2026-01-01', to: TODAY }],
      ] as const) {
        const out = await anchorOf(symbol, { kind, ...span });
        expect(out.date, `${symbol} ${kind} ${span.from}`).toBe(resolveAnchor({ kind: refKind, ticker: symbol, in: span }, TODAY));
      }
      const series = await bars(symbol, TODAY, TODAY, 300);
      for (const [kind, refKind] of [
        ['high_52w', 'high_52w'],
        ['low_52w', 'low_52w'],
      ] as const) {
        const out = await output<FindAnchor>('find_anchor', { series, anchor: { kind } });
        expect(out.date, `${symbol} ${kind}`).toBe(resolveAnchor({ kind: refKind, ticker: symbol }, TODAY));
        expect(out.basis).toBe('intraday');
        expect(out.window).toEqual({ from: out.date, to: TODAY, base: 'from_close' });
        expect(out.searched.sessions).toBe(252);
      }
    }
  });

  it('a tie goes to the latest session; a span of one holiday has no session', async () => {
    const series = syntheticSeries('TIE', [10, 8, 9, 8, 12], 0);
    const out = await output<FindAnchor>('find_anchor', { series, anchor: { kind: 'low', from: series.bars[0].date, to: series.bars[4].date } });
    expect(out.date).toBe(series.bars[3].date);
    const tsla = await bars('TSLA', '2026-03-01', TODAY);
    expect(await failure('find_anchor', { series: tsla, anchor: { kind: 'high', from: '2026-04-03', to: '2026-04-03' } })).toMatchObject({
      code: 'insufficient_data',
      message: expect.stringMatching(/no session between 2026-04-03 and 2026-04-03/),
    });
  });

  it('bad input is a clear error: a low without its span, a reversed span, an unknown kind', async () => {
    const tsla = await bars('TSLA', '2026-03-01', TODAY);
    expect(await failure('find_anchor', { series: tsla, anchor: { kind: 'low' } })).toMatchObject({ code: 'tool_input_invalid', message: expect.stringMatching(/needs `from` and `to`/) });
    expect(await failure('find_anchor', { series: tsla, anchor: { kind: 'low', from: '2026-03-31', to: '2026-03-01' } })).toMatchObject({ code: 'tool_input_invalid' });
    expect(await failure('find_anchor', { series: tsla, anchor: { kind: 'bottom', from: '2026-03-01', to: '2026-03-31' } })).toMatchObject({ code: 'tool_input_invalid' });
  });
});
