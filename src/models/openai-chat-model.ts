/**
 * ChatModel over the `openai` SDK's Chat Completions streaming API. Works with api.openai.com and any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp) through `baseURL`. Retries of 408/409/429/5xx and
 * connection errors are the SDK's own (`maxRetries`, exponential backoff honouring Retry-After); we add none.
 */
import OpenAI from 'openai';
import type { ChatCompletionContentPart, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { finishChunk, type ChatChunk, type ChatMessage, type ChatModel, type ChatRequest } from './chat-model.js';
import { toCallError } from './provider-error.js';

export type OpenAIChatOptions = {
  readonly model: string;
  /** From OPENAI_API_KEY. A local OpenAI-compatible server may run without one. */
  readonly apiKey?: string;
  readonly baseURL?: string;
  /** SDK retries for 408/409/429/5xx/connection errors. @default 2 */
  readonly maxRetries?: number;
  /** Whole-call limit including the stream (the SDK's own timeout stops at the response headers). @default 60000 */
  readonly callTimeoutMs?: number;
  /** The setting that chose this model, for error messages (`PLANNER_MODEL`). */
  readonly roleVar?: string;
  /** Tests inject a fetch; production uses the global one. */
  readonly fetch?: typeof fetch;
};

// Reasoning models reject a non-default temperature.
const FIXED_TEMPERATURE = /^(o\d|gpt-5)/;

export class OpenAIChatModel implements ChatModel {
  readonly provider = 'openai' as const;
  readonly id: string;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly callTimeoutMs: number;
  private readonly compatible: boolean;
  private readonly roleVar?: string;

  constructor(options: OpenAIChatOptions) {
    this.model = options.model;
    this.id = `openai:${options.model}`;
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.roleVar = options.roleVar;
    // api.openai.com wants max_completion_tokens; compatible servers mostly still read max_tokens.
    this.compatible = options.baseURL !== undefined && !/^https:\/\/api\.openai\.com\b/.test(options.baseURL);
    this.client = new OpenAI({
      // Ollama & co. ignore the key, but the SDK insists on one being present.
      apiKey: options.apiKey ?? 'not-needed-for-local-server',
      baseURL: options.baseURL,
      maxRetries: options.maxRetries ?? 2,
      timeout: this.callTimeoutMs,
      fetch: options.fetch,
      logLevel: 'off',
    });
  }

  async *stream(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const started = performance.now();
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(this.callTimeoutMs)]);
    const ctx = { provider: this.provider, modelId: this.id, keyVar: 'OPENAI_API_KEY', roleVar: this.roleVar, signal: request.signal };
    const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: request.system }, ...request.messages.map(toOpenAIMessage)];
    let inputTokens = 0;
    let outputTokens = 0;
    let finishReason = 'unknown';
    let stream: Awaited<ReturnType<typeof this.client.chat.completions.create>> & AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
    try {
      stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(this.compatible ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
          ...(request.temperature !== undefined && !FIXED_TEMPERATURE.test(this.model) ? { temperature: request.temperature } : {}),
        },
        { signal },
      );
    } catch (error) {
      throw toCallError(error, ctx, { modelId: this.id, timeoutMs: this.callTimeoutMs, signal });
    }
    try {
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text) yield { type: 'text', text };
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) {
          inputTokens = chunk.usage.prompt_tokens;
          outputTokens = chunk.usage.completion_tokens;
        }
      }
      // The SDK ends an aborted stream quietly: a cut-off answer must not pass for a complete one.
      if (signal.aborted) throw signal.reason;
    } catch (error) {
      throw toCallError(error, ctx, { modelId: this.id, timeoutMs: this.callTimeoutMs, signal });
    } finally {
      // A consumer that stops early (planner gave up, run cancelled) must not leave the HTTP stream open.
      stream.controller.abort();
    }
    yield finishChunk(this.id, finishReason, inputTokens, outputTokens, started);
  }
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (typeof message.content === 'string') return { role: message.role, content: message.content } as ChatCompletionMessageParam;
  if (message.role === 'assistant') return { role: 'assistant', content: message.content.map((p) => (p.type === 'text' ? p.text : '')).join('') };
  const parts: ChatCompletionContentPart[] = message.content.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: `data:${part.mime};base64,${part.data.toString('base64')}`, detail: 'high' } },
  );
  return { role: 'user', content: parts };
}
