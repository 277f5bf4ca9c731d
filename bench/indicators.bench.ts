/**
 * Analysis-tool timings on real offline bars (all pure compute, so these are CPU costs per call):
 *  - the full IndicatorSet over NVDA's whole history (1 760 sessions) and over a quarter + 252 warm-up sessions;
 *  - technicals_summary for the same quarter;
 *  - relative_performance for five symbols over a quarter.
 * Each figure is the median of repeated calls after a warm-up, in microseconds.
 */
import { performance } from 'node:perf_hooks';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { computeIndicatorSet } from '../src/tools/indicators/compute-indicator-set.js';
import { computeTechnicals } from '../src/tools/indicators/compute-technicals.js';
import { computeRelativePerformance } from '../src/tools/indicators/compute-relative-performance.js';
import { median, type BenchResult } from './types.js';

function time(fn: () => unknown, runs: number): number {
  for (let i = 0; i < Math.min(50, runs); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push((performance.now() - start) * 1000);
  }
  return median(samples);
}

export default async function run(): Promise<BenchResult[]> {
  const market = new OfflineMarketData();
  const quarter = { from: '2026-02-13', to: '2026-05-15' };
  const full = await market.getDailyBars('NVDA', { from: '2019-01-01', to: quarter.to });
  const windowed = await market.getDailyBars('NVDA', { ...quarter, warmupBars: 252 });
  const indicators = computeIndicatorSet(windowed);
  const five = await Promise.all(['NVDA', '^SOX', 'SOXX', 'SMH', 'SPY'].map((s) => market.getDailyBars(s, { ...quarter, warmupBars: 1 })));

  return [
    { name: `indicator set, ${full.bars.length} bars`, metric: 'median per call', value: time(() => computeIndicatorSet(full), 300), unit: 'µs' },
    { name: `indicator set, ${windowed.bars.length} bars`, metric: 'median per call', value: time(() => computeIndicatorSet(windowed), 1000), unit: 'µs' },
    { name: `technicals summary, ${windowed.bars.length} bars`, metric: 'median per call', value: time(() => computeTechnicals(windowed, indicators), 1000), unit: 'µs' },
    {
      name: 'relative performance, 5 symbols × 1 quarter',
      metric: 'median per call',
      value: time(() => computeRelativePerformance({ series: five, benchmark: '^SOX', ...quarter, alts: ['SOXX', 'SMH'] }), 1000),
      unit: 'µs',
    },
  ];
}
