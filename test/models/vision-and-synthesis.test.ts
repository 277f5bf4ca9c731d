/**
 * Vision and synthesis roles through the real SDKs against the fakes: the PNG travels in the provider's image
 * format next to the key numbers, replies become structured observations, and a role that keeps failing falls
 * back to builtin and says so. Plus the unsupported-figure check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicChatModel } from '../../src/models/anthropic-chat-model.js';
import { NumericChartReader } from '../../src/tools/chart-reading/numeric-chart-reader.js';
import { BuiltinSynthesis } from '../../src/pipeline/synthesize/builtin-synthesis.js';
import { LlmSynthesisModel } from '../../src/pipeline/synthesize/llm-synthesis-model.js';
import { LlmVisionModel } from '../../src/tools/chart-reading/llm-vision-model.js';
import { OpenAIChatModel } from '../../src/models/openai-chat-model.js';
import type { SynthesisInput } from '../../src/pipeline/synthesize/synthesis-model.js';
import { synthesisWithFallback } from '../../src/pipeline/synthesize/synthesis-with-fallback.js';
import { visionWithFallback } from '../../src/tools/chart-reading/vision-with-fallback.js';
import { findUnsupportedFigures } from '../../src/pipeline/synthesize/figure-check.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';

// A real 1x1 PNG (signature + IHDR + IDAT + IEND).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a1b1ee0000000049454e44ae426082', 'hex');
const keyNumbers = { 'last close': 181.2, 'SMA 50': 172.4, 'RSI 14': 63.1 };

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk' });
  anthropic = await startFakeAnthropic({ apiKey: 'sk-ant' });
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
});

const synthesisInput: SynthesisInput = {
  question: 'How did NVDA do?',
  intent: 'compare',
  entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: [], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] },
  results: [{ stepId: 'performance', tool: 'demo_returns', label: 'Comparing', summary: 'NVDA +12.34% vs ^SOX +8.10%', data: { returns: { NVDA: 12.3456, '^SOX': 8.1 }, lastClose: 181.2 } }],
  gaps: [],
  asOfLine: 'offline dataset, as of 2026-05-15',
  notes: [],
  understanding: { assumptions: [], unparsed: [], corrections: [] },
  footnotes: [],
};

describe('vision role', () => {
  it('sends the chart PNG + key numbers to Anthropic and returns structured observations', async () => {
    anthropic.enqueue({ kind: 'stream', chunks: ['{"observations":[{"kind":"trend","text":"Price is above its 50-day average."},', '{"kind":"momentum","text":"RSI 14 at 63.1 is firm, not overbought."}]}'] });
    const vision = new LlmVisionModel(new AnthropicChatModel({ model: 'claude-haiku-4-5', apiKey: 'sk-ant', baseURL: anthropic.baseURL, maxRetries: 0 }));
    const result = await vision.analyzeChart({ image: { data: PNG, mime: 'image/png', width: 1, height: 1 }, keyNumbers, context: 'NVDA technical chart' }, { signal: AbortSignal.timeout(5000) });
    expect(result).toMatchObject({ method: 'vision', model: 'anthropic:claude-haiku-4-5' });
    expect(result.observations.map((o) => o.kind)).toEqual(['trend', 'momentum']);
    const content = (anthropic.requests.at(-1)!.body.messages as { content: Record<string, unknown>[] }[])[0].content;
    const image = content.find((p) => p.type === 'image') as { source: { media_type: string; data: string } };
    expect(image.source.media_type).toBe('image/png');
    expect(Buffer.from(image.source.data, 'base64').equals(PNG)).toBe(true);
    expect(content.find((p) => p.type === 'text')!.text).toContain('RSI 14: 63.1');
  });

  it('repairs a non-JSON reply once, then falls back to the numeric reader and says so', async () => {
    openai.enqueue({ kind: 'stream', chunks: ['The chart looks bullish!'] }, { kind: 'stream', chunks: ['still prose'] });
    const llm = new LlmVisionModel(new OpenAIChatModel({ model: 'gpt-4o', apiKey: 'sk', baseURL: openai.baseURL, maxRetries: 0 }));
    const vision = visionWithFallback(llm, new NumericChartReader());
    const result = await vision.analyzeChart({ image: { data: PNG, mime: 'image/png' }, keyNumbers, context: 'NVDA' }, { signal: AbortSignal.timeout(5000) });
    expect(result.method).toBe('numeric');
    expect(result.observations.at(-1)!.text).toMatch(/vision model \(openai:gpt-4o\) failed/);
    const image = ((openai.requests.at(-2)!.body.messages as { content: Record<string, unknown>[] }[])[1].content).find((p) => p.type === 'image_url') as { image_url: { url: string } };
    expect(image.image_url.url.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
  });
});

describe('synthesis role', () => {
  it('streams deltas from compact results', async () => {
    openai.enqueue({ kind: 'stream', chunks: ['NVDA rose ', '12.35%', ' vs 8.1% for ^SOX.'] });
    const model = new LlmSynthesisModel(new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'sk', baseURL: openai.baseURL, maxRetries: 0 }));
    const deltas: string[] = [];
    const { text, usage } = await model.synthesize(synthesisInput, { signal: AbortSignal.timeout(5000), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['NVDA rose ', '12.35%', ' vs 8.1% for ^SOX.']);
    expect(text).toBe('NVDA rose 12.35% vs 8.1% for ^SOX.');
    expect(usage?.model).toBe('openai:gpt-4o-mini');
    expect(findUnsupportedFigures(text, synthesisInput)).toEqual([]);
    const system = (openai.requests.at(-1)!.body.messages as { content: string }[])[0].content;
    expect(system).toMatch(/Use ONLY numbers that appear in the results/);
  });

  it('falls back to the builtin writer when the model keeps failing (5xx after SDK retries), and the answer says so', async () => {
    openai.enqueue({ kind: 'error', status: 503, headers: { 'retry-after-ms': '5' } }, { kind: 'error', status: 503, headers: { 'retry-after-ms': '5' } });
    const llm = new LlmSynthesisModel(new OpenAIChatModel({ model: 'gpt-4o-mini', apiKey: 'sk', baseURL: openai.baseURL, maxRetries: 1 }));
    const { text } = await synthesisWithFallback(llm, new BuiltinSynthesis()).synthesize(synthesisInput, { signal: AbortSignal.timeout(5000) });
    expect(text).toMatch(/writing model \(openai:gpt-4o-mini\) failed/);
  });
});

describe('unsupported-figure check', () => {
  it('flags figures that appear in no tool output, at the answer’s own precision', () => {
    expect(findUnsupportedFigures('NVDA rose 12.3% (12.35%), RSI 14, closing at $181.20.', synthesisInput)).toEqual([]);
    expect(findUnsupportedFigures('NVDA rose 15.2% and closed at $190.', synthesisInput)).toEqual(['15.2', '$190']);
  });
});
