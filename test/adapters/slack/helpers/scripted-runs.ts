/**
 * A small RunApi over a real MemoryEventLog whose runs follow a script of realistic events (the shapes the real
 * pipeline emits). Used where a test needs a precise timeline (a failing chart step, a slow step to cancel);
 * the end-to-end test uses the real pipeline from createApp.
 */
import { MemoryEventLog } from '../../../../src/pipeline/events/event-log.js';
import type { RunApi, StartedRun, StartRunInput } from '../../../../src/pipeline/run/run-api.js';
import { isTerminal, type RunEventData, type RunEventType } from '../../../../src/pipeline/events/events.js';
import { reduceRun, type RunState } from '../../../../src/pipeline/events/reduce.js';
import { sleep } from '../../../../src/faults.js';

export type Emit = <T extends RunEventType>(type: T, data: RunEventData<T>) => void;
export type Script = (emit: Emit, ctx: { signal: AbortSignal; input: StartRunInput; runId: string }) => Promise<void>;

export class ScriptedRuns implements RunApi {
  readonly log = new MemoryEventLog();
  readonly inputs: StartRunInput[] = [];
  private readonly live = new Map<string, AbortController>();
  private readonly byEventId = new Map<string, string>();
  private readonly dones = new Map<string, Promise<RunState>>();
  private n = 0;

  constructor(private readonly script: (input: StartRunInput) => Script) {}

  startRun(input: StartRunInput): StartedRun {
    const known = input.source.eventId ? this.byEventId.get(input.source.eventId) : undefined;
    if (known) return { runId: known, deduplicated: true, done: this.dones.get(known)! };
    this.inputs.push(input);
    const runId = `run_${++this.n}_${Math.random().toString(36).slice(2, 8)}`;
    if (input.source.eventId) this.byEventId.set(input.source.eventId, runId);
    const controller = new AbortController();
    this.live.set(runId, controller);
    const emit: Emit = (type, data) => void this.log.append(runId, type, data);
    emit('run.created', { question: input.question, source: input.source });
    const done = new Promise<RunState>((resolve) => {
      const off = this.log.subscribe(runId, 0, (event) => {
        if (!isTerminal(event)) return;
        queueMicrotask(() => off());
        this.live.delete(runId);
        resolve(this.getRun(runId)!);
      });
    });
    this.dones.set(runId, done);
    void this.script(input)(emit, { signal: controller.signal, input, runId }).catch((error: unknown) => {
      if (controller.signal.aborted) return;
      emit('run.failed', { error: { code: 'internal_error', message: (error as Error).message } });
    });
    return { runId, deduplicated: false, done };
  }

  cancelRun(runId: string, by: string): boolean {
    const controller = this.live.get(runId);
    if (!controller) return false;
    this.log.append(runId, 'run.cancelled', { by });
    controller.abort(new Error('cancelled'));
    return true;
  }

  getRun(runId: string): RunState | undefined {
    const events = this.log.history(runId);
    return events.length > 0 ? reduceRun(events, runId) : undefined;
  }

  getEvents(runId: string) {
    return this.log.history(runId);
  }

  subscribe(runId: string, afterSeq: number, listener: Parameters<RunApi['subscribe']>[2]) {
    return this.log.subscribe(runId, afterSeq, listener);
  }

  listRuns(limit = 50): string[] {
    return this.log.runIds().reverse().slice(0, limit);
  }

  async drain(): Promise<void> {
    await Promise.all([...this.dones.values()]);
  }
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
  chartPath?: string;
  /** The chart step fails for good and is replaced by the numeric reading. */
  chartFails?: boolean;
  answer?: string;
};

/** The seed question's run: route, plan, six steps (some in parallel), a chart artifact, streamed answer. */
export function seedScript(options: SeedScriptOptions = {}): Script {
  const delay = options.stepDelayMs ?? 20;
  return async (emit, { signal, input }) => {
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
      const artifact = { name: 'chart-nvda.png', kind: 'chart' as const, mime: 'image/png', path: options.chartPath, alt: 'NVDA daily price, past quarter, with SMA 20/50 and volume', stepId: 'chart_nvda' };
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
