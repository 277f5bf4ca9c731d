/**
 * The four ways bench/render.bench.ts draws the same 250-bar technical chart, each returning its stage timings (ms):
 * ours (Vega-Lite layout + Skia), the librsvg baseline on the same layout, and ECharts as SVG and on Skia.
 * Run as a script (`tsx bench/render-variants.ts <size> <variant> <warmup> <runs>`) it renders in a process of its
 * own and prints the samples as JSON.
 */
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { ChartRenderer } from '../src/render/charts/chart-renderer.js';
import type { IndicatorSet } from '../src/tools/indicators/indicator-set.js';
import type { BarSeries } from '../src/tools/market/types.js';
import { CHART_SIZES, type ChartSizeName } from '../src/render/charts/chart-size.js';
import { svgToPng } from '../src/render/charts/svg-to-png.js';
import { computeIndicatorSet } from '../src/tools/indicators/compute-indicator-set.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { technicalChartInput } from '../src/tools/chart-input.js';
import { echartsTechnicalPixels, echartsTechnicalSvg } from './echarts-technical.js';

export const VARIANTS = ['vega-lite+skia', 'vega-lite+librsvg', 'echarts+librsvg', 'echarts+skia'] as const;
export type Variant = (typeof VARIANTS)[number];
type Stages = Record<string, number>;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const sum = (t: Stages) => Object.values(t).reduce((a, b) => a + b, 0);

/** The bench chart: NVDA's last year of sessions with a year of warm-up bars for SMA 200. */
export type BenchChart = { series: BarSeries; indicators: IndicatorSet };

export async function benchChart(): Promise<BenchChart> {
  const market = new OfflineMarketData();
  const series = await market.getDailyBars('NVDA', { from: '2025-05-16', to: '2026-05-15', warmupBars: 250 });
  return { series, indicators: computeIndicatorSet(series) };
}

/** One render of `variant` at `sizeName`; cacheBytes 0 so every render is measured, none reused. */
export function variantRenderer(variant: Variant, sizeName: ChartSizeName, data: BenchChart): () => Promise<Stages> {
  const size = CHART_SIZES[sizeName];
  const px = { width: size.width * size.density, height: size.height * size.density };
  const { series, indicators } = data;
  const input = technicalChartInput('NVDA', series, indicators);
  switch (variant) {
    case 'vega-lite+skia': {
      const renderer = new ChartRenderer({ cacheBytes: 0, rasterizer: 'skia' });
      return async () => {
        const t = (await renderer.render(input, sizeName)).timings;
        return { layout: t.layout, draw: t.draw, png: t.encode, whole: sum(t) };
      };
    }
    case 'vega-lite+librsvg': {
      const renderer = new ChartRenderer({ cacheBytes: 0, rasterizer: 'librsvg' });
      return async () => {
        const t = (await renderer.render(input, sizeName)).timings;
        return { layout: t.layout, svg: t.svg, png: t.png, whole: sum(t) };
      };
    }
    case 'echarts+librsvg':
      return async () => {
        let svgText = '';
        const svg = await time(() => (svgText = echartsTechnicalSvg(series, indicators, size.width, size.height)));
        const png = await time(() => svgToPng(svgText, { scale: size.density }));
        return { svg, png, whole: svg + png };
      };
    case 'echarts+skia':
      return async () => {
        let pixels: Buffer = Buffer.alloc(0);
        const draw = await time(async () => (pixels = await echartsTechnicalPixels(series, indicators, size.width, size.height, size.density)));
        const png = await time(() => sharp(pixels, { raw: { ...px, channels: 4 } }).png({ compressionLevel: 2, adaptiveFiltering: false }).toBuffer());
        return { draw, png, whole: draw + png };
      };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [sizeName, variant, warmup, runs] = process.argv.slice(2);
  const render = variantRenderer(variant as Variant, sizeName as ChartSizeName, await benchChart());
  const samples: Stages[] = [];
  for (let i = 0; i < Number(warmup) + Number(runs); i++) {
    const stages = await render();
    if (i >= Number(warmup)) samples.push(stages);
  }
  process.stdout.write(JSON.stringify(samples));
}
