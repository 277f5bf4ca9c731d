/**
 * Chart rendering: a 250-bar, 3-panel technical chart (price + SMA/Bollinger, volume, RSI). Vega-Lite/Vega (ours)
 * and ECharts SSR build the same chart in the same run; SVG and PNG (sharp/librsvg) stages are timed separately.
 * Chat size = 1400×900 at density 2 (2800×1800 px), vision size = 1456×816 at density 1.
 */
import { ChartRenderer } from '../src/render/chart-renderer.js';
import { CHART_SIZES, type ChartSizeName } from '../src/render/chart-size.js';
import { technicalChartData } from '../src/render/technical-chart-data.js';
import { svgToPng } from '../src/render/svg-to-png.js';
import { checkFonts } from '../src/render/font-check.js';
import { computeIndicatorSet } from '../src/tools/indicators/compute-indicator-set.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { echartsTechnicalSvg } from './echarts-technical.js';
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

export default async function run(): Promise<BenchResult[]> {
  const market = new OfflineMarketData();
  const series = await market.getDailyBars('NVDA', { from: '2025-05-16', to: '2026-05-15', warmupBars: 250 });
  const indicators = computeIndicatorSet(series);
  const sessions = series.bars.length - series.windowStart;
  const renderer = new ChartRenderer({ cacheBytes: 0 }) // every render measured, none reused;
  const results: BenchResult[] = [];

  const fonts = await checkFonts();
  results.push({ name: 'font self-check', metric: 'once', value: fonts.durationMs, unit: 'ms' });
  const compile = await time(() => renderer.template('technical', CHART_SIZES.chat));
  results.push({ name: 'vega template compile+parse', metric: 'once', value: compile, unit: 'ms', note: 'per kind and size, at first use' });

  for (const sizeName of ['chat', 'vision'] as ChartSizeName[]) {
    const size = CHART_SIZES[sizeName];
    const template = renderer.template('technical', size);
    const label = `${sessions}-bar technical, ${size.width * size.density}×${size.height * size.density}`;
    const vegaSvg: number[] = [];
    const vegaPng: number[] = [];
    const vegaTotal: number[] = [];
    const echSvg: number[] = [];
    const echPng: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // Interleaved so both libraries see the same machine load.
      let svg = '';
      const a = await time(async () => (svg = (await template.renderSvg(technicalChartData(series, indicators, size))).svg));
      const b = await time(() => svgToPng(svg, { scale: size.density, width: size.width, height: size.height }));
      let esvg = '';
      const c = await time(() => (esvg = echartsTechnicalSvg(series, indicators, size.width, size.height)));
      const d = await time(() => svgToPng(esvg, { scale: size.density }));
      if (i < WARMUP) continue;
      vegaSvg.push(a);
      vegaPng.push(b);
      vegaTotal.push(a + b);
      echSvg.push(c);
      echPng.push(d);
    }
    results.push(
      ...stats(`vega-lite ${label}`, 'svg', vegaSvg, `${RUNS} runs`),
      ...stats(`vega-lite ${label}`, 'png', vegaPng),
      ...stats(`vega-lite ${label}`, 'whole', vegaTotal, 'goal p50 ≤ 60 ms'),
      ...stats(`echarts ${label}`, 'svg', echSvg),
      ...stats(`echarts ${label}`, 'png', echPng),
      ...stats(`echarts ${label}`, 'whole', echSvg.map((x, k) => x + echPng[k])),
    );
  }
  return results;
}
