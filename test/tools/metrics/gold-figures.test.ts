/**
 * Every in-sample gold figure a tool can state (eval/gold.json + eval/insample.json), computed by the tools from
 * get_bars series the way the router fetches them, against the value the reference calculator gives. This checks
 * values and conventions (base close, anchors, 52-week and all-time definitions), not routing or synthesis. The
 * held-out file is deliberately not read here: it stays a measurement, not something the tools were fitted to.
 */
import { describe, expect, it } from 'vitest';
import { loadGoldSet, INSAMPLE_PATH, DEFAULT_GOLD_PATH } from '../../../eval/gold-schema.js';
import type { Figure, Window } from '../../../eval/reference/index.js';
import type { RelativePerformance } from '../../../src/tools/indicators/relative-performance-schema.js';
import type { CloseOnDate } from '../../../src/tools/close-on-date.js';
import type { MaxDrawdown } from '../../../src/tools/max-drawdown.js';
import type { Volatility } from '../../../src/tools/volatility.js';
import type { Beta } from '../../../src/tools/beta.js';
import type { AllTimeHigh } from '../../../src/tools/all-time-high.js';
import type { Range52w } from '../../../src/tools/range-52w.js';
import type { MovingAverage } from '../../../src/tools/moving-average.js';
import { bars, output, reference, TODAY } from './helpers.js';

type Case = { id: string; figure: Figure; window?: Window };

const cases: Case[] = [DEFAULT_GOLD_PATH, INSAMPLE_PATH].flatMap((path) =>
  loadGoldSet(path).questions.flatMap((q) => {
    const questionWindow = q.window ?? (q.period?.from && q.period?.to ? { from: q.period.from, to: q.period.to } : undefined);
    return (q.firstParagraph?.figures ?? []).filter((f) => f.kind !== 'rsi').map((figure) => ({ id: q.id, figure, window: figure.window ?? questionWindow }));
  }),
);

const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const toolWindow = (w: Window) => ({ from: w.from, to: w.to, ...(w.anchor ? { base: 'from_close' as const } : {}) });

/** The tool's figure for a gold figure, and how close it must be (the tools round % to 2 decimals, ratios to 4). */
async function viaTools({ figure, window }: Case): Promise<{ value: number; within: number }> {
  const date = figure.date ?? TODAY;
  const t = figure.ticker;
  switch (figure.kind) {
    case 'return': {
      const perf = await output<RelativePerformance>('relative_performance', { series: [await bars(t, window!.from, window!.to)], window: toolWindow(window!) });
      return { value: perf.rows[0].returnPct, within: 0.005 };
    }
    case 'spread': {
      const b = figure.benchmark!;
      const series = [await bars(t, window!.from, window!.to), await bars(b, window!.from, window!.to)];
      const perf = await output<RelativePerformance>('relative_performance', { series, benchmark: b, window: toolWindow(window!) });
      return { value: perf.rows[0].vsBenchmarkPp!, within: 0.01 };
    }
    case 'close':
    case 'change': {
      const out = await output<CloseOnDate>('close_on_date', { series: await bars(t, daysBefore(date, 10), date), date });
      return figure.kind === 'close' ? { value: out.close, within: 0 } : { value: out.changePct!, within: 0.005 };
    }
    case 'max_drawdown':
      return { value: (await output<MaxDrawdown>('max_drawdown', { series: await bars(t, window!.from, window!.to), window: toolWindow(window!) })).drawdownPct, within: 0.005 };
    case 'volatility':
      return { value: (await output<Volatility>('volatility', { series: await bars(t, window!.from, window!.to), window: toolWindow(window!) })).annualizedPct, within: 0.005 };
    case 'beta':
    case 'correlation': {
      const series = await bars(t, window!.from, window!.to);
      const benchmark = await bars(figure.benchmark!, window!.from, window!.to);
      const out = await output<Beta>('beta', { series, benchmark, window: toolWindow(window!) });
      return { value: figure.kind === 'beta' ? out.beta : out.correlation!, within: 0.00005 };
    }
    case 'all_time_high':
    case 'pct_from_ath': {
      const out = await output<AllTimeHigh>('all_time_high', { series: await bars(t, '1990-01-01', date, 0) });
      const intraday = figure.basis === 'intraday';
      if (figure.kind === 'all_time_high') return { value: intraday ? out.highestHigh.high : out.highestClose.close, within: 0 };
      return { value: intraday ? out.pctFromHighestHigh : out.pctFromHighestClose, within: 0.005 };
    }
    case 'high_52w':
    case 'low_52w':
    case 'pct_from_high_52w': {
      const out = await output<Range52w>('range_52w', { series: await bars(t, date, date, 300) });
      return { value: figure.kind === 'high_52w' ? out.high : figure.kind === 'low_52w' ? out.low : out.fromHighPct, within: figure.kind === 'pct_from_high_52w' ? 0.005 : 0 };
    }
    case 'sma':
    case 'pct_vs_sma': {
      const out = await output<MovingAverage>('moving_average', { series: await bars(t, date, date, figure.n! + 40), period: figure.n!, kind: 'sma' });
      return figure.kind === 'sma' ? { value: out.value, within: 0.00005 } : { value: out.distancePct, within: 0.005 };
    }
    default:
      throw new Error(`no tool for ${figure.kind}`);
  }
}

describe('in-sample gold figures, computed by the tools', () => {
  it('covers every metric kind the tools state', () => {
    const kinds = new Set(cases.map((c) => c.figure.kind));
    for (const kind of ['return', 'spread', 'close', 'change', 'max_drawdown', 'volatility', 'beta', 'correlation', 'all_time_high', 'pct_from_ath', 'high_52w', 'low_52w', 'pct_from_high_52w', 'sma', 'pct_vs_sma']) {
      expect(kinds.has(kind as Figure['kind']), kind).toBe(true);
    }
    expect(cases.length).toBeGreaterThan(200);
  });

  it('every figure agrees with eval/reference', async () => {
    const misses: string[] = [];
    for (const c of cases) {
      const expected = reference({ ...c.figure, ...(c.window ? { window: c.window } : {}) });
      const { value, within } = await viaTools(c);
      // Spreads are stated by magnitude (the sign depends on which side is named first).
      const [a, b] = c.figure.kind === 'spread' ? [Math.abs(value), Math.abs(expected)] : [value, expected];
      if (!(Math.abs(a - b) <= within + 1e-9)) misses.push(`${c.id} ${c.figure.kind} ${c.figure.ticker}: tools ${value}, reference ${expected}`);
    }
    expect(misses).toEqual([]);
  });
});
