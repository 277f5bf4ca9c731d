/**
 * A rasterizer turns a laid-out vega View into the PNG we post. Two exist, chosen by CHART_RASTERIZER:
 * - `skia` (default): vega's own canvas renderer drawing on a Skia canvas (@napi-rs/canvas), pixels encoded by sharp.
 *   No SVG is written or parsed; about twice as fast as librsvg for our charts (bench/render, docs/charts.md).
 * - `librsvg`: vega's SVG string rasterized by sharp/librsvg. The reference path: its SVG is what tests read.
 * Both draw the same scene with the same font, resolved through fontconfig, and lay text out with the same metrics.
 */
import type * as vega from 'vega';
import { LibrsvgRasterizer } from './librsvg-rasterizer.js';
import { SkiaRasterizer } from './skia-rasterizer.js';

export type RasterizerName = 'skia' | 'librsvg';
export const RASTERIZER_NAMES: readonly RasterizerName[] = ['skia', 'librsvg'];

/** The output: exactly width×height logical px at `density`; the drawing keeps its top-left origin, the rest is white. */
export type RasterTarget = { readonly width: number; readonly height: number; readonly density: number };

export type RasterResult = {
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** The SVG the PNG was made from (librsvg only). */
  svg?: string;
  /** Stage timings in ms, named by stage (e.g. svg, png; draw, encode). */
  timings: Record<string, number>;
};

/** Greyscale pixels of a text sample, for the font self-check (font-check.ts). */
export type TextSample = { readonly family: string; readonly sizePx: number; readonly rows: readonly { text: string; bold: boolean }[]; readonly width: number; readonly rowHeight: number };
export type GreyPixels = { data: Buffer; width: number; height: number; channels: number };

export interface Rasterizer {
  readonly name: RasterizerName;
  /** Draws the View's current scene (the caller has bound data and run the dataflow). */
  rasterize(view: vega.View, target: RasterTarget): Promise<RasterResult>;
  /** Draws rows of text the way charts draw text, for the start-up font check. */
  drawText(sample: TextSample): Promise<GreyPixels>;
}

/** One rasterizer per name and process: the Skia one keeps its canvases and its font registration. */
const shared = new Map<RasterizerName, Rasterizer>();

export function getRasterizer(name: RasterizerName = 'skia'): Rasterizer {
  let rasterizer = shared.get(name);
  if (!rasterizer) {
    // The Skia addon itself is loaded on first draw (skia-fonts.ts), so the librsvg path never loads it.
    rasterizer = name === 'skia' ? new SkiaRasterizer() : new LibrsvgRasterizer();
    shared.set(name, rasterizer);
  }
  return rasterizer;
}
