/**
 * Time to first step start with a streamed LLM plan vs waiting for the whole plan (LLMCompiler's streamed
 * planner). A fake OpenAI server on 127.0.0.1 emits one plan line every PACE_MS through the real SDK; the real
 * planner parses/validates and the real executor runs real tools on the offline dataset. "Whole plan" collects
 * every step first and only then adds them (what a non-streaming planner does).
 */
import { FaultInjector } from '../src/faults.js';
import { silentLogger } from '../src/logger.js';
import { OpenAIChatModel } from '../src/models/openai-chat-model.js';
import type { PlannedStep, PlannerInput } from '../src/pipeline/plan/planner-model.js';
import { ConcurrencyLimits } from '../src/pipeline/execute/concurrency-limits.js';
import { Execution } from '../src/pipeline/execute/executor.js';
import { LlmPlanner } from '../src/pipeline/plan/llm-planner.js';
import { createToolRegistry } from '../src/tools/index.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { startFakeOpenAI } from '../test/fakes/openai-server.js';
import { percentile, type BenchResult } from './types.js';

const PACE_MS = 60;
const RUNS = 7;
const SYMBOLS = ['NVDA', 'AMD', 'TSM', 'AVGO'];

const planLines = (): string[] => {
  const lines = SYMBOLS.map((s) => ({ id: `bars_${s.toLowerCase()}`, tool: 'get_bars', args: { symbol: s, from: '2026-02-13', to: '2026-05-15', warmupBars: 260 }, label: `Fetching ${s} daily prices` }));
  const ind = SYMBOLS.map((s) => ({ id: `ind_${s.toLowerCase()}`, tool: 'indicators', args: { series: { $ref: `bars_${s.toLowerCase()}` } }, label: `Computing ${s} indicators` }));
  const rel = { id: 'relperf', tool: 'relative_performance', args: { series: SYMBOLS.map((s) => ({ $ref: `bars_${s.toLowerCase()}` })), benchmark: 'NVDA', from: '2026-02-13', to: '2026-05-15' }, label: 'Comparing' };
  return [...lines, ...ind, rel].map((o) => `${JSON.stringify(o)}\n`);
};

export default async function run(): Promise<BenchResult[]> {
  const fake = await startFakeOpenAI();
  const registry = createToolRegistry();
  const market = new OfflineMarketData();
  const artifacts = { runDir: () => '', save: async () => ({ name: '', mime: '', path: '' }), read: async () => undefined };
  // Offline bars are instant; a live provider is not. The second setting gives get_bars 150 ms of latency.
  const settings = [
    { label: '', services: { market, artifacts, faults: new FaultInjector() } as never },
    { label: ' (get_bars 150 ms)', services: { market, artifacts, faults: new FaultInjector([{ target: 'get_bars', kind: 'slow', probability: 1, delayMs: 150 }]) } as never },
  ];
  let services = settings[0].services;
  const planner = new LlmPlanner(new OpenAIChatModel({ model: 'gpt-4.1', apiKey: 'bench', baseURL: fake.baseURL, maxRetries: 0 }), registry);
  const input: PlannerInput = {
    question: 'bench',
    route: { intent: 'unknown', confidence: 0, entities: { tickers: SYMBOLS, benchmark: null, altBenchmarks: [], period: { label: 'q', from: '2026-02-13', to: '2026-05-15' }, unknown: [] } },
    catalog: registry.catalog(),
  };
  const lines = planLines();
  fake.setDefault({ kind: 'stream', chunks: lines, delayMs: PACE_MS, firstDelayMs: PACE_MS });

  async function once(streamed: boolean): Promise<{ firstStart: number; allDone: number }> {
    const started = performance.now();
    let firstStart = -1;
    const execution = new Execution({
      runId: 'bench',
      registry,
      services,
      emit: (type) => {
        if (type === 'step.started' && firstStart < 0) firstStart = performance.now() - started;
      },
      logger: silentLogger,
      signal: new AbortController().signal,
      limits: new ConcurrencyLimits(),
    });
    const buffered: PlannedStep[] = [];
    for await (const step of planner.streamPlan(input, { signal: AbortSignal.timeout(30_000) })) {
      if (streamed) execution.add(step);
      else buffered.push(step);
    }
    for (const step of buffered) execution.add(step);
    execution.seal();
    await execution.done;
    return { firstStart, allDone: performance.now() - started };
  }

  const results: BenchResult[] = [];
  try {
    await once(true); // warm-up (SDK, data files, JIT)
    for (const setting of settings) {
    services = setting.services;
    for (const mode of ['streamed', 'whole plan'] as const) {
      const first: number[] = [];
      const done: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await once(mode === 'streamed');
        first.push(r.firstStart);
        done.push(r.allDone);
      }
      const note = `${lines.length} plan lines, one every ${PACE_MS} ms from a fake server via the openai SDK; ${RUNS} runs`;
      results.push({ name: `planner ${mode}${setting.label}: first step start`, metric: 'p50', value: round(percentile(first, 50)), unit: 'ms', note });
      results.push({ name: `planner ${mode}${setting.label}: all steps done`, metric: 'p50', value: round(percentile(done, 50)), unit: 'ms', note });
    }
    }
  } finally {
    await fake.close();
  }
  return results;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
