/**
 * Text measurement with the font that renders the chart. Without node-canvas vega estimates a string's width as
 * 0.8 × length × size, which mis-sizes axes, truncation and label-overlap removal. We measure with DejaVu Sans's
 * real advance widths (the font the Dockerfile installs and `checkFonts()` verifies), the approach vl-convert uses.
 */
import * as vega from 'vega';
import { DEJAVU_SANS_BOLD, DEJAVU_SANS_REGULAR } from './dejavu-sans-metrics.js';
import type { FontAdvances } from './ttf-advances.js';

/** The one family every chart uses; fontconfig must resolve it to the measured font. */
export const CHART_FONT = 'DejaVu Sans';

export type TextStyle = { readonly size: number; readonly bold?: boolean };

export function isBold(weight: unknown): boolean {
  if (weight === undefined || weight === null || weight === '') return false;
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

/** Width in px of `text` at `style`, from the font's advance table (kerning ignored: under 1% on chart text). */
export function measureText(text: string, style: TextStyle): number {
  const face: FontAdvances = style.bold ? DEJAVU_SANS_BOLD : DEJAVU_SANS_REGULAR;
  let em = 0;
  for (const ch of text) em += face.advances[ch] ?? face.fallback;
  return em * style.size;
}

type VegaTextItem = { fontSize?: number; fontWeight?: string | number; font?: string };
type VegaTextMetrics = { width: (item: VegaTextItem, text: unknown) => number; estimateWidth: (item: VegaTextItem, text: unknown) => number };

let installed = false;

/** Routes vega's text measurement through `measureText`. Idempotent; vega's metrics object is process-global. */
export function installTextMetrics(): void {
  if (installed) return;
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const value = text === null || text === undefined ? '' : String(text).trim();
    const size = item.fontSize ?? 11;
    return size > 0 && value ? measureText(value, { size, bold: isBold(item.fontWeight) }) : 0;
  };
  installed = true;
}
