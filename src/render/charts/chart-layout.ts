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
/** The source / as-of line under the x axis, so a forwarded chart still says where its numbers come from. */
export const FOOTER_PX = 22;
/** Empty strip at the top of a panel for its heading ("RSI(14) 61.3"), kept free of data by the y domain. */
export const NOTE_STRIP_PX = 28;
/** Empty strip at the bottom of the price panel where crossover labels sit, off the candles. */
export const EVENT_STRIP_PX = 30;
export const SPACING_PX = 12;

export function plotWidth(size: ChartSize): number {
  return size.width - PAD.left - Y_AXIS_PX - LABEL_COLUMN_PX;
}

/** Heights of stacked panels sharing what is left, in the given proportions. */
export function panelHeights(size: ChartSize, weights: readonly number[]): number[] {
  const free = size.height - PAD.top - PAD.bottom - TITLE_PX - X_AXIS_PX - FOOTER_PX - SPACING_PX * (weights.length - 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const heights = weights.map((w) => Math.floor((free * w) / total));
  heights[0] += free - heights.reduce((a, b) => a + b, 0);
  return heights;
}

/**
 * A y domain that maps [lo, hi] into the panel minus `topPx` at the top and `bottomPx` at the bottom, so headings
 * and event labels drawn in those strips never sit on data (the layout check verifies it).
 */
export function reservedDomain(lo: number, hi: number, heightPx: number, topPx: number, bottomPx: number): [number, number] {
  const inner = Math.max(1, heightPx - topPx - bottomPx);
  const perPx = (hi - lo || Math.abs(hi) || 1) / inner;
  return [lo - bottomPx * perPx, hi + topPx * perPx];
}
