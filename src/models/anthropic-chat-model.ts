/**
 * ChatModel over `@anthropic-ai/sdk` Messages streaming (`message_start` → `content_block_delta`… →
 * `message_delta` (usage, stop_reason) → `message_stop`). Retries are the SDK's own (`maxRetries`).
 */
import Anthropic from '@anthropic-ai/sdk';
import { finishChunk, type ChatChunk, type ChatMessage, type ChatModel, type ChatRequest } from './chat-model.js';
import { toCallError } from './provider-error.js';

export type AnthropicChatOptions = {
  readonly model: string;
  readonly apiKey: string;
  readonly baseURL?: string;
  /** @default 2 */
  readonly maxRetries?: number;
  /** Whole-call limit including the stream. @default 60000 */
  readonly callTimeoutMs?: number;
  readonly roleVar?: string;
  readonly fetch?: typeof fetch;
};

export class AnthropicChatModel implements ChatModel {
  readonly provider = 'anthropic' as const;
  readonly id: string;
  readonly model: string;
  private readonly client: Anthropic;
  private readonly callTimeoutMs: number;
  private readonly roleVar?: string;

  constructor(options: AnthropicChatOptions) {
    this.model = options.model;
    this.id = `anthropic:${options.model}`;
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.roleVar = options.roleVar;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: options.maxRetries ?? 2,
      timeout: this.callTimeoutMs,
      fetch: options.fetch,
      logLevel: 'off',
      openTelemetry: false,
    });
  }

  async *stream(request: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    const started = performance.now();
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(this.callTimeoutMs)]);
    const ctx = { provider: this.provider, modelId: this.id, keyVar: 'ANTHROPIC_API_KEY', roleVar: this.roleVar, signal: request.signal };
    let inputTokens = 0;
    let outputTokens = 0;
    let finishReason = 'unknown';
    let stream: AsyncIterable<Anthropic.Messages.RawMessageStreamEvent> & { controller: AbortController };
    try {
      stream = await this.client.messages.create(
        {
          model: this.model,
          system: request.system,
          max_tokens: request.maxTokens,
          messages: request.messages.map(toAnthropicMessage),
          stream: true,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        },
        { signal },
      );
    } catch (error) {
      throw toCallError(error, ctx, { modelId: this.id, timeoutMs: this.callTimeoutMs, signal });
    }
    try {
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            inputTokens = event.message.usage.input_tokens + (event.message.usage.cache_read_input_tokens ?? 0);
            outputTokens = event.message.usage.output_tokens;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'text', text: event.delta.text };
            break;
          case 'message_delta':
            outputTokens = event.usage.output_tokens;
            if (event.delta.stop_reason) finishReason = event.delta.stop_reason;
            break;
          default:
            break;
        }
      }
      // The SDK ends an aborted stream quietly: a cut-off answer must not pass for a complete one.
      if (signal.aborted) throw signal.reason;
    } catch (error) {
      throw toCallError(error, ctx, { modelId: this.id, timeoutMs: this.callTimeoutMs, signal });
    } finally {
      stream.controller.abort();
    }
    yield finishChunk(this.id, finishReason, inputTokens, outputTokens, started);
  }
}

function toAnthropicMessage(message: ChatMessage): Anthropic.Messages.MessageParam {
  if (typeof message.content === 'string') return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: message.content.map((part): Anthropic.Messages.ContentBlockParam =>
      part.type === 'text'
        ? { type: 'text', text: part.text }
        : { type: 'image', source: { type: 'base64', media_type: part.mime as 'image/png', data: part.data.toString('base64') } },
    ),
  };
}
