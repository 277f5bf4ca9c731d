/**
 * A chart control click (1M / 3M / YTD / 1Y / 5Y, swap benchmark): the chart of a finished run drawn again for
 * another window or benchmark, with no model call. The run's route is routed again with the new window's words and
 * the run's tickers, benchmark and intent inherited (the rules router only; never the LLM planner); of its rules
 * plan only the chart step and what it depends on run (bars, indicators, relative performance, render). Bars come
 * through the market-data cache and identical charts from the renderer's cache, so a click costs a render at most.
 * The redrawn PNG is returned, not stored and not announced: the run's log is closed, and the message that showed
 * the chart is what changes.
 */
import type { Logger } from 'pino';
import { BotError } from '../../errors.js';
import type { ToolRegistry } from '../../tools/registry.js';
import type { ToolServices } from '../../tools/services.js';
import type { ArtifactStore } from '../../tools/artifacts.js';
import type { VisionModel } from '../../tools/chart-reading/vision-model.js';
import type { ConcurrencyLimits } from '../execute/concurrency-limits.js';
import { Execution } from '../execute/executor.js';
import type { RunState } from '../events/reduce.js';
import { stepDependencies, type Step } from '../plan/plan-schema.js';
import { validatePlan } from '../plan/validate-plan.js';
import type { Router } from '../route/router.js';
import { CHART_WINDOW_PHRASE, type ChartRedraw, type RedrawnChart } from './chat-extras.js';

const NO_VISION: VisionModel = {
  id: 'none',
  readsImage: false,
  analyzeChart: () => Promise.reject(new BotError('not_supported', 'no chart reading while redrawing a chart')),
};

export type ChartRedrawDeps = {
  readonly router: Router;
  readonly registry: ToolRegistry;
  readonly services: ToolServices;
  readonly limits: ConcurrencyLimits;
  readonly logger: Logger;
  /** @default 20000 */
  readonly timeoutMs?: number;
};

export async function redrawChart(deps: ChartRedrawDeps, state: RunState, request: ChartRedraw): Promise<RedrawnChart> {
  const artifact = state.artifacts.find((a) => a.name === request.chart && a.kind === 'chart');
  if (!artifact) throw new BotError('chart_not_found', 'That chart is not part of this answer any more.');
  const stepId = artifact.stepId ?? artifact.name.replace(/\.png$/, '');
  const entities = state.entities;
  if (!entities || state.status !== 'completed') throw new BotError('chart_not_redrawable', 'Only a finished answer’s chart can be redrawn.');
  const benchmark = request.benchmark ?? entities.benchmark;
  const swapped = request.benchmark !== undefined && request.benchmark !== entities.benchmark;
  const route = deps.router.route(request.window ? CHART_WINDOW_PHRASE[request.window] : entities.period.label, {
    inherit: {
      tickers: entities.tickers,
      benchmark,
      // The sector's extra views belong to the sector benchmark; a swapped-in benchmark stands alone.
      altBenchmarks: swapped ? [] : entities.altBenchmarks,
      ...(!swapped && entities.benchmarkLabel !== undefined ? { benchmarkLabel: entities.benchmarkLabel } : {}),
      ...(request.window ? {} : { period: entities.period }),
      ...(state.intent ? { intent: state.intent } : {}),
    },
  });
  const fatal = route.problems.find((p) => p.fatal);
  if (fatal) throw new BotError(fatal.code, fatal.message);
  const plan = validatePlan(deps.router.plan(route, new Set(deps.registry.names())), deps.registry);
  const steps = closure(plan.steps, stepId);
  if (steps.length === 0) throw new BotError('chart_not_redrawable', 'This chart cannot be drawn for that window.');

  const saved = new Map<string, { bytes: Buffer; mime: string }>();
  const scratch: ArtifactStore = {
    save: async (_runId, name, bytes, mime) => void saved.set(name, { bytes, mime }),
    read: async (_runId, name) => saved.get(name)?.bytes,
  };
  const signal = AbortSignal.timeout(deps.timeoutMs ?? 20_000);
  const execution = new Execution({
    runId: state.runId,
    registry: deps.registry,
    // Nothing reads this chart but people: no vision-size copy, and the vision model is never called.
    services: { ...deps.services, artifacts: scratch, vision: NO_VISION },
    emit: () => undefined,
    logger: deps.logger.child({ runId: state.runId, redraw: request }),
    signal,
    limits: deps.limits,
  });
  for (const step of steps) execution.add(step, { validated: true });
  execution.seal();
  const result = await execution.done;
  const outcome = result.outcomes.get(stepId);
  if (!outcome || outcome.status !== 'succeeded') {
    const failed = [...result.outcomes.values()].find((o) => o.status === 'failed');
    const why = failed?.status === 'failed' ? failed.error.message : signal.aborted ? 'it took too long' : 'a step was skipped';
    throw new BotError('chart_redraw_failed', `I couldn't redraw that chart: ${why}`);
  }
  const output = outcome.output as { artifact: { name: string; mime: string; alt: string } };
  const file = saved.get(output.artifact.name);
  if (!file) throw new BotError('chart_redraw_failed', "I couldn't redraw that chart: the renderer returned nothing.");
  const period = route.entities.period;
  return {
    name: artifact.name,
    mime: file.mime,
    alt: output.artifact.alt,
    bytes: file.bytes,
    ...(request.window ? { window: request.window } : {}),
    benchmark: route.entities.benchmark,
    caption: `${period.label} (${period.from} → ${period.to})`,
  };
}

/** The step and every step it depends on, in plan order (a validated plan is topologically ordered). */
function closure(steps: readonly Step[], target: string): Step[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  if (!byId.has(target)) return [];
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id)) return;
    const step = byId.get(id);
    if (!step) return;
    keep.add(id);
    for (const dep of stepDependencies(step)) visit(dep);
  };
  visit(target);
  return steps.filter((s) => keep.has(s.id));
}
