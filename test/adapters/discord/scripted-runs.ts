/**
 * A RunApi over a real MemoryEventLog whose runs follow a script of realistic events (route, plan, steps with
 * retries and failures, a chart artifact, synthesis, completion). Lets adapter tests control timing exactly —
 * hold a run open to cancel it, or emit a burst of step events to exercise coalescing — while the adapter still
 * reads nothing but the event log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { RunApi, StartRunInput, StartedRun } from '../../../src/pipeline/run/run-api.js';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import type { Artifact, RunEventData, RunEventType } from '../../../src/pipeline/events/events.js';
import { reduceRun, type RunState } from '../../../src/pipeline/events/reduce.js';

export type Emit = <T extends RunEventType>(type: T, data: RunEventData<T>) => void;
export type RunScript = (emit: Emit, signal: AbortSignal, input: StartRunInput, runId: string) => Promise<void>;

export type ScriptedRuns = RunApi & { readonly log: MemoryEventLog; readonly started: StartRunInput[] };

export function createScriptedRuns(script: RunScript): ScriptedRuns {
  const log = new MemoryEventLog();
  const byEventId = new Map<string, string>();
  const controllers = new Map<string, AbortController>();
  const dones = new Map<string, Promise<RunState>>();
  const started: StartRunInput[] = [];
  let counter = 0;
  return {
    log,
    started,
    startRun(input): StartedRun {
      const existing = input.source.eventId ? byEventId.get(input.source.eventId) : undefined;
      if (existing) return { runId: existing, deduplicated: true, done: dones.get(existing)! };
      const runId = `run${++counter}x${Date.now().toString(36)}`;
      if (input.source.eventId) byEventId.set(input.source.eventId, runId);
      started.push(input);
      const controller = new AbortController();
      controllers.set(runId, controller);
      log.append(runId, 'run.created', { question: input.question, source: input.source });
      const emit: Emit = (type, data) => void log.append(runId, type, data);
      const done = script(emit, controller.signal, input, runId)
        .catch((error: unknown) => {
          if (!controller.signal.aborted) emit('run.failed', { error: { code: 'internal_error', message: String(error) } });
        })
        .then(() => reduceRun(log.history(runId), runId));
      dones.set(runId, done);
      return { runId, deduplicated: false, done };
    },
    cancelRun(runId, by) {
      const state = reduceRun(log.history(runId), runId);
      if (!log.has(runId) || state.done) return false;
      controllers.get(runId)?.abort();
      log.append(runId, 'run.cancelled', { by });
      return true;
    },
    getRun: (runId) => (log.has(runId) ? reduceRun(log.history(runId), runId) : undefined),
    getEvents: (runId) => log.history(runId),
    subscribe: (runId, afterSeq, listener) => log.subscribe(runId, afterSeq, listener),
    listRuns: (limit = 50) => log.runIds().reverse().slice(0, limit),
    drain: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(dones.values()), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
      for (const controller of controllers.values()) controller.abort();
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}

/** Writes a small real PNG the way the artifact store would, and returns its path. */
export async function writeChartPng(dir: string, runId: string): Promise<string> {
  const file = path.join(dir, 'runs', runId, 'chart.png');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await sharp({ create: { width: 64, height: 40, channels: 3, background: '#1f6feb' } }).png().toBuffer());
  return file;
}

const PERIOD = { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' };
const STEPS = [
  { id: 'prices_nvda', tool: 'get_bars', label: 'Fetching NVDA daily prices', dependsOn: [] },
  { id: 'prices_sox', tool: 'get_bars', label: 'Fetching ^SOX daily prices', dependsOn: [] },
  { id: 'relative', tool: 'relative_performance', label: 'Comparing NVDA with ^SOX', dependsOn: ['prices_nvda', 'prices_sox'] },
  { id: 'technicals', tool: 'compute_indicators', label: 'Computing RSI, MACD and moving averages', dependsOn: ['prices_nvda'] },
  { id: 'chart', tool: 'render_chart', label: 'Rendering the chart', dependsOn: ['prices_nvda', 'technicals'] },
];

/** The seed question's shape: route, a five-step plan, a chart and an answer; `failChart` makes the chart fail for good. */
export function seedScript(options: { dataDir: string; stepDelayMs?: number; failChart?: boolean; holdMs?: number; answer?: string; failWith?: { code: string; message: string } }): RunScript {
  const delay = options.stepDelayMs ?? 20;
  return async (emit, signal, input, runId) => {
    const artifacts: Artifact[] = [];
    emit('route.completed', { intent: 'compare', router: 'rules', entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: ['SOXX'], benchmarkLabel: 'semiconductors', period: PERIOD, unknown: [] } });
    emit('plan.created', { steps: STEPS, planner: 'template' });
    if (options.failWith) {
      emit('step.started', { stepId: 'prices_nvda', attempt: 1 });
      emit('step.failed', { stepId: 'prices_nvda', error: options.failWith, final: true });
      emit('run.failed', { error: options.failWith });
      return;
    }
    if (options.holdMs) await sleep(options.holdMs, signal);
    for (const step of STEPS) {
      emit('step.started', { stepId: step.id, attempt: 1 });
      await sleep(delay, signal);
      if (step.id === 'chart' && options.failChart) {
        emit('step.retrying', { stepId: step.id, attempt: 1, error: { code: 'fault_injected', message: 'injected fault: render_chart failed', retryable: true }, delayMs: 10 });
        emit('step.started', { stepId: step.id, attempt: 2 });
        emit('step.failed', { stepId: step.id, error: { code: 'fault_injected', message: 'injected fault: render_chart failed' }, final: true });
        continue;
      }
      emit('step.succeeded', { stepId: step.id, durationMs: delay, summary: `${step.tool} ok` });
      if (step.id === 'chart') {
        const artifact = { name: 'chart.png', kind: 'chart' as const, mime: 'image/png', path: await writeChartPng(options.dataDir, runId), alt: 'NVDA vs ^SOX, past quarter' };
        artifacts.push(artifact);
        emit('artifact.created', artifact);
      }
    }
    const answer = options.answer ?? `**${input.question}**\n\nNVDA rose 12.3% while ^SOX rose 8.1% (relative: +4.2 pts).`;
    emit('synthesis.delta', { text: answer });
    emit('run.completed', { answer, artifacts, usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 5 * delay } });
  };
}
