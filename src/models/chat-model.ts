/**
 * The provider seam under every LLM role: one streaming chat call. OpenAI (and OpenAI-compatible servers) and
 * Anthropic implement it with their SDKs; roles (planner, replanner, vision, synthesis) are prompts and
 * parsers on top, so each role works with either provider without a copy per vendor.
 */
import { estimateCostUsd } from './pricing.js';
import type { ModelUsage } from './spec.js';

export type ChatPart = { type: 'text'; text: string } | { type: 'image'; data: Buffer; mime: string; width?: number; height?: number };
export type ChatMessage = { role: 'user' | 'assistant'; content: string | ChatPart[] };

export type ChatRequest = {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  /** Output cap for this call (also what bounds a runaway answer's cost). */
  readonly maxTokens: number;
  /** Omitted for models that only accept the default (reasoning models). */
  readonly temperature?: number;
  readonly signal: AbortSignal;
};

/** A streamed chunk: text deltas, then exactly one `finish` with usage. */
export type ChatChunk = { type: 'text'; text: string } | { type: 'finish'; usage: ModelUsage; finishReason: string };

export type ProviderName = 'openai' | 'anthropic';

export interface ChatModel {
  /** `openai:gpt-4o`, `anthropic:claude-haiku-4-5` */
  readonly id: string;
  readonly provider: ProviderName;
  readonly model: string;
  /** Streams one completion. Errors are BotErrors (see provider-error.ts); the SDK has already retried 429/5xx. */
  stream(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined>;
}

/** Runs a stream to the end: the whole text and the usage. `onText` sees each delta. */
export async function completeChat(model: ChatModel, request: ChatRequest, onText?: (text: string) => void): Promise<{ text: string; usage: ModelUsage; finishReason: string }> {
  let text = '';
  let usage: ModelUsage | undefined;
  let finishReason = 'unknown';
  for await (const chunk of model.stream(request)) {
    if (chunk.type === 'text') {
      text += chunk.text;
      onText?.(chunk.text);
    } else {
      usage = chunk.usage;
      finishReason = chunk.finishReason;
    }
  }
  return { text, usage: usage ?? { model: model.id, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 0 }, finishReason };
}

/** Adds two usages of the same model (a repair round is part of the same role call). */
export function addUsage(a: ModelUsage | undefined, b: ModelUsage): ModelUsage {
  if (!a) return b;
  return {
    model: a.model,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd + b.costUsd,
    durationMs: a.durationMs + b.durationMs,
  };
}

/** The closing chunk of a stream: usage with the estimated cost and the call's wall time. */
export function finishChunk(modelId: string, finishReason: string, inputTokens: number, outputTokens: number, startedAt: number): ChatChunk {
  return {
    type: 'finish',
    finishReason,
    usage: { model: modelId, inputTokens, outputTokens, costUsd: estimateCostUsd(modelId, inputTokens, outputTokens), durationMs: Math.round(performance.now() - startedAt) },
  };
}
