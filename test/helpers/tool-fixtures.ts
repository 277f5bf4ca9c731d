/** Small tools and services for executor/run tests: real registry, real executor, controllable tools. */
import { z } from 'zod';
import { BotError } from '../../src/errors.js';
import { FaultInjector } from '../../src/faults.js';
import { silentLogger } from '../../src/logger.js';
import { defineTool, type AnyTool } from '../../src/tools/define-tool.js';
import type { ToolServices } from '../../src/tools/services.js';
import { OfflineMarketData } from '../../src/tools/market/offline-provider.js';
import type { ArtifactStore } from '../../src/tools/artifacts.js';
import { sleep } from '../../src/faults.js';
import { ChartRenderer } from '../../src/render/charts/chart-renderer.js';
import { NumericChartReader } from '../../src/tools/chart-reading/numeric-chart-reader.js';

let charts: ChartRenderer | undefined;
/** One renderer per test file (templates compile once), as the composition root makes one per process. */
export const sharedCharts = (): ChartRenderer => (charts ??= new ChartRenderer());

export const memoryArtifacts = (): ArtifactStore => {
  const files = new Map<string, Buffer>();
  return {
    save: async (runId, name, bytes) => {
      files.set(`${runId}/${name}`, bytes);
    },
    read: async (runId, name) => files.get(`${runId}/${name}`),
  };
};

export function testServices(overrides: Partial<ToolServices> = {}): ToolServices {
  return { market: new OfflineMarketData(), artifacts: memoryArtifacts(), charts: sharedCharts(), vision: new NumericChartReader(), faults: new FaultInjector(), ...overrides };
}

/** A tool that waits `ms` then returns {value: input.value ?? 1, sum of `inputs`}. */
export const waitTool = defineTool({
  name: 'wait',
  description: 'waits then echoes',
  input: z.object({ ms: z.number().default(0), value: z.number().default(1), inputs: z.array(z.any()).default([]) }),
  output: z.object({ value: z.number() }),
  concurrencyKey: 'test',
  retry: { retries: 0 },
  execute: async (input, ctx) => {
    if (input.ms > 0) await sleep(input.ms, ctx.signal);
    const sum = input.inputs.reduce((acc: number, x: { value?: number } | number) => acc + (typeof x === 'number' ? x : (x?.value ?? 0)), 0);
    return { value: input.value + sum };
  },
});

/** Fails `failTimes` times with a retryable error, then succeeds. Counts calls per key. */
export function flakyTool(failTimes: number, options: { retryable?: boolean; name?: string } = {}) {
  let calls = 0;
  const tool = defineTool({
    name: options.name ?? 'flaky',
    description: 'fails then succeeds',
    input: z.object({}),
    output: z.object({ calls: z.number() }),
    retry: { retries: 3, minDelayMs: 5, maxDelayMs: 20 },
    execute: async () => {
      calls++;
      if (calls <= failTimes) throw new BotError('upstream_error', `boom ${calls}`, { retryable: options.retryable ?? true });
      return { calls };
    },
  });
  return { tool: tool as AnyTool, calls: () => calls };
}

export const testLogger = silentLogger;
