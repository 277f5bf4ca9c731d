/**
 * Rebased line chart template (relative performance and multi-ticker comparison): every series starts at 100,
 * each line is labelled at its last point with its % change (no legend), and a rule marks the 100 baseline.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSize } from './chart-size.js';
import { Y_AXIS_PX, panelHeights, plotWidth } from './chart-layout.js';
import { chartSpecHeader } from './chart-spec-header.js';
import { COLORS, FONT_PX } from './chart-theme.js';

export function lineChartSpec(size: ChartSize): TopLevelSpec {
  const [height] = panelHeights(size, [1]);
  const x = {
    field: 'd',
    type: 'ordinal',
    scale: { paddingInner: 0, paddingOuter: 0.5 },
    axis: { values: { expr: 'xTicks' }, labelExpr: 'xLabels[datum.value]', labelAngle: 0, title: null, grid: true, gridColor: COLORS.grid },
  };
  const colorRaw = { field: 'color', type: 'nominal', scale: null };
  return {
    ...chartSpecHeader([{ name: 'yDomain', value: [90, 110] }]),
    width: plotWidth(size),
    height,
    encoding: {
      y: {
        type: 'quantitative',
        scale: { domain: { expr: 'yDomain' }, nice: false, zero: false },
        axis: { title: null, minExtent: Y_AXIS_PX, maxExtent: Y_AXIS_PX, tickCount: 8 },
      },
    },
    layer: [
      { mark: { type: 'rule', color: COLORS.muted, strokeDash: [6, 4], strokeWidth: 1.4 }, encoding: { y: { datum: 100 } } },
      {
        data: { name: 'points' },
        mark: { type: 'line', interpolate: 'linear' },
        encoding: {
          x,
          y: { field: 'v' },
          detail: { field: 's', type: 'nominal' },
          color: colorRaw,
          strokeWidth: { field: 'w', type: 'quantitative', scale: null },
          strokeDash: { field: 'dash', type: 'nominal', scale: null },
        },
      },
      {
        data: { name: 'labels' },
        mark: { type: 'rule', strokeWidth: 1, strokeOpacity: 0.6 },
        encoding: { x: { field: 'd', type: 'ordinal' }, y: { field: 'v' }, y2: { field: 'at' }, color: colorRaw },
      },
      {
        data: { name: 'labels' },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 12, fontSize: FONT_PX.label + 1, fontWeight: 'bold' },
        encoding: { x: { field: 'd', type: 'ordinal' }, y: { field: 'at' }, text: { field: 'text' }, color: colorRaw },
      },
      {
        data: { name: 'notes' },
        mark: { type: 'text', align: 'left', baseline: 'top', x: 8, y: 6, fontSize: FONT_PX.panel, fontWeight: 'bold', color: COLORS.text },
        encoding: { text: { field: 'text' } },
      },
    ],
  } as unknown as TopLevelSpec;
}
