/**
 * The default rasterizer: vega's canvas renderer draws the scene straight onto a Skia canvas (no SVG string to
 * write and parse), then sharp encodes the pixels as PNG. Canvases are kept per pixel size and reused: allocating
 * a fresh 2800×1800 surface per chart costs page faults and garbage collection every time.
 */
import type * as vega from 'vega';
import sharp from 'sharp';
import type { Canvas } from '@napi-rs/canvas';
import { BotError } from '../errors.js';
import type { GreyPixels, RasterResult, RasterTarget, Rasterizer, TextSample } from './rasterizer.js';
import { CHART_FONT } from './text-metrics.js';
import { loadSkia, registerChartFont, type SkiaModule } from './skia-fonts.js';

/** zlib level 2 without adaptive filtering: flat charts compress to ~430 kB at 2800×1800 in ~16 ms (level 6: ~4×). */
const PNG_OPTIONS = { compressionLevel: 2, adaptiveFiltering: false } as const;
/** Idle canvases kept per size: two templates of one size may draw at once. */
const POOL_PER_SIZE = 2;

export class SkiaRasterizer implements Rasterizer {
  readonly name = 'skia' as const;
  private readonly idle = new Map<string, Canvas[]>();
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
    const canvas = this.acquire(skia, width, height);
    let pixels: Buffer;
    try {
      const ctx = canvas.getContext('2d');
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
      // Skia draws lazily; reading the pixels flushes the drawing. getImageData rather than canvas.data(): its
      // 20 MB comes from V8's allocator, which reuses memory, where data()'s fresh buffer page-faulted into
      // 50–70 ms outliers on every few charts (bench/render draw p95: 39–42 vs 70–75 ms).
      const image = ctx.getImageData(0, 0, width, height);
      pixels = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    } finally {
      this.release(canvas, width, height);
    }
    const t1 = performance.now();
    try {
      const png = await sharp(pixels, { raw: { width, height, channels: 4 } }).png(PNG_OPTIONS).toBuffer();
      return { png, width, height, timings: { draw: t1 - t0, encode: performance.now() - t1 } };
    } catch (error) {
      throw new BotError('render_failed', `could not encode the chart: ${(error as Error).message}`, { cause: error });
    }
  }

  async drawText(sample: TextSample): Promise<GreyPixels> {
    const skia = await this.prepare();
    const height = sample.rows.length * sample.rowHeight;
    const canvas = skia.createCanvas(sample.width, height);
    const ctx = canvas.getContext('2d');
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

  private acquire(skia: SkiaModule, width: number, height: number): Canvas {
    return this.idle.get(`${width}x${height}`)?.pop() ?? skia.createCanvas(width, height);
  }

  private release(canvas: Canvas, width: number, height: number): void {
    const key = `${width}x${height}`;
    const list = this.idle.get(key) ?? [];
    if (list.length < POOL_PER_SIZE) list.push(canvas);
    this.idle.set(key, list);
  }
}
