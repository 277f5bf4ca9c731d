/**
 * The default rasterizer: vega's canvas renderer draws the scene straight onto a Skia canvas (no SVG string to
 * write and parse), then sharp encodes the pixels as PNG. Canvases and pixel buffers are kept per pixel size and
 * reused: a fresh 2800×1800 surface and 20 MB buffer per chart cost page faults and garbage collection.
 */
import type * as vega from 'vega';
import sharp from 'sharp';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { BotError } from '../../errors.js';
import type { GreyPixels, RasterResult, RasterTarget, Rasterizer, TextSample } from './rasterizer.js';
import { CHART_FONT } from './text-metrics.js';
import { loadSkia, registerChartFont, useChartFont, type SkiaModule } from './skia-fonts.js';

/** zlib level 2 without adaptive filtering: flat charts compress to ~430 kB at 2800×1800 in ~16 ms (level 6: ~4×). */
const PNG_OPTIONS = { compressionLevel: 2, adaptiveFiltering: false } as const;
/** Idle surfaces kept per size: two templates of one size may draw at once. */
const POOL_PER_SIZE = 2;
/** Pixels read back per getImageData call (see readPixels). */
const BAND_BYTES = 1 << 20;

/** A canvas and the buffer its pixels are read into for encoding; pooled together, reused across charts. */
type Surface = { canvas: Canvas; pixels: Buffer };

export class SkiaRasterizer implements Rasterizer {
  readonly name = 'skia' as const;
  private readonly idle = new Map<string, Surface[]>();
  private ready?: Promise<SkiaModule>;

  constructor(private readonly family: string = CHART_FONT) {}

  /** Loads Skia and registers the chart font (once); every draw waits for it. */
  private prepare(): Promise<SkiaModule> {
    this.ready ??= (async () => {
      const module = await loadSkia();
      await registerChartFont(this.family);
      return module;
    })();
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  async rasterize(view: vega.View, target: RasterTarget): Promise<RasterResult> {
    const skia = await this.prepare();
    const width = Math.round(target.width * target.density);
    const height = Math.round(target.height * target.density);
    const t0 = performance.now();
    const surface = this.acquire(skia, width, height);
    try {
      const ctx = surface.canvas.getContext('2d');
      useChartFont(ctx, this.family);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      // vega scales and translates an external context without undoing it: keep that to this draw.
      ctx.save();
      try {
        await view.toCanvas(target.density, { externalContext: ctx });
      } finally {
        ctx.restore();
      }
      readPixels(ctx, surface.pixels, width, height);
      const t1 = performance.now();
      try {
        const png = await sharp(surface.pixels, { raw: { width, height, channels: 4 } }).png(PNG_OPTIONS).toBuffer();
        return { png, width, height, timings: { draw: t1 - t0, encode: performance.now() - t1 } };
      } catch (error) {
        throw new BotError('render_failed', `could not encode the chart: ${(error as Error).message}`, { cause: error });
      }
    } finally {
      // Only now: sharp reads `pixels` while it encodes.
      this.release(surface, width, height);
    }
  }

  async drawText(sample: TextSample): Promise<GreyPixels> {
    const skia = await this.prepare();
    await registerChartFont(sample.family);
    const height = sample.rows.length * sample.rowHeight;
    const canvas = skia.createCanvas(sample.width, height);
    const ctx = canvas.getContext('2d');
    useChartFont(ctx, sample.family);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, sample.width, height);
    ctx.fillStyle = '#000000';
    sample.rows.forEach((row, k) => {
      // The same font shorthand vega's canvas renderer writes for a text mark.
      ctx.font = `${row.bold ? 'bold ' : ''}${sample.sizePx}px ${sample.family}`;
      ctx.fillText(row.text, 20, k * sample.rowHeight + Math.round(sample.rowHeight * 0.75));
    });
    const { data, info } = await sharp(canvas.data(), { raw: { width: sample.width, height, channels: 4 } }).greyscale().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  }

  private acquire(skia: SkiaModule, width: number, height: number): Surface {
    return this.idle.get(`${width}x${height}`)?.pop() ?? { canvas: skia.createCanvas(width, height), pixels: Buffer.alloc(width * height * 4) };
  }

  private release(surface: Surface, width: number, height: number): void {
    const key = `${width}x${height}`;
    const list = this.idle.get(key) ?? [];
    if (list.length < POOL_PER_SIZE) list.push(surface);
    this.idle.set(key, list);
  }
}

/**
 * Copies the canvas into `target` a band of rows at a time; the first read flushes Skia's deferred drawing.
 * Reading the whole canvas at once (getImageData or canvas.data()) hands V8 a fresh 20 MB array per chat chart:
 * fresh memory page-faults and piles up external memory until a full GC, which made every few charts 50–70 ms
 * slower. ~1 MB bands are reused malloc memory and `target` is pooled: whole p95 67–89 ms vs 85–153 ms (p50 alike).
 */
function readPixels(ctx: SKRSContext2D, target: Buffer, width: number, height: number): void {
  const rows = Math.max(1, Math.floor(BAND_BYTES / (width * 4)));
  for (let y = 0; y < height; y += rows) target.set(ctx.getImageData(0, y, width, Math.min(rows, height - y)).data, y * width * 4);
}
