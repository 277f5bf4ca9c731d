/**
 * Technical chart template (a function of the size only; rows and numbers are bound at render time):
 * candlesticks on an ordinal x (trading days only, so no weekend gaps) with SMA 20/50/200 and Bollinger (20, 2),
 * a volume panel (not for indices, which trade none), MACD(12, 26, 9) and RSI(14) with 30/70 rules, and a source line.
 * Only the bottom panel draws the x axis.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSize } from './chart-size.js';
import { SPACING_PX, X_AXIS_PX, Y_AXIS_PX, panelHeights, plotWidth } from './chart-layout.js';
import { chartSpecHeader } from './chart-spec-header.js';
import { COLORS, FONT_PX } from './chart-theme.js';

/** Price, volume, MACD, RSI: price gets most of the room. Indices trade no volume: their chart drops that panel. */
export const TECHNICAL_PANEL_WEIGHTS = [5.0, 1.2, 1.5, 1.5] as const;
export const TECHNICAL_PANEL_WEIGHTS_NO_VOLUME = [5.0, 1.5, 1.5] as const;

export type TechnicalVariant = { readonly volume: boolean };

export function technicalPanelWeights(variant: TechnicalVariant): readonly number[] {
  return variant.volume ? TECHNICAL_PANEL_WEIGHTS : TECHNICAL_PANEL_WEIGHTS_NO_VOLUME;
}
type Layer = Record<string, unknown>;

const xHidden = { field: 'd', type: 'ordinal', axis: null, scale: { paddingInner: 0.25, paddingOuter: 0.3 } } as const;
const xBottom = {
  field: 'd',
  type: 'ordinal',
  scale: { paddingInner: 0.25, paddingOuter: 0.3 },
  axis: { values: { expr: 'xTicks' }, labelExpr: 'xLabels[datum.value]', labelAngle: 0, title: null, grid: false, ticks: true, labelPadding: 4 },
} as const;

const yAxis = (extra: Record<string, unknown> = {}) => ({ title: null, minExtent: Y_AXIS_PX, maxExtent: Y_AXIS_PX, tickCount: 6, ...extra });

/** Text rows from the `labels` dataset for one panel, drawn right of the last bar at their de-overlapped value. */
function directLabels(panel: string): Layer {
  return {
    data: { name: 'labels' },
    transform: [{ filter: `datum.panel === '${panel}'` }],
    mark: { type: 'text', align: 'left', baseline: 'middle', dx: 12, fontSize: FONT_PX.label, fontWeight: 'bold' },
    encoding: {
      x: { field: 'd', type: 'ordinal' },
      y: { field: 'at', type: 'quantitative' },
      text: { field: 'text' },
      color: { field: 'color', type: 'nominal', scale: null },
    },
  };
}

/** The connector from the last point to its (possibly moved) label. */
function labelLeaders(panel: string): Layer {
  return {
    data: { name: 'labels' },
    transform: [{ filter: `datum.panel === '${panel}'` }],
    mark: { type: 'rule', strokeWidth: 1, strokeOpacity: 0.6 },
    encoding: {
      x: { field: 'd', type: 'ordinal' },
      y: { field: 'v', type: 'quantitative' },
      y2: { field: 'at' },
      color: { field: 'color', type: 'nominal', scale: null },
    },
  };
}

/** A panel's heading, top-left inside the plot: "RSI(14) 61.3". */
function panelNote(panel: string): Layer {
  return {
    data: { name: 'notes' },
    transform: [{ filter: `datum.panel === '${panel}'` }],
    mark: { type: 'text', align: 'left', baseline: 'top', x: 8, y: 6, fontSize: FONT_PX.panel, fontWeight: 'bold', color: COLORS.text },
    encoding: { text: { field: 'text' } },
  };
}

/**
 * Crossovers and RSI level crossings, marked explicitly instead of leaving intersections for the reader to find.
 * The marker sits on the line; its label sits in the panel's reserved strip (`at`, bound by the data), joined by a
 * thin leader, so no label lands on a candle or on the line it describes.
 */
function eventMarks(panel: string): Layer[] {
  const base = { data: { name: 'events' }, transform: [{ filter: `datum.panel === '${panel}'` }] };
  const x = { field: 'd', type: 'ordinal' };
  const color = { field: 'color', type: 'nominal', scale: null };
  return [
    { ...base, mark: { type: 'rule', strokeWidth: 1, strokeDash: [2, 2] }, encoding: { x, y: { field: 'v', type: 'quantitative' }, y2: { field: 'tip' }, color } },
    { ...base, mark: { type: 'point', shape: 'diamond', size: 150, filled: true, opacity: 1, stroke: 'white', strokeWidth: 1.5 }, encoding: { x, y: { field: 'v', type: 'quantitative' }, color } },
    {
      ...base,
      transform: [...base.transform, { filter: "datum.text !== ''" }],
      mark: { type: 'text', fontSize: FONT_PX.label - 1, fontWeight: 'bold', baseline: 'middle' },
      encoding: { x, y: { field: 'at', type: 'quantitative' }, text: { field: 'text' }, color },
    },
  ];
}

/** Source and as-of date under the x axis, left-aligned with the y axis. */
function footer(panelHeight: number): Layer {
  return {
    data: { name: 'footer' },
    mark: { type: 'text', align: 'left', baseline: 'top', x: -Y_AXIS_PX + 2, y: panelHeight + X_AXIS_PX, fontSize: FONT_PX.footer, color: COLORS.muted },
    encoding: { text: { field: 'text' } },
  };
}

/** The asked window, shaded behind everything when the chart shows more context than was asked for. */
function backdrop(band: number): Layer {
  return {
    name: 'backdrop',
    data: { name: 'window' },
    mark: { type: 'bar', width: { band }, color: COLORS.window },
    encoding: { x: xHidden, y: { datum: { expr: 'priceDomain[0]' } }, y2: { datum: { expr: 'priceDomain[1]' } } },
  };
}

function smaLine(field: string, color: string, width: number): Layer {
  return { mark: { type: 'line', color, strokeWidth: width }, encoding: { x: xHidden, y: { field, type: 'quantitative' } } };
}

export function technicalChartSpec(size: ChartSize, variant: TechnicalVariant = { volume: true }): TopLevelSpec {
  const width = plotWidth(size);
  const heights = panelHeights(size, technicalPanelWeights(variant));
  const [priceH, volumeH] = heights;
  const [macdH, rsiH] = heights.slice(-2);
  const upDown = { condition: { test: 'datum.up', value: COLORS.up }, value: COLORS.down };
  // Solid tints, not `opacity`: librsvg composites every element with opacity offscreen (10× slower at 2×).
  const upDownLight = { condition: { test: 'datum.up', value: COLORS.upLight }, value: COLORS.downLight };
  const price = {
    width,
    height: priceH,
    data: { name: 'bars' },
    encoding: { y: { type: 'quantitative', scale: { domain: { expr: 'priceDomain' }, zero: false, nice: false }, axis: yAxis() } },
    layer: [
      // A step is the band / (1 − paddingInner): shading one step wide per session leaves no gaps.
      backdrop(1 / (1 - 0.25)),
      // The band and its dashed edges are one area with a stroke: two separate edge lines cost 500 more scenegraph
      // items per chart, paid for the MACD panel (bench/render); the only difference is the short closing edges.
      { mark: { type: 'area', color: COLORS.band, fillOpacity: 0.16, stroke: COLORS.band, strokeWidth: 1.2, strokeDash: [5, 3] }, encoding: { x: xHidden, y: { field: 'bbL' }, y2: { field: 'bbU' } } },
      { mark: { type: 'rule', strokeWidth: 1.2 }, encoding: { x: xHidden, y: { field: 'l' }, y2: { field: 'h' }, color: upDown } },
      { mark: { type: 'bar', width: { band: 0.75 } }, encoding: { x: xHidden, y: { field: 'o' }, y2: { field: 'c' }, color: upDown } },
      smaLine('sma200', COLORS.sma200, 2.2),
      smaLine('sma50', COLORS.sma50, 2.2),
      smaLine('sma20', COLORS.sma20, 1.8),
      ...eventMarks('price'),
      labelLeaders('price'),
      directLabels('price'),
      panelNote('price'),
    ],
  };
  const volume = {
    width,
    height: volumeH,
    data: { name: 'bars' },
    encoding: { y: { type: 'quantitative', scale: { domain: { expr: 'volumeDomain' }, nice: false }, axis: yAxis({ format: '~s', tickCount: 3 }) } },
    layer: [
      { mark: { type: 'bar', width: { band: 0.75 } }, encoding: { x: xHidden, y: { field: 'v', stack: null }, color: upDownLight } },
      // The 20-day average is smooth: drawn through every 5th session (and the last), it looks the same with a fifth
      // of the points — the items that pay for the MACD panel's (bench/render).
      { transform: [{ filter: 'datum.vs' }], mark: { type: 'line', color: COLORS.muted, strokeWidth: 1.6 }, encoding: { x: xHidden, y: { field: 'vma20' } } },
      panelNote('volume'),
    ],
  };
  const macd = {
    width,
    height: macdH,
    data: { name: 'bars' },
    encoding: { y: { type: 'quantitative', scale: { domain: { expr: 'macdDomain' }, nice: false, zero: false }, axis: yAxis({ tickCount: 3, format: '~r' }) } },
    layer: [
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.band, strokeWidth: 1 }, encoding: { y: { datum: 0 } } },
      // The histogram as two stepped areas (above and below zero), not 250 bars: the bars' stripes cost more to draw
      // and to compress than the rest of the panel together (bench/render), and read the same at this height.
      { mark: { type: 'area', interpolate: 'step', color: COLORS.upLight }, encoding: { x: xHidden, y: { field: 'mhUp' }, y2: { datum: 0 } } },
      { mark: { type: 'area', interpolate: 'step', color: COLORS.downLight }, encoding: { x: xHidden, y: { field: 'mhDown' }, y2: { datum: 0 } } },
      { mark: { type: 'line', color: COLORS.macd, strokeWidth: 1.8 }, encoding: { x: xHidden, y: { field: 'm' } } },
      { mark: { type: 'line', color: COLORS.macdSignal, strokeWidth: 1.6 }, encoding: { x: xHidden, y: { field: 'ms' } } },
      panelNote('macd'), // the values are in the heading: no end labels to lay out
    ],
  };
  const rsi = {
    width,
    height: rsiH,
    data: { name: 'bars' },
    encoding: { y: { type: 'quantitative', scale: { domain: { expr: 'rsiDomain' }, nice: false }, axis: yAxis({ values: [30, 50, 70] }) } },
    layer: [
      // One-row data of their own: inheriting `bars` would draw each rule once per session (500 lines).
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.down, strokeDash: [6, 4], strokeWidth: 1.4 }, encoding: { y: { datum: 70 } } },
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.up, strokeDash: [6, 4], strokeWidth: 1.4 }, encoding: { y: { datum: 30 } } },
      { mark: { type: 'line', color: COLORS.rsi, strokeWidth: 1.8 }, encoding: { x: xBottom, y: { field: 'rsi' } } },
      ...eventMarks('rsi'),
      labelLeaders('rsi'),
      directLabels('rsi'),
      panelNote('rsi'),
      footer(rsiH),
    ],
  };
  return {
    ...chartSpecHeader([
      { name: 'priceDomain', value: [0, 1] },
      { name: 'volumeDomain', value: [0, 1] },
      { name: 'macdDomain', value: [-1, 1] },
      { name: 'rsiDomain', value: [0, 100] },
    ]),
    spacing: SPACING_PX,
    vconcat: variant.volume ? [price, volume, macd, rsi] : [price, macd, rsi],
    resolve: { scale: { x: 'shared' } },
  } as unknown as TopLevelSpec;
}
