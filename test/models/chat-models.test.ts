/**
 * The real `openai` and `@anthropic-ai/sdk` clients against fake servers on 127.0.0.1 that speak the real wire
 * formats: streaming, usage, SDK retries on 429, 401 naming the key variable (without leaking the key), images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotError } from '../../src/errors.js';
import { AnthropicChatModel } from '../../src/models/anthropic-chat-model.js';
import { completeChat, type ChatModel } from '../../src/models/chat-model.js';
import { OpenAIChatModel } from '../../src/models/openai-chat-model.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const signal = () => AbortSignal.timeout(10_000);

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-test-openai' });
  anthropic = await startFakeAnthropic({ apiKey: 'sk-ant-test' });
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
});

type Case = { name: string; make: (key?: string, retries?: number) => ChatModel; fake: () => FakeOpenAI | FakeAnthropic; keyVar: string };
const cases: Case[] = [
  {
    name: 'openai',
    make: (key = 'sk-test-openai', retries = 2) => new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: key, baseURL: openai.baseURL, maxRetries: retries }),
    fake: () => openai,
    keyVar: 'OPENAI_API_KEY',
  },
  {
    name: 'anthropic',
    make: (key = 'sk-ant-test', retries = 2) => new AnthropicChatModel({ model: 'claude-haiku-4-5', apiKey: key, baseURL: anthropic.baseURL, maxRetries: retries }),
    fake: () => anthropic,
    keyVar: 'ANTHROPIC_API_KEY',
  },
];

describe.each(cases)('$name chat model', ({ make, fake, keyVar, name }) => {
  it('streams text deltas in order and reports usage with an estimated cost', async () => {
    fake().enqueue({ kind: 'stream', chunks: ['Hel', 'lo ', 'world'], usage: { input: 1200, output: 30 } });
    const deltas: string[] = [];
    const result = await completeChat(make(), { system: 'sys', messages: [{ role: 'user', content: 'hi' }], maxTokens: 50, signal: signal() }, (t) => deltas.push(t));
    expect(deltas).toEqual(['Hel', 'lo ', 'world']);
    expect(result.text).toBe('Hello world');
    expect(result.usage.inputTokens).toBe(1200);
    expect(result.usage.outputTokens).toBe(30);
    expect(result.usage.costUsd).toBeGreaterThan(0);
    const body = fake().requests.at(-1)!.body;
    expect(body.stream).toBe(true);
    if (name === 'openai') expect((body.messages as { role: string }[])[0].role).toBe('system');
    else expect(body.system).toBe('sys');
  });

  it('retries a 429 through the SDK and then succeeds', async () => {
    const before = fake().requests.length;
    fake().enqueue({ kind: 'error', status: 429, message: 'Rate limit reached', headers: { 'retry-after-ms': '10' } }, { kind: 'stream', chunks: ['after retry'] });
    const result = await completeChat(make(), { system: 's', messages: [{ role: 'user', content: 'x' }], maxTokens: 20, signal: signal() });
    expect(result.text).toBe('after retry');
    expect(fake().requests.length - before).toBe(2);
  });

  it('gives up after the SDK retries with a retryable model_rate_limited error', async () => {
    fake().enqueue(...[1, 2].map(() => ({ kind: 'error' as const, status: 429, headers: { 'retry-after-ms': '5' } })));
    const error = await completeChat(make(undefined, 1), { system: 's', messages: [{ role: 'user', content: 'x' }], maxTokens: 20, signal: signal() }).catch((e) => e);
    expect(BotError.is(error) && error.code).toBe('model_rate_limited');
    expect((error as BotError).retryable).toBe(true);
  });

  it('turns a 401 into a clear error naming the key variable, without echoing the key or the body', async () => {
    const error = await completeChat(make('sk-wrong-secret-key'), { system: 's', messages: [{ role: 'user', content: 'x' }], maxTokens: 20, signal: signal() }).catch((e) => e);
    expect(BotError.is(error)).toBe(true);
    expect((error as BotError).code).toBe('model_auth_failed');
    expect((error as BotError).message).toContain(keyVar);
    expect(JSON.stringify({ m: (error as Error).message, c: String((error as Error).cause) })).not.toMatch(/sk-wr|secret/);
  });

  it('sends a PNG as base64 in the provider image format', async () => {
    fake().enqueue({ kind: 'stream', chunks: ['{}'] });
    await completeChat(make(), {
      system: 's',
      messages: [{ role: 'user', content: [{ type: 'image', data: PNG, mime: 'image/png' }, { type: 'text', text: 'numbers' }] }],
      maxTokens: 20,
      signal: signal(),
    });
    const content = (fake().requests.at(-1)!.body.messages as { content: unknown }[]).at(-1)!.content as Record<string, unknown>[];
    if (name === 'openai') {
      const image = content.find((p) => p.type === 'image_url') as { image_url: { url: string } };
      expect(image.image_url.url).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    } else {
      const image = content.find((p) => p.type === 'image') as { source: { type: string; media_type: string; data: string } };
      expect(image.source).toEqual({ type: 'base64', media_type: 'image/png', data: PNG.toString('base64') });
    }
    expect(Buffer.from(PNG.toString('base64'), 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('stops a stalled stream at the call timeout with model_timeout', async () => {
    const model = name === 'openai'
      ? new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'sk-test-openai', baseURL: openai.baseURL, maxRetries: 0, callTimeoutMs: 300 })
      : new AnthropicChatModel({ model: 'claude-haiku-4-5', apiKey: 'sk-ant-test', baseURL: anthropic.baseURL, maxRetries: 0, callTimeoutMs: 300 });
    fake().enqueue({ kind: 'stall', chunks: ['partial'] });
    const error = await completeChat(model, { system: 's', messages: [{ role: 'user', content: 'x' }], maxTokens: 20, signal: signal() }).catch((e) => e);
    expect(BotError.is(error) && error.code).toBe('model_timeout');
  });
});
