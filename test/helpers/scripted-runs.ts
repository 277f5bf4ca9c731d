/**
 * The run API that surfaces use — the real log-backed shell (`createLogRunApi`) over a real MemoryEventLog and an
 * in-memory artifact store — with each run's work replaced by a script of realistic events. Adapter tests control
 * timing exactly (hold a run open to cancel it, burst step events to exercise coalescing) while the adapter still
 * reads nothing but the run API. The end-to-end tests use the real pipeline from createApp.
 */
import sharp from 'sharp';
import { silentLogger } from '../../src/logger.js';
import { MemoryEventLog } from '../../src/pipeline/events/event-log.js';
import { createLogRunApi, type Emit, type LogRunApi } from '../../src/pipeline/run/log-run-api.js';
import type { RunContext, StartRunInput } from '../../src/pipeline/run/run-api.js';
import type { ArtifactStore } from '../../src/tools/artifacts.js';
import { memoryArtifacts } from './tool-fixtures.js';

export type { Emit };

/** What a script sees: the question as started (with the follow-up context the shell resolved) and where to put charts. */
export type ScriptRun = {
  emit: Emit;
  signal: AbortSignal;
  input: StartRunInput & { context?: RunContext };
  runId: string;
  artifacts: ArtifactStore;
};
export type RunScript = (run: ScriptRun) => Promise<void>;

export type ScriptedRuns = LogRunApi & {
  readonly log: MemoryEventLog;
  /** Inputs of the runs started, in order, with the resolved follow-up context. */
  readonly started: (StartRunInput & { context?: RunContext })[];
  readonly artifacts: ArtifactStore;
};

export function createScriptedRuns(script: RunScript, options: { artifacts?: ArtifactStore; maxConcurrentRuns?: number } = {}): ScriptedRuns {
  const log = new MemoryEventLog();
  const artifacts = options.artifacts ?? memoryArtifacts();
  const started: ScriptedRuns['started'] = [];
  const api = createLogRunApi({
    events: log,
    artifacts,
    logger: silentLogger,
    maxConcurrentRuns: options.maxConcurrentRuns,
    execute: async ({ runId, question, source, context, signal, emit }) => {
      const input = { question, source, ...(context ? { context } : {}) };
      started.push(input);
      await script({ emit, signal, input, runId, artifacts }).catch((error: unknown) => {
        if (!signal.aborted) emit('run.failed', { error: { code: 'internal_error', message: String((error as Error)?.message ?? error) } });
      });
    },
  });
  return Object.assign(api, { log, started, artifacts });
}

let png: Promise<Buffer> | undefined;
/** A small real PNG (64×40), as a chart artifact's bytes. */
export function chartPng(): Promise<Buffer> {
  return (png ??= sharp({ create: { width: 64, height: 40, channels: 3, background: '#1f6feb' } }).png().toBuffer());
}

/** Stores a chart the way render_chart does and returns the artifact to announce. */
export async function saveChart(run: Pick<ScriptRun, 'runId' | 'artifacts'>, name: string, alt: string, stepId?: string) {
  await run.artifacts.save(run.runId, name, await chartPng(), 'image/png');
  return { name, kind: 'chart' as const, mime: 'image/png', alt, ...(stepId ? { stepId } : {}) };
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
