/**
 * The render_chart tool's inputs (market data and tool outputs) → what the charts draw. The market logic the chart
 * shows lives here, not in render: the window's base close (`resolveWindow`, the one rule relative_performance,
 * technicals_summary, the numeric chart reading and the answer use) and moving-average crossings (the same
 * sign-change rule technicals_summary uses).
 */
import type { ChartInput, Crossing, TechnicalChartInput } from '../render/charts/chart-input.js';
import type { IndicatorSet } from './indicators/indicator-set.js';
import { difference, signChanges } from './indicators/sign-changes.js';
import type { BarSeries } from './market/types.js';
import type { RelativePerformance } from './indicators/relative-performance-schema.js';
import { resolveWindow, type WindowInput } from './indicators/window.js';
import { BotError } from '../errors.js';

export type ChartRequest =
  | { kind: 'technical'; symbol: string; series: BarSeries; indicators: IndicatorSet }
  | { kind: 'relative'; performance: RelativePerformance }
  | { kind: 'comparison'; series: BarSeries[]; from?: string; to?: string; window?: WindowInput };

/** Where line a crosses line b at or after `from` (touches are not crosses). */
function crossings(a: readonly (number | null)[], b: readonly (number | null)[], from: number): Crossing[] {
  return signChanges(difference(a, b), from).map((change) => ({ index: change.index, up: change.sign > 0 }));
}

export function technicalChartInput(symbol: string, series: BarSeries, indicators: IndicatorSet): TechnicalChartInput {
  const start = Math.min(series.windowStart, series.bars.length - 1);
  return {
    kind: 'technical',
    symbol,
    series,
    indicators,
    baseIndex: series.bars.length > 0 ? resolveWindow(series).baseIndex : 0,
    crossings: { sma20Sma50: crossings(indicators.sma20, indicators.sma50, start), sma50Sma200: crossings(indicators.sma50, indicators.sma200, start) },
  };
}

/**
 * The comparison chart rebases each line at its first close in [from, to]; here each series is cut to its window's
 * path (base close → last close), so that first close is the window's base close and the chart's returns are the
 * ones relative_performance reports for the same window.
 */
export function comparisonChartInput(request: Extract<ChartRequest, { kind: 'comparison' }>): ChartInput {
  const { from, to } = request;
  if ((from === undefined) !== (to === undefined)) throw new BotError('tool_input_invalid', 'render_chart: a comparison needs both `from` and `to` (or a `window`)');
  const window = request.window ?? (from !== undefined && to !== undefined ? { from, to } : undefined);
  if (window && window.from > window.to) throw new BotError('chart_input_invalid', `the window starts (${window.from}) after it ends (${window.to})`);
  const series = request.series.map((s) => {
    const w = resolveWindow(s, window);
    return { ...s, bars: s.bars.slice(w.baseIndex, w.endIndex + 1), windowStart: 0 };
  });
  const first = series.map((s) => s.bars[0].date).sort()[0];
  const last = series.map((s) => s.bars[s.bars.length - 1].date).sort().at(-1)!;
  return { kind: 'comparison', series, from: first, to: last };
}

export function toChartInput(request: ChartRequest): ChartInput {
  if (request.kind === 'technical') return technicalChartInput(request.symbol, request.series, request.indicators);
  if (request.kind === 'comparison') return comparisonChartInput(request);
  return request;
}
