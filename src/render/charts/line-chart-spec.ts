/**
 * Rebased line chart template (relative performance and multi-ticker comparison): every series starts at 100,
 * each line is labelled at its last point with its % change (no legend), and a rule marks the 100 baseline.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSize } from './chart-size.js';
import { X_AXIS_PX, Y_AXIS_PX, panelHeights, plotWidth } from './chart-layout.js';
import { chartSpecHeader } from './chart-spec-header.js';
import { COLORS, FONT_PX } from './chart-theme.js';

export function lineChartSpec(size: ChartSize, variant: { readonly log: boolean } = { log: false }): TopLevelSpec {
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
        scale: { type: variant.log ? 'log' : 'linear', domain: { expr: 'yDomain' }, nice: false, ...(variant.log ? {} : { zero: false }) },
        // The axis names its scale: a log chart read as linear overstates early moves.
        axis: {
          title: variant.log ? 'Rebased to 100 \u00b7 log scale' : 'Rebased to 100',
          titleFontWeight: 'normal',
          titlePadding: 6,
          minExtent: Y_AXIS_PX,
          maxExtent: Y_AXIS_PX,
          tickCount: variant.log ? 6 : 8,
          labelOverlap: true,
          ...(variant.log ? { format: ',~r' } : {}),
        },
      },
    },
    layer: [
      // One-row data of its own: the layers above bind theirs by name, so a data-less rule would draw nothing.
      { data: { values: [{}] }, mark: { type: 'rule', color: COLORS.muted, strokeDash: [6, 4], strokeWidth: 1.4 }, encoding: { y: { datum: 100 } } },
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
        data: { name: 'footer' },
        mark: { type: 'text', align: 'left', baseline: 'top', x: -Y_AXIS_PX + 2, y: height + X_AXIS_PX, fontSize: FONT_PX.footer, color: COLORS.muted },
        encoding: { text: { field: 'text' } },
      },
      {
        data: { name: 'notes' },
        mark: { type: 'text', align: 'left', baseline: 'top', x: 8, y: 6, fontSize: FONT_PX.panel, fontWeight: 'bold', color: COLORS.text },
        encoding: { text: { field: 'text' } },
      },
    ],
  } as unknown as TopLevelSpec;
}
