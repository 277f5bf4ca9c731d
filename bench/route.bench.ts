/**
 * Routing layer timings: loading the symbol directory, routing (classify + extract) and planning (select + build)
 * the seed question and every gold question, offline. The goal is "well under 10 ms" per route.
 */
import { performance } from 'node:perf_hooks';
import { planFromRoute, route, hasBlockingProblem, TOOL } from '../src/pipeline/route/index.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { SymbolDirectory } from '../src/tools/market/symbol-directory.js';
import { loadGoldSet } from '../eval/gold-schema.js';
import { median, percentile, type BenchResult } from './types.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const load = time(() => SymbolDirectory.load(), 5);
  results.push({ name: 'symbol directory load', metric: 'median', value: median(load), unit: 'ms', note: '503 constituents + ETFs/indices, once per process' });

  const directory = SymbolDirectory.load();
  const market = new OfflineMarketData();
  market.referenceDate(); // the provider reads its files once; that is its cost, not routing's
  const available = new Set<string>(Object.values(TOOL));
  const deps = { directory, market };

  time(() => route(SEED, deps), 200); // warm-up (JIT, regex compilation)
  const seedRoute = time(() => route(SEED, deps), 2000);
  results.push({ name: 'route (seed question)', metric: 'median', value: median(seedRoute) * 1000, unit: 'µs', note: `p99 ${(percentile(seedRoute, 99) * 1000).toFixed(0)} µs` });
  const seed = route(SEED, deps);
  const seedPlan = time(() => planFromRoute(seed, { available }), 2000);
  results.push({ name: 'planFromRoute (seed, 10 steps)', metric: 'median', value: median(seedPlan) * 1000, unit: 'µs' });

  const questions = loadGoldSet().questions;
  const perQuestion: number[] = [];
  // CPU time as well as wall time: on a shared 2-core machine, wall-clock tails are mostly time spent descheduled.
  const cpu0 = process.cpuUsage();
  for (let round = 0; round < 20; round++) {
    for (const q of questions) {
      const t = performance.now();
      const r = route(q.question, { ...deps, inherit: q.inherit });
      if (!hasBlockingProblem(r.problems)) planFromRoute(r, { available });
      perQuestion.push(performance.now() - t);
    }
  }
  results.push({ name: `route + plan (${questions.length} gold questions)`, metric: 'median', value: median(perQuestion) * 1000, unit: 'µs', note: `p99 ${(percentile(perQuestion, 99) * 1000).toFixed(0)} µs, max ${(Math.max(...perQuestion) * 1000).toFixed(0)} µs` });
  const cpu = process.cpuUsage(cpu0);
  results.push({ name: 'route + plan CPU time', metric: 'mean', value: (cpu.user + cpu.system) / perQuestion.length, unit: 'µs', note: 'process CPU per question (immune to scheduling)' });
  const total = perQuestion.reduce((a, b) => a + b, 0);
  results.push({ name: 'route + plan throughput', metric: 'rate', value: Math.round(perQuestion.length / (total / 1000)), unit: 'questions/s', note: 'one core' });
  return results;
}
