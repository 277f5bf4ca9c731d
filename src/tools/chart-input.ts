/**
 * The render_chart tool's inputs (market data and tool outputs) → what the charts draw. The market logic the chart
 * shows lives here, not in render: the window's base close (`windowBaseIndex`, the same rule relative_performance
 * and the answer use) and moving-average crossings (the same sign-change rule technicals_summary uses).
 */
import type { ChartInput, Crossing, TechnicalChartInput } from '../render/charts/chart-input.js';
import type { IndicatorSet } from './indicators/indicator-set.js';
import { difference, signChanges } from './indicators/sign-changes.js';
import { windowBaseIndex, type BarSeries } from './market/types.js';
import type { RelativePerformance } from './indicators/relative-performance-schema.js';

export type ChartRequest =
  | { kind: 'technical'; symbol: string; series: BarSeries; indicators: IndicatorSet }
  | { kind: 'relative'; performance: RelativePerformance }
  | { kind: 'comparison'; series: BarSeries[]; from: string; to: string };

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
    baseIndex: windowBaseIndex(series),
    crossings: { sma20Sma50: crossings(indicators.sma20, indicators.sma50, start), sma50Sma200: crossings(indicators.sma50, indicators.sma200, start) },
  };
}

export function toChartInput(request: ChartRequest): ChartInput {
  return request.kind === 'technical' ? technicalChartInput(request.symbol, request.series, request.indicators) : request;
}
