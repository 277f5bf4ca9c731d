/**
 * Executor benchmarks, all on the same DAGs in the same process:
 *  1. overhead per step on a 1 000-step random DAG with zero-latency tools (µs/step), vs a bare topological loop;
 *  2. critical-path efficiency on random DAGs with heterogeneous simulated latencies: wall ÷ critical path, and the
 *     speedup over a sequential executor and a level-by-level (wave) executor.
 */
import { z } from 'zod';
import { silentLogger } from '../src/logger.js';
import { FaultInjector, sleep } from '../src/faults.js';
import { ChartRenderer } from '../src/render/charts/chart-renderer.js';
import { NumericChartReader } from '../src/tools/chart-reading/numeric-chart-reader.js';
import { ConcurrencyLimits } from '../src/pipeline/execute/concurrency-limits.js';
import { MemoryEventLog } from '../src/pipeline/events/event-log.js';
import { executePlan } from '../src/pipeline/execute/executor.js';
import { validatePlan } from '../src/pipeline/plan/validate-plan.js';
import type { Step } from '../src/pipeline/plan/plan-schema.js';
import { defineTool } from '../src/tools/define-tool.js';
import { ToolRegistry } from '../src/tools/registry.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import type { ToolServices } from '../src/tools/services.js';
import { median, type BenchResult } from './types.js';

const noop = defineTool({
  name: 'noop',
  description: 'zero-latency tool',
  input: z.object({ ms: z.number().default(0) }),
  output: z.object({ ok: z.boolean() }),
  retry: { retries: 0 },
  execute: async (input, ctx) => {
    if (input.ms > 0) {
      const t0 = performance.now();
      await sleep(input.ms);
      measured.set(ctx.stepId, performance.now() - t0);
    }
    return { ok: true };
  },
});
/** What each simulated tool really took (timers overshoot by up to ~1 ms), for the measured critical path. */
const measured = new Map<string, number>();
const registry = new ToolRegistry([noop]);
const services: ToolServices = {
  market: new OfflineMarketData(),
  artifacts: { save: async () => {}, read: async () => undefined },
  charts: new ChartRenderer(),
  vision: new NumericChartReader(),
  faults: new FaultInjector(),
};

/** A random DAG: step i depends on up to `maxDeps` random earlier steps (seeded, so every executor sees the same). */
function randomDag(n: number, maxDeps: number, seed: number, latency: () => number): Step[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const deps = new Set<string>();
    const k = i === 0 ? 0 : Math.floor(rand() * (maxDeps + 1));
    for (let j = 0; j < k; j++) deps.add(`s${Math.floor(rand() * i)}`);
    return { id: `s${i}`, tool: 'noop', args: { ms: latency.call(null) }, label: `s${i}`, dependsOn: [...deps] };
  });
}

/** What a run does: validate the whole plan once, then execute it. Both are timed. */
async function runOurs(steps: Step[], cap = 1_000_000): Promise<number> {
  const log = new MemoryEventLog();
  const t0 = performance.now();
  const plan = validatePlan({ steps }, registry, { maxSteps: steps.length + 1 });
  await executePlan(plan.steps, {
    validated: true,
    runId: 'bench',
    registry,
    services,
    emit: (type, data) => void log.append('bench', type, data),
    logger: silentLogger,
    signal: new AbortController().signal,
    limits: new ConcurrencyLimits({ compute: cap }),
    maxSteps: steps.length + 1,
  });
  return performance.now() - t0;
}

async function runSequential(steps: Step[]): Promise<number> {
  const t0 = performance.now();
  for (const step of steps) await sleep(Number(step.args.ms));
  return performance.now() - t0;
}

/** Level-by-level: every step of a level waits for the slowest step of the previous level. */
async function runWaves(steps: Step[]): Promise<number> {
  const level = new Map<string, number>();
  for (const step of steps) level.set(step.id, Math.max(0, ...(step.dependsOn ?? []).map((d) => level.get(d)! + 1)));
  const waves: Step[][] = [];
  for (const step of steps) (waves[level.get(step.id)!] ??= []).push(step);
  const t0 = performance.now();
  for (const wave of waves) await Promise.all(wave.map((step) => sleep(Number(step.args.ms))));
  return performance.now() - t0;
}

function criticalPath(steps: Step[], duration: (step: Step) => number = (step) => Number(step.args.ms)): number {
  const finish = new Map<string, number>();
  for (const step of steps) finish.set(step.id, Math.max(0, ...(step.dependsOn ?? []).map((d) => finish.get(d)!)) + duration(step));
  return Math.max(...finish.values());
}

/** The bare minimum a DAG runner must do: a topological loop awaiting each tool, no events, no validation. */
async function runBareLoop(steps: Step[]): Promise<number> {
  const t0 = performance.now();
  for (const step of steps) await noop.execute({ ms: 0 }, undefined as never);
  return performance.now() - t0;
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // 1. Overhead per step.
  const big = randomDag(1000, 3, 42, () => 0);
  // Steady state: the JIT needs ~20 runs of a 1 000-step plan before the figures settle on this machine.
  for (let i = 0; i < 20; i++) await runOurs(big);
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 30; i++) {
    ours.push(await runOurs(big));
    bare.push(await runBareLoop(big));
  }
  results.push({ name: '1000-step random DAG, zero-latency tools', metric: 'validate + execute, per step (median of 30)', value: (median(ours) * 1000) / big.length, unit: 'µs/step', note: 'goal ≤ 20; includes validation, events, p-limit, timers' });
  results.push({ name: '1000-step random DAG, zero-latency tools', metric: 'bare topological loop per step (baseline, no events/validation/timeouts)', value: (median(bare) * 1000) / big.length, unit: 'µs/step' });

  // 2. Critical-path efficiency, same DAGs for every executor.
  const ratios: number[] = [];
  const measuredRatios: number[] = [];
  const vsSeq: number[] = [];
  const vsWave: number[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    let s = seed * 7919;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const dag = randomDag(40, 3, seed, () => Math.round(5 + rand() * 45));
    const cp = criticalPath(dag);
    measured.clear();
    const wall = await runOurs(dag);
    measuredRatios.push(wall / criticalPath(dag, (step) => measured.get(step.id) ?? 0));
    const seq = await runSequential(dag);
    const wave = await runWaves(dag);
    ratios.push(wall / cp);
    vsSeq.push(seq / wall);
    vsWave.push(wave / wall);
  }
  results.push({ name: '6 random 40-step DAGs, latencies 5–50 ms', metric: 'wall ÷ critical path of measured tool times (median)', value: median(measuredRatios), unit: '×', note: `goal ≤ 1.02; worst ${Math.max(...measuredRatios).toFixed(3)}` });
  results.push({ name: '6 random 40-step DAGs, latencies 5–50 ms', metric: 'wall ÷ critical path of nominal latencies (median)', value: median(ratios), unit: '×', note: `includes setTimeout overshoot of the simulated tools; worst ${Math.max(...ratios).toFixed(3)}` });
  results.push({ name: '6 random 40-step DAGs, latencies 5–50 ms', metric: 'speedup over sequential (median)', value: median(vsSeq), unit: '×' });
  results.push({ name: '6 random 40-step DAGs, latencies 5–50 ms', metric: 'speedup over wave executor (median)', value: median(vsWave), unit: '×' });
  return results;
}
