/**
 * What the charts draw, in their own terms. Render knows nothing of tools: the render_chart tool adapts its inputs
 * (bar series, indicator set, relative performance) to these shapes, which are structurally the data it already
 * has, and passes what needs market logic (which close is the window's base, where averages cross) as data.
 */
type Line = readonly (number | null)[];

export type ChartBar = { date: string; open: number; high: number; low: number; close: number; volume: number };

export type PriceSeries = {
  symbol: string;
  bars: readonly ChartBar[];
  /** Index of the first bar inside the window; bars before it are context. */
  windowStart: number;
  source: string;
};

/** Indicator lines aligned index-for-index with the bars (null during warm-up). */
export type IndicatorLines = {
  symbol: string;
  dates: readonly string[];
  sma20: Line;
  sma50: Line;
  sma200: Line;
  rsi14: Line;
  bollinger: { upper: Line; lower: Line };
  /** MACD(12, 26, 9); charts without it draw an empty MACD panel marked n/a. */
  macd?: { macd: Line; signal: Line; histogram: Line };
};

/** A line crossing another at bar `index`: `up` when the first moved above the second. */
export type Crossing = { index: number; up: boolean };

export type TechnicalChartInput = {
  kind: 'technical';
  symbol: string;
  series: PriceSeries;
  indicators: IndicatorLines;
  /** Index of the close the window's change is measured from (the same base the answer uses). */
  baseIndex: number;
  /** Moving-average crossings inside the window, as the technicals summary finds them. */
  crossings: { sma20Sma50: readonly Crossing[]; sma50Sma200: readonly Crossing[] };
};

export type RelativeChartInput = {
  kind: 'relative';
  performance: {
    /** Null when a group is ranked without a benchmark. */
    benchmark: string | null;
    window: { from: string; to: string; sessions: number };
    rows: readonly { symbol: string; role: 'subject' | 'benchmark' | 'alt'; endClose: number; returnPct: number; vsBenchmarkPp: number | null }[];
    rebased: readonly { symbol: string; points: readonly { date: string; value: number }[] }[];
    source: string;
  };
};

export type ComparisonChartInput = { kind: 'comparison'; series: readonly PriceSeries[]; from: string; to: string };

export type ChartInput = TechnicalChartInput | RelativeChartInput | ComparisonChartInput;
export type ChartKind = ChartInput['kind'];
