/**
 * Test helpers for the metric tools: series as the pipeline gets them (the offline provider behind get_bars), the
 * oracle (eval/reference: its own CSV reader and math, nothing from src/), and one step run through the real
 * executor, so inputs and outputs are checked by the tool's zod schemas exactly as in a run.
 */
import { executePlan, type StepOutcome } from '../../../src/pipeline/execute/executor.js';
import { ConcurrencyLimits } from '../../../src/pipeline/execute/concurrency-limits.js';
import type { Step } from '../../../src/pipeline/plan/plan-schema.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import { OfflineMarketData } from '../../../src/tools/market/offline-provider.js';
import type { BarSeries } from '../../../src/tools/market/types.js';
import type { ToolServices } from '../../../src/tools/services.js';
import { FaultInjector } from '../../../src/faults.js';
import { silentLogger } from '../../../src/logger.js';
import { computeFigure, type Figure } from '../../../eval/reference/index.js';

/** "Today" for the offline dataset. */
export const TODAY = '2026-05-15';

export const market = new OfflineMarketData();

/** get_bars' output for the offline dataset. */
export function bars(symbol: string, from: string, to: string, warmupBars = 1): Promise<BarSeries> {
  return market.getDailyBars(symbol, { from, to, warmupBars });
}

/** The independent value of a gold-style figure (eval/reference). */
export function reference(figure: Figure): number {
  return computeFigure(figure, { referenceDate: TODAY }).value;
}

const registry = createToolRegistry();

/** Runs steps through the real executor (args parsed by the tool's input schema, output by its output schema). */
export async function runSteps(steps: Step[]): Promise<Map<string, StepOutcome>> {
  const services = { market, faults: new FaultInjector() } as unknown as ToolServices;
  const result = await executePlan(steps, {
    runId: 'run_metrics',
    registry,
    services,
    emit: () => undefined,
    logger: silentLogger,
    signal: new AbortController().signal,
    limits: new ConcurrencyLimits(),
    validated: true,
  });
  return result.outcomes;
}

/** One tool call through the executor: the output, or the error it failed with. */
export async function runTool<T = unknown>(tool: string, args: Record<string, unknown>): Promise<{ ok: true; output: T } | { ok: false; code: string; message: string }> {
  const outcome = (await runSteps([{ id: 'step', tool, args, label: tool }])).get('step')!;
  if (outcome.status === 'succeeded') return { ok: true, output: outcome.output as T };
  if (outcome.status === 'failed') return { ok: false, code: outcome.error.code, message: outcome.error.message };
  throw new Error(`step skipped: ${outcome.reason}`);
}

/** The output of a call that must succeed. */
export async function output<T>(tool: string, args: Record<string, unknown>): Promise<T> {
  const result = await runTool<T>(tool, args);
  if (!result.ok) throw new Error(`${tool} failed: ${result.code}: ${result.message}`);
  return result.output;
}

/** The error of a call that must fail. */
export async function failure(tool: string, args: Record<string, unknown>): Promise<{ code: string; message: string }> {
  const result = await runTool(tool, args);
  if (result.ok) throw new Error(`${tool} succeeded, expected a failure`);
  return result;
}
