/** The reference rasterizer: vega's SVG string → sharp/librsvg (fontconfig picks the font). */
import type * as vega from 'vega';
import sharp from 'sharp';
import type { GreyPixels, RasterResult, RasterTarget, Rasterizer, TextSample } from './rasterizer.js';
import { svgToPng } from './svg-to-png.js';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export class LibrsvgRasterizer implements Rasterizer {
  readonly name = 'librsvg' as const;

  async rasterize(view: vega.View, target: RasterTarget): Promise<RasterResult> {
    const t0 = performance.now();
    const svg = await view.toSVG();
    const t1 = performance.now();
    const png = await svgToPng(svg, { scale: target.density, width: target.width, height: target.height });
    return { ...png, svg, timings: { svg: t1 - t0, png: performance.now() - t1 } };
  }

  async drawText(sample: TextSample): Promise<GreyPixels> {
    const texts = sample.rows
      .map(
        (row, k) =>
          `<text x="20" y="${k * sample.rowHeight + Math.round(sample.rowHeight * 0.75)}" font-family="${escapeXml(sample.family)}" font-size="${sample.sizePx}"${row.bold ? ' font-weight="bold"' : ''} fill="#000">${escapeXml(row.text)}</text>`,
      )
      .join('');
    const height = sample.rows.length * sample.rowHeight;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sample.width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${texts}</svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  }
}
