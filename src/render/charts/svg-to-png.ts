/**
 * SVG → PNG with sharp (librsvg + fontconfig), independent of the charting library. Density 72 is one SVG px per
 * pixel; 144 doubles it (rasterized at full resolution, never upscaled, so text stays crisp).
 */
import sharp from 'sharp';
import { BotError } from '../../errors.js';

export type PngOptions = {
  /** Output scale: 2 renders each SVG px as 2×2 pixels. @default 1 */
  readonly scale?: number;
  /**
   * Exact logical size of the output. The drawing keeps its top-left origin and the rest is white, so platforms get
   * predictable dimensions at no extra cost (the SVG canvas is resized, nothing is resampled).
   */
  readonly width?: number;
  readonly height?: number;
};

export type PngResult = { png: Buffer; width: number; height: number };

const SVG_OPEN = /<svg\b[^>]*>/;

/** Sets the root element's width, height and viewBox so the canvas is exactly width×height user units. */
export function fitSvgCanvas(svg: string, width: number, height: number): string {
  const open = SVG_OPEN.exec(svg);
  if (!open) throw new BotError('render_failed', 'not an SVG document');
  const attrs = open[0]
    .replace(/\s(width|height|viewBox)="[^"]*"/g, '')
    .replace(/^<svg\b/, `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
  return svg.slice(0, open.index) + attrs + svg.slice(open.index + open[0].length);
}

export async function svgToPng(svg: string, options: PngOptions = {}): Promise<PngResult> {
  const scale = options.scale ?? 1;
  const source = options.width !== undefined && options.height !== undefined ? fitSvgCanvas(svg, options.width, options.height) : svg;
  try {
    // Flat charts compress well at a low level; level 9 costs several times the CPU for a few % of size.
    const { data, info } = await sharp(Buffer.from(source), { density: 72 * scale })
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 3, adaptiveFiltering: false })
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (error) {
    throw new BotError('render_failed', `could not rasterize the chart: ${(error as Error).message}`, { cause: error });
  }
}
