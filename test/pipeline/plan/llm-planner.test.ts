/**
 * The LLM planner through the real `openai` / `@anthropic-ai/sdk` clients against fake servers: valid plan,
 * streamed plan (steps come out while the server still holds the stream open), malformed JSON then repaired,
 * unknown tool, cyclic plan, a stalled stream, and the 401 path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotError } from '../../../src/errors.js';
import { AnthropicChatModel } from '../../../src/models/anthropic-chat-model.js';
import { OpenAIChatModel } from '../../../src/models/openai-chat-model.js';
import type { ModelUsage } from '../../../src/models/spec.js';
import type { PlannedStep, PlannerInput } from '../../../src/pipeline/plan/planner-model.js';
import { LlmPlanner } from '../../../src/pipeline/plan/llm-planner.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../fakes/anthropic-server.js';
import { chunkText, startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';

const registry = createToolRegistry();
const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const bars = (id: string, symbol: string) => ({ id, tool: 'get_bars', args: { symbol, from: '2026-02-15', to: '2026-05-15', warmupBars: 260 }, label: `Fetching ${symbol} daily prices` });
const indicators = (id: string, series: string) => ({ id, tool: 'indicators', args: { series: { $ref: series } }, label: 'Computing indicators' });
const input: PlannerInput = {
  question: 'What do the technicals of NVDA look like lately compared with AMD?',
  route: { intent: 'unknown', confidence: 0.2, entities: { tickers: ['NVDA', 'AMD'], benchmark: null, altBenchmarks: [], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] } },
  catalog: registry.catalog(),
};

let fake: FakeOpenAI;
let anthropic: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-test' });
  anthropic = await startFakeAnthropic({ apiKey: 'sk-ant' });
});
afterAll(async () => {
  await fake.close();
  await anthropic.close();
});

const planner = (options: { key?: string; callTimeoutMs?: number } = {}) =>
  new LlmPlanner(new OpenAIChatModel({ model: 'gpt-4.1', apiKey: options.key ?? 'sk-test', baseURL: fake.baseURL, maxRetries: 0, callTimeoutMs: options.callTimeoutMs }), registry);

async function collect(p: LlmPlanner, onStep?: (s: PlannedStep) => void) {
  const usage: { role: string; usage: ModelUsage }[] = [];
  const steps: PlannedStep[] = [];
  let error: unknown;
  try {
    for await (const step of p.streamPlan(input, { signal: AbortSignal.timeout(10_000), usage: { record: (role, u) => usage.push({ role, usage: u }) } })) {
      steps.push(step);
      onStep?.(step);
    }
  } catch (e) {
    error = e;
  }
  return { steps, usage, error };
}

const lastUserText = (body: Record<string, unknown>) => {
  const messages = body.messages as { role: string; content: string }[];
  return messages.filter((m) => m.role === 'user').at(-1)!.content;
};

describe('LLM planner', () => {
  it('turns a valid NDJSON plan into validated steps with the catalogue in the prompt', async () => {
    const before = fake.requests.length;
    const text = [line(bars('bars_nvda', 'NVDA')), line(indicators('ind_nvda', 'bars_nvda')), line({ id: 'tech', tool: 'technicals_summary', args: { series: { $ref: 'bars_nvda' }, indicators: { $ref: 'ind_nvda' } }, label: 'Reading the technicals' })].join('');
    fake.enqueue({ kind: 'stream', chunks: chunkText(text, 17), usage: { input: 900, output: 120 } });
    const { steps, usage, error } = await collect(planner());
    expect(error).toBeUndefined();
    expect(steps.map((s) => s.id)).toEqual(['bars_nvda', 'ind_nvda', 'tech']);
    expect(fake.requests.length - before).toBe(1);
    const system = (fake.requests.at(-1)!.body.messages as { content: string }[])[0].content;
    expect(system).toContain('get_bars(symbol: string');
    expect(system).toContain('technicals_summary(');
    expect(usage).toEqual([{ role: 'planner', usage: expect.objectContaining({ model: 'openai:gpt-4.1', inputTokens: 900, outputTokens: 120 }) }]);
  });

  it('streams: the first step comes out while the server still holds the plan stream open', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const lines = [line(bars('bars_nvda', 'NVDA')), line(bars('bars_amd', 'AMD')), line(indicators('ind_nvda', 'bars_nvda'))];
    // The server sends the first line, then waits until the test has seen a step: a planner that only yields at the
    // end of the stream would never release the gate (and the test would time out).
    fake.enqueue({ kind: 'stream', chunks: lines, gateAfter: 1, gate });
    const seenWhileOpen: string[] = [];
    let released = false;
    const { steps, error } = await collect(planner(), (s) => {
      if (!released) seenWhileOpen.push(s.id);
      released = true;
      release();
    });
    expect(error).toBeUndefined();
    expect(seenWhileOpen).toEqual(['bars_nvda']);
    expect(steps.map((s) => s.id)).toEqual(['bars_nvda', 'bars_amd', 'ind_nvda']);
  });

  it('repairs malformed JSON once, quoting the parse error, and keeps the steps already accepted', async () => {
    const before = fake.requests.length;
    fake.enqueue(
      { kind: 'stream', chunks: [line(bars('bars_nvda', 'NVDA')), '{"id":"bars_amd","tool":"get_bars","args":{"symbol":"AMD",\n'] },
      { kind: 'stream', chunks: [line(bars('bars_amd', 'AMD'))] },
    );
    const { steps, error } = await collect(planner());
    expect(error).toBeUndefined();
    expect(steps.map((s) => s.id)).toEqual(['bars_nvda', 'bars_amd']);
    expect(fake.requests.length - before).toBe(2);
    const repair = lastUserText(fake.requests.at(-1)!.body);
    expect(repair).toMatch(/not valid JSON/);
    expect(repair).toContain('bars_nvda');
  });

  it('never yields an unknown tool, and gives up with plan_invalid when the repair is still wrong', async () => {
    fake.enqueue(
      { kind: 'stream', chunks: [line({ id: 'weather', tool: 'get_weather', args: { city: 'Paris' }, label: 'Weather' })] },
      { kind: 'stream', chunks: [line({ id: 'weather2', tool: 'get_weather', args: {}, label: 'Weather again' })] },
    );
    const { steps, error } = await collect(planner());
    expect(steps).toEqual([]);
    expect(BotError.is(error) && error.code).toBe('plan_invalid');
    expect((error as Error).message).toMatch(/unknown tool "get_weather"/);
    expect(lastUserText(fake.requests.at(-1)!.body)).toMatch(/unknown tool "get_weather"/);
  });

  it('rejects invalid arguments before anything runs', async () => {
    fake.enqueue(
      { kind: 'stream', chunks: [line({ id: 'b', tool: 'get_bars', args: { symbol: 'NVDA', from: 'last march', to: '2026-05-15' }, label: 'Bars' })] },
      { kind: 'stream', chunks: [line(bars('bars_nvda', 'NVDA'))] },
    );
    const { steps, error } = await collect(planner());
    expect(error).toBeUndefined();
    expect(steps.map((s) => s.id)).toEqual(['bars_nvda']);
    expect(lastUserText(fake.requests.at(-1)!.body)).toMatch(/arguments for get_bars/);
  });

  it('detects a cyclic plan, quotes the cycle in the repair, and accepts the fixed plan', async () => {
    fake.enqueue(
      {
        kind: 'stream',
        chunks: [
          line({ id: 'a', tool: 'indicators', args: { series: { $ref: 'b' } }, label: 'A' }),
          line({ id: 'b', tool: 'indicators', args: { series: { $ref: 'a' } }, label: 'B' }),
        ],
      },
      { kind: 'stream', chunks: [line(bars('bars_nvda', 'NVDA')), line(indicators('ind', 'bars_nvda'))] },
    );
    const { steps, error } = await collect(planner());
    expect(error).toBeUndefined();
    expect(steps.map((s) => s.id)).toEqual(['bars_nvda', 'ind']);
    expect(lastUserText(fake.requests.at(-1)!.body)).toMatch(/cycle/);
  });

  it('a stalled stream ends in model_timeout (the run then falls back to rules)', async () => {
    fake.enqueue({ kind: 'stall', chunks: ['{"id":"bars_nv'] });
    const { steps, error } = await collect(planner({ callTimeoutMs: 300 }));
    expect(steps).toEqual([]);
    expect(BotError.is(error) && error.code).toBe('model_timeout');
  });

  it('a 401 is a clear error naming OPENAI_API_KEY', async () => {
    const { error } = await collect(planner({ key: 'sk-bad' }));
    expect(BotError.is(error) && error.code).toBe('model_auth_failed');
    expect((error as Error).message).toContain('OPENAI_API_KEY');
  });

  it('works the same through Anthropic (content_block_delta stream)', async () => {
    anthropic.enqueue({ kind: 'stream', chunks: chunkText(line(bars('bars_nvda', 'NVDA')) + line(indicators('ind', 'bars_nvda')), 9) });
    const p = new LlmPlanner(new AnthropicChatModel({ model: 'claude-sonnet-4-5', apiKey: 'sk-ant', baseURL: anthropic.baseURL, maxRetries: 0 }), registry);
    const { steps, error } = await collect(p as unknown as LlmPlanner);
    expect(error).toBeUndefined();
    expect(steps.map((s) => s.id)).toEqual(['bars_nvda', 'ind']);
    expect(anthropic.requests.at(-1)!.body.system).toContain('get_bars(');
  });
});
