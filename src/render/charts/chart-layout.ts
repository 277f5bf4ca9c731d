/**
 * Fixed layout arithmetic so a chart fills its target size exactly: axis widths are pinned (minExtent = maxExtent),
 * the right margin holds the direct line labels, and panel heights take what the title and axes leave.
 */
import type { ChartSize } from './chart-size.js';

export const PAD = { top: 10, left: 10, bottom: 8, right: 10 } as const;
/** Width of every y axis (ticks + labels), pinned so the layout does not depend on the numbers. */
export const Y_AXIS_PX = 74;
/** Right margin for "SMA50 182.40"-style labels at the last point. */
export const LABEL_COLUMN_PX = 170;
/** Title (21 px bold) + subtitle (16 px) + title offset. */
export const TITLE_PX = 62;
/** x-axis ticks and labels under the bottom panel. */
export const X_AXIS_PX = 30;
export const SPACING_PX = 12;

export function plotWidth(size: ChartSize): number {
  return size.width - PAD.left - Y_AXIS_PX - LABEL_COLUMN_PX;
}

/** Heights of stacked panels sharing what is left, in the given proportions. */
export function panelHeights(size: ChartSize, weights: readonly number[]): number[] {
  const free = size.height - PAD.top - PAD.bottom - TITLE_PX - X_AXIS_PX - SPACING_PX * (weights.length - 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const heights = weights.map((w) => Math.floor((free * w) / total));
  heights[0] += free - heights.reduce((a, b) => a + b, 0);
  return heights;
}
