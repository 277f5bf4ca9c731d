/**
 * Technical chart template (a function of the size only; rows and numbers are bound at render time):
 * candlesticks on an ordinal x (trading days only, so no weekend gaps) with SMA 20/50/200 and Bollinger (20, 2),
 * a volume panel and an RSI(14) panel with 30/70 rules. Only the bottom panel draws the x axis.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSize } from './chart-size.js';
import { SPACING_PX, Y_AXIS_PX, panelHeights, plotWidth } from './chart-layout.js';
import { chartSpecHeader } from './chart-spec-header.js';
import { COLORS, FONT_PX } from './chart-theme.js';

/** Price, volume, RSI: price gets most of the room, RSI a bit more than volume. */
export const TECHNICAL_PANEL_WEIGHTS = [5.4, 1.3, 1.7] as const;

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

/** Crossovers and other events, marked explicitly instead of leaving intersections for the reader to find. */
function eventMarks(panel: string): Layer[] {
  const base = { data: { name: 'events' }, transform: [{ filter: `datum.panel === '${panel}'` }] };
  const enc = { x: { field: 'd', type: 'ordinal' }, y: { field: 'v', type: 'quantitative' } };
  return [
    { ...base, mark: { type: 'point', shape: 'diamond', size: 150, filled: true, opacity: 1, stroke: 'white', strokeWidth: 1.5 }, encoding: { ...enc, color: { field: 'color', type: 'nominal', scale: null } } },
    {
      ...base,
      mark: { type: 'text', dy: -18, fontSize: FONT_PX.label - 1, fontWeight: 'bold', baseline: 'bottom' },
      encoding: { ...enc, text: { field: 'text' }, color: { field: 'color', type: 'nominal', scale: null } },
    },
  ];
}

function smaLine(field: string, color: string, width: number): Layer {
  return { mark: { type: 'line', color, strokeWidth: width }, encoding: { x: xHidden, y: { field, type: 'quantitative' } } };
}

export function technicalChartSpec(size: ChartSize): TopLevelSpec {
  const width = plotWidth(size);
  const [priceH, volumeH, rsiH] = panelHeights(size, TECHNICAL_PANEL_WEIGHTS);
  const upDown = { condition: { test: 'datum.up', value: COLORS.up }, value: COLORS.down };
  // Solid tints, not `opacity`: librsvg composites every element with opacity offscreen (10× slower at 2×).
  const upDownLight = { condition: { test: 'datum.up', value: COLORS.upLight }, value: COLORS.downLight };
  const price = {
    width,
    height: priceH,
    data: { name: 'bars' },
    encoding: { y: { type: 'quantitative', scale: { domain: { expr: 'priceDomain' }, zero: false, nice: false }, axis: yAxis() } },
    layer: [
      { mark: { type: 'area', color: COLORS.band, fillOpacity: 0.16 }, encoding: { x: xHidden, y: { field: 'bbL' }, y2: { field: 'bbU' } } },
      { mark: { type: 'line', color: COLORS.band, strokeWidth: 1.2, strokeDash: [5, 3] }, encoding: { x: xHidden, y: { field: 'bbU' } } },
      { mark: { type: 'line', color: COLORS.band, strokeWidth: 1.2, strokeDash: [5, 3] }, encoding: { x: xHidden, y: { field: 'bbL' } } },
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
      { mark: { type: 'line', color: COLORS.muted, strokeWidth: 1.6 }, encoding: { x: xHidden, y: { field: 'vma20' } } },
      labelLeaders('volume'),
      directLabels('volume'),
      panelNote('volume'),
    ],
  };
  const rsi = {
    width,
    height: rsiH,
    data: { name: 'bars' },
    encoding: { y: { type: 'quantitative', scale: { domain: [0, 100], nice: false }, axis: yAxis({ values: [30, 50, 70] }) } },
    layer: [
      // One-row data of their own: inheriting `bars` would draw each rule once per session (500 lines).
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.down, strokeDash: [6, 4], strokeWidth: 1.4 }, encoding: { y: { datum: 70 } } },
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.up, strokeDash: [6, 4], strokeWidth: 1.4 }, encoding: { y: { datum: 30 } } },
      { mark: { type: 'line', color: COLORS.rsi, strokeWidth: 1.8 }, encoding: { x: xBottom, y: { field: 'rsi' } } },
      ...eventMarks('rsi'),
      labelLeaders('rsi'),
      directLabels('rsi'),
      panelNote('rsi'),
    ],
  };
  return {
    ...chartSpecHeader([
      { name: 'priceDomain', value: [0, 1] },
      { name: 'volumeDomain', value: [0, 1] },
    ]),
    spacing: SPACING_PX,
    vconcat: [price, volume, rsi],
    resolve: { scale: { x: 'shared' } },
  } as unknown as TopLevelSpec;
}
