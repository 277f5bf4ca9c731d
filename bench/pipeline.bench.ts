/**
 * The seed question offline, through the real app (router, executor, tools, builtin synthesis; charts when
 * registered): time from startRun to `plan.created` and to the terminal event, median of repeated runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { isTerminal } from '../src/pipeline/events/events.js';
import { median, percentile, type BenchResult } from './types.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

export default async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-bench-'));
  const app = createApp(loadConfig({ DATA_DIR: dataDir }), { logger: silentLogger });
  const toPlan: number[] = [];
  const toEnd: number[] = [];
  const runs = 30;
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    let planAt = 0;
    let endAt = 0;
    const { runId, done } = await app.pipeline.startRun({ question: SEED, source: { platform: 'cli' } });
    app.pipeline.subscribe(runId, 0, (e) => {
      if (e.type === 'plan.created') planAt = performance.now() - t0;
      if (isTerminal(e)) endAt = performance.now() - t0;
    });
    const state = await done;
    if (state.status !== 'completed') throw new Error(`seed run ${state.status}: ${state.error?.message}`);
    if (i >= 3) {
      // the first runs warm caches and the JIT; they are reported separately below
      toPlan.push(planAt);
      toEnd.push(endAt);
    }
  }
  // A new app per run has an empty chart cache (compiled templates are shared): both charts render every time.
  const fresh: number[] = [];
  for (let i = 0; i < 10; i++) {
    const own = createApp(loadConfig({ DATA_DIR: dataDir }), { logger: silentLogger });
    const t0 = performance.now();
    const state = await (await own.pipeline.startRun({ question: SEED, source: { platform: 'cli' } })).done;
    if (state.status !== 'completed') throw new Error(`seed run ${state.status}: ${state.error?.message}`);
    fresh.push(performance.now() - t0);
  }
  const steps = (await app.pipeline.getRun((await app.pipeline.listRuns(1)).map((r) => r.runId)[0]))?.steps.length ?? 0;
  return [
    { name: `seed question offline (${steps} steps)`, metric: 'terminal event, both charts rendering', value: median(fresh), unit: 'ms', note: `goal ≤ 500; p95 ${percentile(fresh, 95).toFixed(0)} ms; 10 runs` },
    { name: `seed question offline (${steps} steps)`, metric: 'time to plan.created, median', value: median(toPlan), unit: 'ms', note: 'goal ≤ 100' },
    { name: `seed question offline (${steps} steps)`, metric: 'time to terminal event, median', value: median(toEnd), unit: 'ms', note: `goal ≤ 500; p95 ${percentile(toEnd, 95).toFixed(0)} ms; ${runs} runs` },
  ];
}
