/**
 * The LLM roles inside real runs: the real pipeline, executor, rules router, offline data and tools, with the
 * planner / replanner / synthesis talking to a fake OpenAI server through the real SDK.
 * Cases: hybrid routing (confident intent = no LLM call), streamed plan executing before the stream ends,
 * planner 401 → rules fallback with a note, replan after a failure, budget exceeded, streamed LLM synthesis
 * with the unsupported-figure check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/faults.js';
import { silentLogger } from '../../../src/logger.js';
import { BuiltinSynthesis } from '../../../src/pipeline/synthesize/builtin-synthesis.js';
import { LlmSynthesisModel } from '../../../src/pipeline/synthesize/llm-synthesis-model.js';
import { OpenAIChatModel } from '../../../src/models/openai-chat-model.js';
import type { SynthesisModel } from '../../../src/pipeline/synthesize/synthesis-model.js';
import { ConcurrencyLimits } from '../../../src/pipeline/execute/concurrency-limits.js';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import type { RunEvent } from '../../../src/pipeline/events/events.js';
import type { BudgetLimits } from '../../../src/pipeline/execute/llm-budget.js';
import { LlmPlanner } from '../../../src/pipeline/plan/llm-planner.js';
import { LlmReplanner } from '../../../src/pipeline/execute/llm-replanner.js';
import { createRulesRouter } from '../../../src/pipeline/route/rules-router.js';
import { createPipeline } from '../../../src/pipeline/run/run.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import { OfflineMarketData } from '../../../src/tools/market/offline-provider.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { testServices } from '../../helpers/tool-fixtures.js';

const market = new OfflineMarketData();
const registry = createToolRegistry();
const router = createRulesRouter(market);
const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const barsStep = (id: string, symbol: string) => ({ id, tool: 'get_bars', args: { symbol, from: '2026-02-13', to: '2026-05-15', warmupBars: 260 }, label: `Fetching ${symbol} daily prices` });

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-test' });
});
afterAll(() => fake.close());

const chat = (key = 'sk-test') => new OpenAIChatModel({ model: 'gpt-4.1', apiKey: key, baseURL: fake.baseURL, maxRetries: 0 });

function pipeline(options: { key?: string; faults?: FaultInjector; budget?: Partial<BudgetLimits>; synthesis?: SynthesisModel; replanner?: boolean } = {}) {
  return createPipeline({
    registry,
    services: testServices({ market, faults: options.faults ?? new FaultInjector() }),
    events: new MemoryEventLog(),
    router,
    synthesis: options.synthesis ?? new BuiltinSynthesis(),
    limits: new ConcurrencyLimits(),
    logger: silentLogger,
    planner: new LlmPlanner(chat(options.key), registry),
    replanner: options.replanner === false ? undefined : new LlmReplanner(chat(options.key), registry),
    budget: options.budget,
    random: () => 0,
  });
}

async function ask(p: ReturnType<typeof pipeline>, question: string) {
  const run = await p.startRun({ question, source: { platform: 'test' } });
  const state = await run.done;
  return { state, events: (await p.getEvents(run.runId)) as RunEvent[] };
}

const first = <T extends RunEvent['type']>(events: RunEvent[], type: T) => events.find((e) => e.type === type) as Extract<RunEvent, { type: T }> | undefined;

describe('LLM roles in a run', () => {
  it('keeps the fast path for a confident intent: no model call, planner "rules"', async () => {
    const before = fake.requests.length;
    const { state, events } = await ask(pipeline(), 'What is the price of NVDA?');
    expect(state.error ?? state.status).toBe("completed");
    expect(fake.requests.length).toBe(before);
    expect(first(events, 'route.completed')!.data.router).toBe('rules');
    expect(first(events, 'plan.created')!.data.planner).toBe('rules');
  });

  it('streams an LLM plan into the executor: the first tool starts before the plan stream ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const p = pipeline();
    const unsubscribe = p.events.subscribeAll((e) => {
      if (e.type === 'step.started') release();
    });
    fake.enqueue({
      kind: 'stream',
      chunks: [
        line(barsStep('bars_nvda', 'NVDA')),
        line({ id: 'ind', tool: 'indicators', args: { series: { $ref: 'bars_nvda' } }, label: 'Computing NVDA indicators' }),
        line({ id: 'tech', tool: 'technicals_summary', args: { series: { $ref: 'bars_nvda' }, indicators: { $ref: 'ind' } }, label: 'Reading NVDA technicals' }),
      ],
      // The server holds the stream after the first step until a step has started.
      gateAfter: 1,
      gate,
    });
    const { state, events } = await ask(p, 'Tell me something interesting about NVDA');
    unsubscribe();
    expect(state.error ?? state.status).toBe("completed");
    expect(first(events, 'route.completed')!.data.router).toBe('rules');
    expect(first(events, 'plan.created')!.data.planner).toBe('openai:gpt-4.1');
    const started = events.findIndex((e) => e.type === 'step.started');
    const lastStreamed = events.findLastIndex((e) => e.type === 'plan.revised');
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(lastStreamed);
    expect(state.steps.map((s) => [s.id, s.status])).toEqual([
      ['bars_nvda', 'succeeded'],
      ['ind', 'succeeded'],
      ['tech', 'succeeded'],
    ]);
    expect(state.usage?.stages.planner).toMatchObject({ model: 'openai:gpt-4.1', calls: 1 });
    // Streamed additions are not fallbacks: the answer does not list them as notes.
    expect(state.answer).not.toMatch(/streamed another step/);
  });

  it('falls back to the rules plan when the planner is refused (401), and the answer says so', async () => {
    const { state, events } = await ask(pipeline({ key: 'sk-wrong' }), 'Tell me something interesting about NVDA');
    expect(state.error ?? state.status).toBe("completed");
    expect(first(events, 'plan.created')!.data.planner).toBe('rules (fallback from openai:gpt-4.1)');
    expect(state.answer).toMatch(/OPENAI_API_KEY/);
  });

  it('replans around a step that failed for good: the replacement runs and the run completes', async () => {
    fake.enqueue(
      { kind: 'stream', chunks: [line({ id: 'quote_nvda', tool: 'get_quote', args: { symbol: 'NVDA' }, label: 'Getting the NVDA quote' })] },
      // The replanner: a reason line, then a replacement from daily bars.
      { kind: 'stream', chunks: [line({ reason: 'quote service failed; using the latest daily bar instead' }), line(barsStep('bars_nvda', 'NVDA'))] },
    );
    const faults = new FaultInjector([{ target: 'get_quote', kind: 'fatal', probability: 1 }]);
    const { state, events } = await ask(pipeline({ faults }), 'Tell me something interesting about NVDA');
    expect(state.error ?? state.status).toBe("completed");
    const revised = events.filter((e) => e.type === 'plan.revised').map((e) => e.data as { removed: string[]; added: { id: string }[]; reason: string });
    expect(revised).toContainEqual(expect.objectContaining({ removed: ['quote_nvda'], added: [expect.objectContaining({ id: 'bars_nvda' })] }));
    expect(state.steps.find((s) => s.id === 'bars_nvda')?.status).toBe('succeeded');
    expect(state.usage?.stages.replanner).toMatchObject({ calls: 1 });
    const replanRequest = fake.requests.at(-1)!.body.messages as { role: string; content: string }[];
    expect(replanRequest.at(-1)!.content).toMatch(/Failed step: quote_nvda/);
  });

  it('stops at the token budget: no replan, a step.progress saying why, and an answer with what it has', async () => {
    fake.enqueue({
      kind: 'stream',
      usage: { input: 5000, output: 200 },
      chunks: [line({ id: 'quote_nvda', tool: 'get_quote', args: { symbol: 'NVDA' }, label: 'Getting the NVDA quote' }), line(barsStep('bars_nvda', 'NVDA'))],
    });
    const before = fake.requests.length;
    const faults = new FaultInjector([{ target: 'get_quote', kind: 'fatal', probability: 1 }]);
    const { state, events } = await ask(pipeline({ faults, budget: { maxTokens: 1000 } }), 'Tell me something interesting about NVDA');
    expect(fake.requests.length - before).toBe(1); // the planner only: the replanner was never asked
    const progress = events.filter((e) => e.type === 'step.progress').map((e) => (e.data as { message: string }).message);
    expect(progress).toContainEqual(expect.stringMatching(/not replanning: token budget reached \(5,200 of 1,000 tokens\)/));
    expect(state.error ?? state.status).toBe("completed");
    expect(state.answer).toMatch(/token budget reached/);
  });

  it('stops at the replan limit the same way', async () => {
    fake.enqueue({ kind: 'stream', chunks: [line({ id: 'quote_nvda', tool: 'get_quote', args: { symbol: 'NVDA' }, label: 'Getting the NVDA quote' }), line(barsStep('bars_nvda', 'NVDA'))] });
    const faults = new FaultInjector([{ target: 'get_quote', kind: 'fatal', probability: 1 }]);
    const { state, events } = await ask(pipeline({ faults, budget: { maxReplans: 0 } }), 'Tell me something interesting about NVDA');
    expect(events.some((e) => e.type === 'step.progress' && /replan limit reached \(0 per run\)/.test(e.data.message))).toBe(true);
    expect(state.error ?? state.status).toBe("completed");
  });

  it('streams LLM synthesis as deltas and flags a figure that no tool produced', async () => {
    fake.setDefault((req) => {
      const system = (req.body.messages as { content: string }[])[0].content;
      if (system.includes('You write the answer')) return { kind: 'stream', chunks: ['NVDA last ', 'traded at ', '$123456.78', ' per share.'] };
      return { kind: 'error', status: 500 };
    });
    try {
      const synthesis = new LlmSynthesisModel(new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 }));
      const { state, events } = await ask(pipeline({ synthesis }), 'What is the price of NVDA?');
      expect(state.error ?? state.status).toBe("completed");
      expect(events.filter((e) => e.type === 'synthesis.delta').map((e) => (e.data as { text: string }).text)).toEqual(['NVDA last ', 'traded at ', '$123456.78', ' per share.']);
      expect(state.flagged).toContain('$123456.78');
      const request = fake.requests.at(-1)!.body.messages as { content: string }[];
      // Compact results, never raw bars.
      expect(request[1].content).not.toMatch(/"bars":\[/);
    } finally {
      fake.setDefault({ kind: 'stream', chunks: ['ok'] });
    }
  });

  it('a partly unread question goes to the LLM planner even when the rules are sure, and synthesis is told what was not read', async () => {
    fake.setDefault((req) => {
      const messages = req.body.messages as { content: string }[];
      if (messages[0].content.includes('You write the answer')) return { kind: 'stream', chunks: ["I couldn't read “since the fed meeting”, so this covers the past 3 months. NVDA gained 23.3%."] };
      return { kind: 'stream', chunks: [line(barsStep('bars_nvda', 'NVDA')), line({ id: 'perf', tool: 'relative_performance', args: { series: [{ $ref: 'bars_nvda' }], from: '2026-02-15', to: '2026-05-15' }, label: 'Measuring NVDA' })] };
    });
    try {
      const synthesis = new LlmSynthesisModel(new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 }));
      const before = fake.requests.length;
      const { state, events } = await ask(pipeline({ synthesis }), 'how has nvda done since the fed meeting');
      expect(state.status).toBe('completed');
      const route = first(events, 'route.completed')!;
      expect(route.data.unparsed).toEqual(['since the fed meeting']);
      expect(first(events, 'plan.created')?.data.planner).not.toBe('rules');
      const requests = fake.requests.slice(before).map((r) => r.body.messages as { content: string }[]);
      const planner = requests.find((m) => !m[0].content.includes('You write the answer'))!;
      expect(planner[1].content).toContain('The router could not read: "since the fed meeting"');
      const writer = requests.find((m) => m[0].content.includes('You write the answer'))!;
      expect(writer[0].content).toMatch(/The FIRST paragraph answers the question asked/);
      expect(writer[1].content).toContain('could not read "since the fed meeting"');
      expect(writer[1].content).toContain('Asked for: return');
    } finally {
      fake.setDefault({ kind: 'stream', chunks: ['ok'] });
    }
  });
});
