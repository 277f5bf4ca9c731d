/**
 * HTTP tests' runs: the shared scripted runs (the real run API shell over a real event log, see
 * test/helpers/scripted-runs.ts) whose runs stay open until the test plays them: `playUntilAnswer` emits a realistic
 * run up to (not including) the terminal event, `complete` ends it. The real pipeline is covered by the integration
 * tests through the composition root.
 */
import type { MemoryEventLog } from '../../../../src/pipeline/events/event-log.js';
import type { ArtifactStore } from '../../../../src/tools/artifacts.js';
import { reduceRun } from '../../../../src/pipeline/events/reduce.js';
import { createScriptedRuns, type Emit, type ScriptedRuns } from '../../../helpers/scripted-runs.js';

export type ScriptedRunApi = ScriptedRuns & {
  /** Run ids started, most recent first. */
  readonly startedIds: string[];
  playUntilAnswer(runId: string, answer?: string): void;
  complete(runId: string, answer?: string): void;
};

export function createScriptedRunApi(options: { artifacts?: ArtifactStore } = {}): ScriptedRunApi {
  const controls = new Map<string, { emit: Emit; end: () => void }>();
  const startedIds: string[] = [];
  const runs = createScriptedRuns(
    ({ runId, emit, signal }) =>
      new Promise<void>((resolve) => {
        startedIds.unshift(runId);
        controls.set(runId, { emit, end: resolve });
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    options,
  );
  const control = (runId: string) => {
    const found = controls.get(runId);
    if (!found) throw new Error(`no scripted run ${runId}`);
    return found;
  };
  const log: MemoryEventLog = runs.log;
  return Object.assign(runs, {
    startedIds,
    playUntilAnswer(runId: string, answer = 'NVDA rose **12.3%**.') {
      const { emit } = control(runId);
      emit('route.completed', {
        intent: 'compare',
        router: 'rules',
        entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: [], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] },
      });
      emit('plan.created', {
        planner: 'template',
        steps: [
          { id: 'prices_nvda', tool: 'get_bars', label: 'Fetching NVDA daily prices', dependsOn: [] },
          { id: 'chart', tool: 'render_chart', label: 'Drawing the chart', dependsOn: ['prices_nvda'] },
        ],
      });
      emit('step.started', { stepId: 'prices_nvda', attempt: 1 });
      emit('step.succeeded', { stepId: 'prices_nvda', durationMs: 12, summary: '62 bars' });
      emit('step.started', { stepId: 'chart', attempt: 1 });
      emit('artifact.created', { name: 'chart.png', kind: 'chart', mime: 'image/png', alt: 'NVDA vs SOX' });
      emit('step.succeeded', { stepId: 'chart', durationMs: 40, summary: 'chart rendered' });
      for (const part of answer.match(/[\s\S]{1,5}/g) ?? []) emit('synthesis.delta', { text: part });
    },
    complete(runId: string, answer = 'NVDA rose **12.3%**.') {
      const { emit, end } = control(runId);
      const artifacts = reduceRun(log.history(runId), runId).artifacts;
      emit('run.completed', { answer, artifacts, usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 60 } });
      end();
    },
  });
}
