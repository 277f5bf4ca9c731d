/**
 * Discord adapter tests' runs: the shared scripted runs (the real run API shell over a real event log, see
 * test/helpers/scripted-runs.ts) with a script of realistic events (route, plan, steps with retries and failures,
 * a chart artifact, synthesis, completion), so tests control timing while the adapter reads only the run API.
 */
import type { Artifact } from '../../../src/pipeline/events/events.js';
import { createScriptedRuns, saveChart, sleep, type RunScript, type ScriptedRuns } from '../../helpers/scripted-runs.js';

export { createScriptedRuns, sleep, type RunScript, type ScriptedRuns };

const PERIOD = { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' };
const STEPS = [
  { id: 'prices_nvda', tool: 'get_bars', label: 'Fetching NVDA daily prices', dependsOn: [] },
  { id: 'prices_sox', tool: 'get_bars', label: 'Fetching ^SOX daily prices', dependsOn: [] },
  { id: 'relative', tool: 'relative_performance', label: 'Comparing NVDA with ^SOX', dependsOn: ['prices_nvda', 'prices_sox'] },
  { id: 'technicals', tool: 'compute_indicators', label: 'Computing RSI, MACD and moving averages', dependsOn: ['prices_nvda'] },
  { id: 'chart', tool: 'render_chart', label: 'Rendering the chart', dependsOn: ['prices_nvda', 'technicals'] },
];

/** The seed question's shape: route, a five-step plan, a chart and an answer; `failChart` makes the chart fail for good. */
export function seedScript(options: { stepDelayMs?: number; failChart?: boolean; holdMs?: number; answer?: string; failWith?: { code: string; message: string } }): RunScript {
  const delay = options.stepDelayMs ?? 20;
  return async (run) => {
    const { emit, signal, input } = run;
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
        const artifact = await saveChart(run, 'chart.png', 'NVDA vs ^SOX, past quarter');
        artifacts.push(artifact);
        emit('artifact.created', artifact);
      }
    }
    const answer = options.answer ?? `**${input.question}**\n\nNVDA rose 12.3% while ^SOX rose 8.1% (relative: +4.2 pts).`;
    emit('synthesis.delta', { text: answer });
    emit('run.completed', { answer, artifacts, usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 5 * delay } });
  };
}
