/**
 * Slack adapter tests' runs: the shared scripted runs (the real run API shell over a real event log, see
 * test/helpers/scripted-runs.ts) with scripts of the events the real pipeline emits for the seed question.
 */
import type { StartRunInput } from '../../../../src/pipeline/run/run-api.js';
import { createScriptedRuns, saveChart, sleep, type Emit, type ScriptRun, type ScriptedRuns } from '../../../helpers/scripted-runs.js';

export type { Emit, ScriptedRuns };
export type Script = (emit: Emit, ctx: ScriptRun) => Promise<void>;

/** Scripted runs behind the real run API shell; `pick` chooses the script for each question. */
export function scriptedRuns(pick: (input: StartRunInput) => Script): ScriptedRuns {
  return createScriptedRuns((run) => pick(run.input)(run.emit, run));
}

const PERIOD = { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' };

export const SEED_STEPS = [
  { id: 'bars_nvda', tool: 'get_bars', label: 'Fetching NVDA daily prices', dependsOn: [] },
  { id: 'bars_sox', tool: 'get_bars', label: 'Fetching ^SOX daily prices', dependsOn: [] },
  { id: 'relative', tool: 'relative_performance', label: 'Comparing NVDA with the semiconductor index', dependsOn: ['bars_nvda', 'bars_sox'] },
  { id: 'indicators_nvda', tool: 'indicators', label: 'Computing NVDA indicators', dependsOn: ['bars_nvda'] },
  { id: 'technicals_nvda', tool: 'technicals_summary', label: 'Summarising NVDA technicals', dependsOn: ['indicators_nvda'] },
  { id: 'chart_nvda', tool: 'render_chart', label: 'Rendering the NVDA chart', dependsOn: ['bars_nvda', 'indicators_nvda'] },
];

export const SEED_ANSWER = [
  '## NVDA vs semiconductors, past quarter',
  '',
  'NVDA returned **+12.4%** against **+8.1%** for ^SOX: *4.3 pp* ahead.',
  '',
  '| Symbol | Return |',
  '|---|---:|',
  '| NVDA | +12.4% |',
  '| ^SOX | +8.1% |',
  '',
  '- RSI(14) 61 (neutral to firm)',
  '- Price above the 50-day average',
].join('\n');

export type SeedScriptOptions = {
  stepDelayMs?: number;
  /** The chart step fails for good and is replaced by the numeric reading. */
  chartFails?: boolean;
  answer?: string;
};

/** The seed question's run: route, plan, six steps (some in parallel), a chart artifact, streamed answer. */
export function seedScript(options: SeedScriptOptions = {}): Script {
  const delay = options.stepDelayMs ?? 20;
  return async (emit, ctx) => {
    const { signal, input } = ctx;
    const inherit = input.context?.inherit;
    const ticker = /\bAMD\b/.test(input.question) ? 'AMD' : 'NVDA';
    emit('route.completed', {
      intent: inherit?.intent ?? 'overview',
      entities: { tickers: [ticker], benchmark: inherit?.benchmark ?? '^SOX', altBenchmarks: [], benchmarkLabel: 'semiconductors', period: inherit?.period ?? PERIOD, unknown: [] },
      router: 'rules',
    });
    emit('plan.created', { steps: SEED_STEPS, planner: 'template' });
    const run = async (id: string, summary: string) => {
      emit('step.started', { stepId: id, attempt: 1 });
      await sleep(delay, signal);
      emit('step.succeeded', { stepId: id, durationMs: delay, summary });
    };
    await Promise.all([run('bars_nvda', '63 bars, 2026-02-17 → 2026-05-15'), run('bars_sox', '63 bars')]);
    await Promise.all([run('relative', 'NVDA +4.3 pp vs ^SOX'), run('indicators_nvda', 'RSI 61, MACD above signal')]);
    await run('technicals_nvda', 'uptrend, above SMA50');
    emit('step.started', { stepId: 'chart_nvda', attempt: 1 });
    await sleep(delay, signal);
    const artifacts = [];
    if (options.chartFails) {
      emit('step.failed', { stepId: 'chart_nvda', error: { code: 'fault_injected', message: 'injected fault: render_chart failed' }, final: true, durationMs: delay });
      emit('plan.revised', {
        reason: 'chart renderer failed → switched to numeric analysis',
        added: [{ id: 'chart_nvda_numeric', tool: 'chart_numeric_reading', label: 'Reading the chart numerically', dependsOn: ['bars_nvda', 'indicators_nvda'] }],
        removed: ['chart_nvda'],
      });
      await run('chart_nvda_numeric', 'trend up, 2 support levels');
    } else {
      const artifact = await saveChart(ctx, 'chart-nvda.png', 'NVDA daily price, past quarter, with SMA 20/50 and volume', 'chart_nvda');
      emit('artifact.created', artifact);
      emit('step.succeeded', { stepId: 'chart_nvda', durationMs: delay, summary: 'chart rendered' });
      artifacts.push(artifact);
    }
    const answer = options.answer ?? SEED_ANSWER;
    for (const part of answer.match(/[\s\S]{1,80}/g) ?? []) emit('synthesis.delta', { text: part });
    emit('run.completed', {
      answer,
      artifacts,
      usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: delay * 6 },
    });
  };
}

/** A run the router rejects: an unknown ticker. */
export const unknownTickerScript: Script = async (emit) => {
  emit('route.completed', {
    intent: 'quote',
    entities: { tickers: [], benchmark: null, altBenchmarks: [], period: PERIOD, unknown: ['ZZZZ'] },
    router: 'rules',
  });
  emit('run.failed', { error: { code: 'unknown_ticker', message: 'Unknown symbol ZZZZ. Symbols I have: NVDA, AMD, AAPL, MSFT.' } });
};
