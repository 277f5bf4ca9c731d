/**
 * Chart rendering: a 250-bar, 3-panel technical chart (price + SMA/Bollinger, volume, RSI), side by side in one run:
 * - ours: Vega-Lite/Vega layout, then vega's canvas renderer on Skia + sharp PNG encode (the default rasterizer);
 * - baseline: the same Vega layout as an SVG string rasterized by sharp/librsvg (CHART_RASTERIZER=librsvg);
 * - ECharts: SSR SVG + librsvg, and its canvas renderer on the same Skia canvas (so the library choice is measured
 *   apart from the rasterizer).
 * Chat size = 1400×900 at density 2 (2800×1800 px), vision size = 1456×816 at density 1.
 * Each variant renders in a process of its own (bench/render-variants.ts), so it pays for its own garbage collection
 * and never for another variant's heap; the processes alternate over three rounds so every variant sees the same
 * machine load.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CHART_SIZES, type ChartSizeName } from '../src/render/charts/chart-size.js';
import { ChartRenderer } from '../src/render/charts/chart-renderer.js';
import { ChartWorkerPool } from '../src/render/charts/chart-worker-pool.js';
import { technicalChartInput } from '../src/tools/chart-input.js';
import { checkFonts } from '../src/render/charts/font-check.js';
import { benchChart, VARIANTS, type Variant } from './render-variants.js';
import { median, percentile, type BenchResult } from './types.js';

const ROUNDS = 3;
const PER_ROUND = Math.ceil(Number(process.env.RENDER_BENCH_RUNS ?? 30) / ROUNDS);
/** Renders at the start of each process that are not counted: the JIT needs ~15 to settle (fewer read 30–50% slow). */
const WARMUP = 15;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function child(sizeName: ChartSizeName, variant: Variant): Promise<Record<string, number>[]> {
  return new Promise((resolve, reject) => {
    const script = path.join(import.meta.dirname, 'render-variants.ts');
    const proc = spawn(process.execPath, ['--import', 'tsx', script, sizeName, variant, String(WARMUP), String(PER_ROUND)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${variant} ${sizeName} exited ${code}`))));
  });
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
  const input = await benchChart();
  const sessions = input.series.bars.length - input.series.windowStart;
  const results: BenchResult[] = [];
  for (const rasterizer of ['skia', 'librsvg'] as const) {
    const fonts = await checkFonts({ rasterizer });
    results.push({ name: `font self-check (${rasterizer})`, metric: 'once', value: fonts.durationMs, unit: 'ms', note: rasterizer === 'skia' ? 'loads the addon, asks fontconfig' : undefined });
  }
  const compile = await time(() => new ChartRenderer({ cacheBytes: 0 }).template('technical', CHART_SIZES.chat));
  results.push({ name: 'vega template compile+parse', metric: 'once', value: compile, unit: 'ms', note: 'per kind and size, at first use' });

  for (const sizeName of ['chat', 'vision'] as ChartSizeName[]) {
    const size = CHART_SIZES[sizeName];
    const label = `${sessions}-bar technical, ${size.width * size.density}×${size.height * size.density}`;
    const samples = new Samples();
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) {
        for (const stages of await child(sizeName, variant)) for (const [stage, ms] of Object.entries(stages)) samples.add(variant, stage, ms);
      }
    }
    results.push(...samples.results(label, `goal p50 ≤ 60 ms; ${ROUNDS * PER_ROUND} runs`));
  }
  results.push(...(await isolation(input)));
  return results;
}

/**
 * What the worker threads cost (CHART_WORKERS): the same chat-size render in-process (the baseline) and through a
 * one-worker pool, alternating in this process so both see the same load. The pool's figure includes the structured
 * clone of the input and the PNG across threads; the first render of each (worker start, fonts, templates) is apart.
 */
async function isolation(data: Awaited<ReturnType<typeof benchChart>>): Promise<BenchResult[]> {
  const input = technicalChartInput('NVDA', data.series, data.indicators);
  const inProcess = new ChartRenderer({ cacheBytes: 0, rasterizer: 'skia' });
  const pool = new ChartWorkerPool({ size: 1, rasterizer: 'skia' });
  const pooled = new ChartRenderer({ cacheBytes: 0, rasterizer: 'skia', pool });
  const first = { inProcess: await time(() => inProcess.render(input, 'chat')), pool: await time(() => pooled.render(input, 'chat')) };
  const runs = Number(process.env.RENDER_BENCH_RUNS ?? 30);
  const xs = { inProcess: [] as number[], pool: [] as number[] };
  for (let i = 0; i < WARMUP + runs; i++) {
    const a = await time(() => inProcess.render(input, 'chat'));
    const b = await time(() => pooled.render(input, 'chat'));
    if (i >= WARMUP) (xs.inProcess.push(a), xs.pool.push(b));
  }
  await pool.close();
  const label = 'chat technical (isolation)';
  return [
    { name: `in-process (baseline) ${label}`, metric: 'first render', value: first.inProcess, unit: 'ms', note: 'templates already compiled above' },
    { name: `worker pool ${label}`, metric: 'first render', value: first.pool, unit: 'ms', note: 'worker start + fonts + templates' },
    ...stats(`in-process (baseline) ${label}`, 'whole', xs.inProcess, `${runs} runs, alternating`),
    ...stats(`worker pool ${label}`, 'whole', xs.pool, `${runs} runs, alternating`),
  ];
}
