/**
 * The one window rule (src/tools/indicators/window.ts), checked against the reference calculator's window paths
 * (eval/reference: the gold set's convention, written independently of src/).
 */
import { describe, expect, it } from 'vitest';
import { resolveWindow, windowCloses, windowChangePct, measuredWindow } from '../../../src/tools/indicators/window.js';
import { loadSeries as loadReferenceSeries, windowPath, pctChange } from '../../../eval/reference/index.js';
import { syntheticSeries } from '../indicators/synthetic-series.js';
import { bars, TODAY } from './helpers.js';

const WINDOWS = [
  { name: 'YTD', from: '2026-01-01', to: TODAY },
  { name: 'past year (from is a session)', from: '2025-05-15', to: TODAY },
  { name: 'past quarter (from is a Sunday)', from: '2026-02-15', to: TODAY },
  { name: 'since April 1st (a session)', from: '2026-04-01', to: TODAY },
  { name: 'this week', from: '2026-05-11', to: TODAY },
  { name: 'in March', from: '2026-03-01', to: '2026-03-31' },
  { name: 'today', from: TODAY, to: TODAY },
  { name: 'over Good Friday', from: '2026-04-03', to: '2026-04-10' },
];

describe('resolveWindow: previous_close (the default) matches the reference window path', () => {
  for (const w of WINDOWS) {
    it(`${w.name}: ${w.from} → ${w.to}`, async () => {
      for (const symbol of ['NVDA', 'SPY', '^SOX']) {
        const series = await bars(symbol, w.from, w.to, 5);
        const resolved = resolveWindow(series, { from: w.from, to: w.to });
        const path = windowPath(loadReferenceSeries(symbol), w);
        expect(resolved.baseDate).toBe(path.baseDate);
        expect(resolved.lastDate).toBe(path.endDate);
        expect(windowCloses(series, resolved)).toEqual(path.closes);
        expect(resolved.sessions).toBe(path.closes.length - 1);
        expect(windowChangePct(series, resolved)).toBeCloseTo(pctChange(path.closes[0], path.closes.at(-1)!), 10);
        expect(resolved.truncated).toBe(false);
      }
    });
  }

  it('names the base explicitly: YTD runs from the 2025-12-31 close, since April 1st from the 2026-03-31 close', async () => {
    const nvda = await bars('NVDA', '2025-12-01', TODAY);
    expect(resolveWindow(nvda, { from: '2026-01-01', to: TODAY })).toMatchObject({ baseDate: '2025-12-31', firstDate: '2026-01-02', lastDate: TODAY });
    expect(resolveWindow(nvda, { from: '2026-04-01', to: TODAY })).toMatchObject({ baseDate: '2026-03-31', firstDate: '2026-04-01' });
    // 2026-04-03 is Good Friday: a window starting there begins on Monday 2026-04-06 and is based on Thursday's close.
    expect(resolveWindow(nvda, { from: '2026-04-03', to: TODAY })).toMatchObject({ baseDate: '2026-04-02', firstDate: '2026-04-06' });
  });
});

describe('resolveWindow: from_close (anchors)', () => {
  it("measures from the anchor session's own close, as the reference does for an anchored window", async () => {
    const tsla = await bars('TSLA', '2026-03-01', TODAY);
    const resolved = resolveWindow(tsla, { from: '2026-03-30', to: TODAY, base: 'from_close' });
    const path = windowPath(loadReferenceSeries('TSLA'), { from: '2026-03-30', to: TODAY, anchor: { date: '2026-03-30' } });
    expect(resolved).toMatchObject({ base: 'from_close', baseDate: '2026-03-30', firstDate: '2026-03-30', lastDate: TODAY });
    expect(windowCloses(tsla, resolved)).toEqual(path.closes);
    expect(measuredWindow(tsla, resolved).baseClose).toBe(355.28);
    expect(windowChangePct(tsla, resolved)).toBeCloseTo((422.24 / 355.28 - 1) * 100, 10);
  });

  it('uses the last session on or before `from` when `from` is not a session', async () => {
    const nvda = await bars('NVDA', '2026-03-01', TODAY);
    expect(resolveWindow(nvda, { from: '2026-04-03', to: TODAY, base: 'from_close' })).toMatchObject({ baseDate: '2026-04-02', firstDate: '2026-04-06' });
  });

  it('an anchor on the last session is a window with no moves (0 sessions), not an error', async () => {
    const nvda = await bars('NVDA', '2026-05-01', TODAY);
    const resolved = resolveWindow(nvda, { from: TODAY, to: TODAY, base: 'from_close' });
    expect(resolved).toMatchObject({ baseDate: TODAY, lastDate: TODAY, sessions: 0 });
  });
});

describe('resolveWindow without a window: the series own get_bars window', () => {
  it('the base is the bar before windowStart, the same as an explicit window with the get_bars dates', async () => {
    for (const from of ['2026-01-01', '2025-05-15', '2026-04-01']) {
      const series = await bars('AMD', from, TODAY);
      const derived = resolveWindow(series);
      const explicit = resolveWindow(series, { from, to: TODAY });
      expect([derived.baseIndex, derived.startIndex, derived.endIndex]).toEqual([explicit.baseIndex, explicit.startIndex, explicit.endIndex]);
      expect(derived.from).toBe(series.bars[series.windowStart].date);
    }
  });

  it('without warm-up the first bar is the base and the window says truncated', () => {
    const series = syntheticSeries('SYN', [10, 11, 12], 0);
    expect(resolveWindow(series)).toMatchObject({ baseIndex: 0, startIndex: 0, endIndex: 2, sessions: 2, truncated: true });
  });
});

describe('resolveWindow: edge cases get a clear BotError', () => {
  const syn = syntheticSeries('SYN', [10, 11, 12, 13, 14], 1); // 2024-01-01 (Mon) … 2024-01-05 (Fri)

  it('a reversed window is tool_input_invalid', () => {
    expect(() => resolveWindow(syn, { from: '2024-01-05', to: '2024-01-01' })).toThrow(expect.objectContaining({ code: 'tool_input_invalid' }));
  });

  it('a window outside the data, or with no session in it (a weekend), is insufficient_data', () => {
    for (const window of [
      { from: '2023-01-01', to: '2023-12-31' },
      { from: '2024-02-01', to: '2024-03-01' },
      { from: '2024-01-06', to: '2024-01-07' },
    ]) {
      expect(() => resolveWindow(syn, window)).toThrow(expect.objectContaining({ code: 'insufficient_data' }));
    }
    expect(() => resolveWindow(syn, { from: '2024-01-06', to: '2024-01-07' })).toThrow(/no session between 2024-01-06 and 2024-01-07 \(the last session before it is 2024-01-05\)/);
  });

  it('a series that starts inside the window is measured from its first close (truncated)', () => {
    expect(resolveWindow(syn, { from: '2023-12-01', to: '2024-01-03' })).toMatchObject({ baseDate: '2024-01-01', firstDate: '2024-01-01', lastDate: '2024-01-03', sessions: 2, truncated: true });
  });

  it('a single session with nothing before it has no move to measure', () => {
    const one = syntheticSeries('ONE', [10], 0);
    expect(() => resolveWindow(one)).toThrow(expect.objectContaining({ code: 'insufficient_data' }));
    expect(() => resolveWindow(syntheticSeries('NONE', [], 0))).toThrow(expect.objectContaining({ code: 'insufficient_data' }));
  });

  it('a non-positive base close is tool_input_invalid', () => {
    const zero = { ...syn, bars: syn.bars.map((bar, i) => (i === 0 ? { ...bar, close: 0 } : bar)) };
    expect(() => resolveWindow(zero)).toThrow(expect.objectContaining({ code: 'tool_input_invalid' }));
  });
});
