/**
 * Relative performance over a window, from split-adjusted closes (a price return; dividends are not included).
 * The window rule is the one every tool uses (`window.ts`): the base is the last close strictly before `from`
 * (or the close on `from` for an anchored window, base "from_close"); the end is the last session on or before `to`.
 * A series whose history starts inside the window is measured from its first close, and `notes` says so.
 * Percent figures are rounded to 2 decimals and the vs-benchmark spread is the difference of the rounded returns,
 * so the numbers a reader sees always add up. Without a benchmark (ranking a group) every row's spread is null.
 */
import { BotError } from '../../errors.js';
import type { BarSeries } from '../market/types.js';
import type { PerformanceRow, RelativePerformance } from './relative-performance-schema.js';
import { round2, round4 } from './round.js';
import { resolveWindow, type WindowInput } from './window.js';

export type RelativePerformanceArgs = {
  readonly series: readonly BarSeries[];
  /** One of the series' symbols, or none (a group ranked on its own). */
  readonly benchmark?: string | null;
  /** The window as two dates (base "previous_close"); the same as `window: {from, to}`. */
  readonly from?: string;
  readonly to?: string;
  readonly window?: WindowInput;
  /** Extra views of the benchmark (e.g. SMH beside ^SOX): shown, not compared. */
  readonly alts?: readonly string[];
};

export function computeRelativePerformance(args: RelativePerformanceArgs): RelativePerformance {
  const { series } = args;
  if (series.length === 0) throw new BotError('tool_input_invalid', 'relative_performance: no series given');
  const window = windowOf(args);
  const benchmark = args.benchmark ? args.benchmark.toUpperCase() : null;
  const alts = new Set((args.alts ?? []).map((symbol) => symbol.toUpperCase()));
  const seen = new Set<string>();
  for (const item of series) {
    const symbol = item.symbol.toUpperCase();
    if (seen.has(symbol)) throw new BotError('tool_input_invalid', `relative_performance: ${item.symbol} is given twice`);
    seen.add(symbol);
  }
  if (benchmark !== null && !seen.has(benchmark)) {
    throw new BotError('tool_input_invalid', `relative_performance: the benchmark ${args.benchmark} is not among the series (${[...seen].join(', ')})`);
  }

  const windows = series.map((item) => resolveWindow(item, window));
  const notes: string[] = [];
  const rows: PerformanceRow[] = series.map((item, i) => {
    const w = windows[i];
    const startBar = item.bars[w.baseIndex];
    const endBar = item.bars[w.endIndex];
    if (w.truncated) notes.push(`${item.symbol}'s data starts ${startBar.date}, inside the window: its return runs from that first close`);
    const symbol = item.symbol.toUpperCase();
    return {
      symbol: item.symbol,
      role: symbol === benchmark ? 'benchmark' : alts.has(symbol) ? 'alt' : 'subject',
      startDate: startBar.date,
      endDate: endBar.date,
      startClose: startBar.close,
      endClose: endBar.close,
      returnPct: round4((endBar.close / startBar.close - 1) * 100),
      vsBenchmarkPp: null,
    };
  });
  const benchmarkIndex = rows.findIndex((row) => row.role === 'benchmark');
  if (benchmarkIndex >= 0) {
    const benchmarkRow = rows[benchmarkIndex];
    for (const row of rows) if (row.role === 'subject') row.vsBenchmarkPp = round4(row.returnPct - benchmarkRow.returnPct);
  }

  // The window the table states: the benchmark's (or, without one, the first series').
  const reference = benchmarkIndex >= 0 ? benchmarkIndex : 0;
  const w = windows[reference];
  return {
    benchmark: benchmarkIndex >= 0 ? series[benchmarkIndex].symbol : null,
    window: { from: w.baseDate, to: w.lastDate, sessions: w.sessions, base: w.base, firstDate: w.firstDate, requested: { from: w.from, to: w.to } },
    rows,
    rebased: series.map((item, i) => {
      const { baseIndex, endIndex } = windows[i];
      const base = item.bars[baseIndex].close;
      return {
        symbol: item.symbol,
        points: item.bars.slice(baseIndex, endIndex + 1).map((bar) => ({ date: bar.date, value: round2((bar.close / base) * 100) })),
      };
    }),
    source: [...new Set(series.map((item) => `${item.source}, as of ${item.asOf}`))].join('; '),
    notes,
  };
}

/**
 * `window` when given (it wins over `from`/`to`: an anchored plan may carry the period's dates beside the anchor's
 * window), else `from`/`to` (the older spelling of a window with the default base), else each series' own window.
 */
function windowOf(args: RelativePerformanceArgs): WindowInput | undefined {
  const { from, to, window } = args;
  if (window) return window;
  if ((from === undefined) !== (to === undefined)) throw new BotError('tool_input_invalid', 'relative_performance: give both `from` and `to` (or a `window`)');
  return from !== undefined && to !== undefined ? { from, to } : undefined;
}
