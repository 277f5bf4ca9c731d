/**
 * Vision role over a chat model: the chart PNG (base64, in the provider's image format) plus the key numbers as
 * text → structured observations. Without an image it still works from the numbers (text only).
 */
import { z } from 'zod';
import { BotError } from '../../errors.js';
import { addUsage, completeChat, type ChatModel, type ChatPart } from '../../models/chat-model.js';
import { parseJsonReply } from '../../models/json-reply.js';
import { loadPrompt } from '../../models/prompt-template.js';
import type { CallOptions, ModelUsage } from '../../models/spec.js';
import type { ChartAnalysis, ChartAnalysisInput, VisionModel } from './vision-model.js';

const replySchema = z.object({
  observations: z.array(z.object({ kind: z.string().min(1).max(40), text: z.string().min(1).max(400) })).min(1).max(12),
});

export class LlmVisionModel implements VisionModel {
  readonly readsImage = true;
  readonly id: string;

  constructor(
    private readonly chat: ChatModel,
    private readonly options: { maxTokens?: number } = {},
  ) {
    this.id = chat.id;
  }

  async analyzeChart(input: ChartAnalysisInput, options: CallOptions): Promise<ChartAnalysis> {
    const numbers = Object.entries(input.keyNumbers)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    const content: ChatPart[] = [];
    if (input.image) content.push({ type: 'image', data: input.image.data, mime: input.image.mime, width: input.image.width, height: input.image.height });
    content.push({ type: 'text', text: `Chart: ${input.context}\nKey numbers:\n${numbers || '(none)'}\nReply with the JSON object only.` });
    const request = { system: loadPrompt('vision'), maxTokens: this.options.maxTokens ?? 800, temperature: 0, signal: options.signal };
    const first = await completeChat(this.chat, { ...request, messages: [{ role: 'user', content }] });
    let usage: ModelUsage = first.usage;
    let parsed = parse(first.text);
    if (!parsed.ok) {
      // One repair round, text only (the image was already seen and paid for).
      const again = await completeChat(this.chat, {
        ...request,
        messages: [
          { role: 'user', content },
          { role: 'assistant', content: first.text || '(empty)' },
          { role: 'user', content: `That was not valid: ${parsed.error}. Reply with only {"observations":[{"kind":"...","text":"..."}]}.` },
        ],
      });
      usage = addUsage(usage, again.usage);
      parsed = parse(again.text);
      if (!parsed.ok) throw new BotError('model_output_invalid', `${this.id} returned no usable chart observations: ${parsed.error}`);
    }
    return { method: 'vision', model: this.id, observations: parsed.value.observations, usage };
  }
}

function parse(text: string): { ok: true; value: z.infer<typeof replySchema> } | { ok: false; error: string } {
  try {
    const result = replySchema.safeParse(parseJsonReply(text));
    return result.success ? { ok: true, value: result.data } : { ok: false, error: z.prettifyError(result.error).replace(/\n/g, '; ') };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
