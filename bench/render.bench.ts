/**
 * Chart rendering: a 250-bar, 3-panel technical chart (price + SMA/Bollinger, volume, RSI), side by side in one run:
 * - ours: Vega-Lite/Vega layout, then vega's canvas renderer on Skia + sharp PNG encode (the default rasterizer);
 * - baseline: the same Vega layout as an SVG string rasterized by sharp/librsvg (CHART_RASTERIZER=librsvg);
 * - ECharts: SSR SVG + librsvg, and its canvas renderer on the same Skia canvas (so the library choice is measured
 *   apart from the rasterizer).
 * Chat size = 1400×900 at density 2 (2800×1800 px), vision size = 1456×816 at density 1. Renders are interleaved so
 * every variant sees the same machine load.
 */
import sharp from 'sharp';
import { ChartRenderer, type ChartInput } from '../src/render/chart-renderer.js';
import { CHART_SIZES, type ChartSizeName } from '../src/render/chart-size.js';
import { svgToPng } from '../src/render/svg-to-png.js';
import { checkFonts } from '../src/render/font-check.js';
import { computeIndicatorSet } from '../src/tools/indicators/compute-indicator-set.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { echartsTechnicalPixels, echartsTechnicalSvg } from './echarts-technical.js';
import { median, percentile, type BenchResult } from './types.js';

const RUNS = Number(process.env.RENDER_BENCH_RUNS ?? 30);
const WARMUP = 3;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function stats(name: string, stage: string, xs: number[], note?: string): BenchResult[] {
  return [
    { name, metric: `${stage} p50`, value: median(xs), unit: 'ms', note },
    { name, metric: `${stage} p95`, value: percentile(xs, 95), unit: 'ms' },
  ];
}

/** Per-stage samples, keyed by "variant|stage". */
class Samples {
  readonly byKey = new Map<string, number[]>();
  add(variant: string, stage: string, ms: number): void {
    const key = `${variant}|${stage}`;
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), ms]);
  }
  results(label: string, goalNote: string): BenchResult[] {
    return [...this.byKey].flatMap(([key, xs]) => {
      const [variant, stage] = key.split('|');
      return stats(`${variant} ${label}`, stage, xs, stage === 'whole' && variant.includes('skia') && variant.startsWith('vega') ? goalNote : undefined);
    });
  }
}

export default async function run(): Promise<BenchResult[]> {
  const market = new OfflineMarketData();
  const series = await market.getDailyBars('NVDA', { from: '2025-05-16', to: '2026-05-15', warmupBars: 250 });
  const indicators = computeIndicatorSet(series);
  const sessions = series.bars.length - series.windowStart;
  // cacheBytes 0: every render measured, none reused. The two renderers share the compiled templates.
  const skia = new ChartRenderer({ cacheBytes: 0, rasterizer: 'skia' });
  const librsvg = new ChartRenderer({ cacheBytes: 0, rasterizer: 'librsvg' });
  const input: ChartInput = { kind: 'technical', symbol: 'NVDA', series, indicators };
  const results: BenchResult[] = [];

  for (const rasterizer of ['skia', 'librsvg'] as const) {
    const fonts = await checkFonts({ rasterizer });
    results.push({ name: `font self-check (${rasterizer})`, metric: 'once', value: fonts.durationMs, unit: 'ms', note: rasterizer === 'skia' ? 'loads the addon, asks fontconfig' : undefined });
  }
  const compile = await time(() => skia.template('technical', CHART_SIZES.chat));
  results.push({ name: 'vega template compile+parse', metric: 'once', value: compile, unit: 'ms', note: 'per kind and size, at first use' });

  for (const sizeName of ['chat', 'vision'] as ChartSizeName[]) {
    const size = CHART_SIZES[sizeName];
    const px = { width: size.width * size.density, height: size.height * size.density };
    const label = `${sessions}-bar technical, ${px.width}×${px.height}`;
    const samples = new Samples();
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const ours = await skia.render(input, sizeName);
      const base = await librsvg.render(input, sizeName);
      let esvg = '';
      const eSvg = await time(() => (esvg = echartsTechnicalSvg(series, indicators, size.width, size.height)));
      const ePng = await time(() => svgToPng(esvg, { scale: size.density }));
      let pixels: Buffer = Buffer.alloc(0);
      const eDraw = await time(async () => (pixels = await echartsTechnicalPixels(series, indicators, size.width, size.height, size.density)));
      const eEncode = await time(() => sharp(pixels, { raw: { ...px, channels: 4 } }).png({ compressionLevel: 2, adaptiveFiltering: false }).toBuffer());
      if (i < WARMUP) continue;
      const sum = (t: Record<string, number>) => Object.values(t).reduce((a, b) => a + b, 0);
      samples.add('vega-lite+skia', 'layout', ours.timings.layout);
      samples.add('vega-lite+skia', 'draw', ours.timings.draw);
      samples.add('vega-lite+skia', 'png', ours.timings.encode);
      samples.add('vega-lite+skia', 'whole', sum(ours.timings));
      samples.add('vega-lite+librsvg', 'layout', base.timings.layout);
      samples.add('vega-lite+librsvg', 'svg', base.timings.svg);
      samples.add('vega-lite+librsvg', 'png', base.timings.png);
      samples.add('vega-lite+librsvg', 'whole', sum(base.timings));
      samples.add('echarts+librsvg', 'svg', eSvg);
      samples.add('echarts+librsvg', 'png', ePng);
      samples.add('echarts+librsvg', 'whole', eSvg + ePng);
      samples.add('echarts+skia', 'draw', eDraw);
      samples.add('echarts+skia', 'png', eEncode);
      samples.add('echarts+skia', 'whole', eDraw + eEncode);
    }
    results.push(...samples.results(label, `goal p50 ≤ 60 ms; ${RUNS} runs`));
  }
  return results;
}
