/**
 * A small RunApi over a real MemoryEventLog whose runs are driven by the test (the real pipeline is covered by the
 * integration tests through createApp). Ids are random like the pipeline's; events are the real contract types.
 */
import { randomBytes } from 'node:crypto';
import type { RunApi, StartRunInput, StartedRun } from '../../../../src/pipeline/run/run-api.js';
import type { EventListener, MemoryEventLog, Unsubscribe } from '../../../../src/pipeline/events/event-log.js';
import { isTerminal, type RunEvent } from '../../../../src/pipeline/events/events.js';
import { reduceRun, type RunState } from '../../../../src/pipeline/events/reduce.js';

export class ScriptedRunApi implements RunApi {
  readonly started: string[] = [];
  private readonly finished = new Map<string, Promise<RunState>>();

  constructor(readonly log: MemoryEventLog) {}

  startRun(input: StartRunInput): StartedRun {
    const runId = randomBytes(12).toString('base64url');
    this.started.unshift(runId);
    const done = new Promise<RunState>((resolve) => {
      const off = this.log.subscribe(runId, 0, (event) => {
        if (isTerminal(event)) {
          queueMicrotask(() => off());
          resolve(reduceRun(this.log.history(runId), runId));
        }
      });
    });
    this.finished.set(runId, done);
    this.log.append(runId, 'run.created', { question: input.question, source: input.source });
    return { runId, deduplicated: false, done };
  }

  cancelRun(runId: string, by: string): boolean {
    const state = this.getRun(runId);
    if (!state || state.done) return false;
    return this.log.append(runId, 'run.cancelled', { by }) !== undefined;
  }

  getRun(runId: string): RunState | undefined {
    return this.started.includes(runId) ? reduceRun(this.log.history(runId), runId) : undefined;
  }

  getEvents(runId: string): readonly RunEvent[] {
    return this.log.history(runId);
  }

  subscribe(runId: string, afterSeq: number, listener: EventListener): Unsubscribe {
    return this.log.subscribe(runId, afterSeq, listener);
  }

  listRuns(limit = 50): string[] {
    return this.started.slice(0, limit);
  }

  async drain(timeoutMs: number): Promise<void> {
    const pending = [...this.finished.entries()].filter(([id]) => !this.getRun(id)?.done).map(([, p]) => p);
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  /** Plays a realistic run up to (not including) the terminal event. */
  playUntilAnswer(runId: string, answer = 'NVDA rose **12.3%**.'): void {
    const log = this.log;
    log.append(runId, 'route.completed', {
      intent: 'compare',
      router: 'rules',
      entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: [], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] },
    });
    log.append(runId, 'plan.created', {
      planner: 'template',
      steps: [
        { id: 'prices_nvda', tool: 'get_bars', label: 'Fetching NVDA daily prices', dependsOn: [] },
        { id: 'chart', tool: 'render_chart', label: 'Drawing the chart', dependsOn: ['prices_nvda'] },
      ],
    });
    log.append(runId, 'step.started', { stepId: 'prices_nvda', attempt: 1 });
    log.append(runId, 'step.succeeded', { stepId: 'prices_nvda', durationMs: 12, summary: '62 bars' });
    log.append(runId, 'step.started', { stepId: 'chart', attempt: 1 });
    log.append(runId, 'artifact.created', { name: 'chart.png', kind: 'chart', mime: 'image/png', path: '/x/chart.png', alt: 'NVDA vs SOX' });
    log.append(runId, 'step.succeeded', { stepId: 'chart', durationMs: 40, summary: 'chart rendered' });
    for (const part of answer.match(/[\s\S]{1,5}/g) ?? []) log.append(runId, 'synthesis.delta', { text: part });
  }

  complete(runId: string, answer = 'NVDA rose **12.3%**.'): void {
    const artifacts = reduceRun(this.log.history(runId), runId).artifacts;
    this.log.append(runId, 'run.completed', {
      answer,
      artifacts,
      usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 60 },
    });
  }
}
