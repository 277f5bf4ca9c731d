/**
 * Relative performance over a window, from split-adjusted closes (a price return; dividends are not included).
 * Window rule, per symbol: the base is the close of the last session on or before `from` (if the series starts
 * after `from`, its first session in range); the end is the last session on or before `to`. Percent figures are
 * rounded to 2 decimals and the vs-benchmark spread is the difference of the rounded returns, so the numbers a
 * reader sees always add up.
 */
import { BotError } from '../../errors.js';
import type { BarSeries } from '../market/types.js';
import type { PerformanceRow, RelativePerformance } from './relative-performance-schema.js';
import { round2 } from './round.js';

export type RelativePerformanceArgs = {
  readonly series: readonly BarSeries[];
  readonly benchmark: string;
  readonly from: string;
  readonly to: string;
  /** Extra views of the benchmark (e.g. SMH beside ^SOX): shown, not compared. */
  readonly alts?: readonly string[];
};

type WindowIdx = { start: number; end: number };

export function computeRelativePerformance(args: RelativePerformanceArgs): RelativePerformance {
  const { series, from, to } = args;
  if (from > to) throw new BotError('tool_input_invalid', `relative_performance: the window starts (${from}) after it ends (${to})`);
  if (series.length === 0) throw new BotError('tool_input_invalid', 'relative_performance: no series given');
  const benchmark = args.benchmark.toUpperCase();
  const alts = new Set((args.alts ?? []).map((symbol) => symbol.toUpperCase()));
  const seen = new Set<string>();
  for (const item of series) {
    const symbol = item.symbol.toUpperCase();
    if (seen.has(symbol)) throw new BotError('tool_input_invalid', `relative_performance: ${item.symbol} is given twice`);
    seen.add(symbol);
  }
  if (!seen.has(benchmark)) {
    throw new BotError('tool_input_invalid', `relative_performance: the benchmark ${args.benchmark} is not among the series (${[...seen].join(', ')})`);
  }

  const windows = series.map((item) => findWindow(item, from, to));
  const rows: PerformanceRow[] = series.map((item, i) => {
    const { start, end } = windows[i];
    const startBar = item.bars[start];
    const endBar = item.bars[end];
    if (!(startBar.close > 0)) {
      throw new BotError('tool_input_invalid', `relative_performance: ${item.symbol} has a non-positive base close (${startBar.close}) on ${startBar.date}`);
    }
    const symbol = item.symbol.toUpperCase();
    return {
      symbol: item.symbol,
      role: symbol === benchmark ? 'benchmark' : alts.has(symbol) ? 'alt' : 'subject',
      startDate: startBar.date,
      endDate: endBar.date,
      startClose: startBar.close,
      endClose: endBar.close,
      returnPct: round2((endBar.close / startBar.close - 1) * 100),
      vsBenchmarkPp: null,
    };
  });
  const benchmarkIndex = rows.findIndex((row) => row.role === 'benchmark');
  const benchmarkRow = rows[benchmarkIndex];
  for (const row of rows) if (row.role === 'subject') row.vsBenchmarkPp = round2(row.returnPct - benchmarkRow.returnPct);

  const benchmarkWindow = windows[benchmarkIndex];
  return {
    benchmark: series[benchmarkIndex].symbol,
    window: { from: benchmarkRow.startDate, to: benchmarkRow.endDate, sessions: benchmarkWindow.end - benchmarkWindow.start },
    rows,
    rebased: series.map((item, i) => {
      const { start, end } = windows[i];
      const base = item.bars[start].close;
      return {
        symbol: item.symbol,
        points: item.bars.slice(start, end + 1).map((bar) => ({ date: bar.date, value: round2((bar.close / base) * 100) })),
      };
    }),
    source: [...new Set(series.map((item) => `${item.source}, as of ${item.asOf}`))].join('; '),
  };
}

function findWindow(series: BarSeries, from: string, to: string): WindowIdx {
  const { bars } = series;
  const end = lastIndexOnOrBefore(bars, to);
  if (end < 0) throw insufficient(series, from, to, `no session on or before ${to}`);
  let start = lastIndexOnOrBefore(bars, from);
  if (start < 0) start = 0; // the series begins inside the window: its first session is the base
  if (start >= end) throw insufficient(series, from, to, `fewer than two sessions between ${from} and ${to}`);
  return { start, end };
}

/** Binary search: bars are in ascending date order and ISO dates compare as strings. */
function lastIndexOnOrBefore(bars: BarSeries['bars'], date: string): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].date <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function insufficient(series: BarSeries, from: string, to: string, why: string): BotError {
  return new BotError('insufficient_data', `${series.symbol}: cannot measure ${from} → ${to}: ${why} (data runs ${series.bars[0]?.date ?? 'nowhere'} → ${series.bars.at(-1)?.date ?? 'nowhere'})`, {
    details: { symbol: series.symbol, from, to },
  });
}
