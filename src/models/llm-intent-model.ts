/** Optional intent role: classifies a question the rules router was not confident about. */
import { z } from 'zod';
import { completeChat, type ChatModel } from './chat-model.js';
import { parseJsonReply } from './json-reply.js';
import { loadPrompt } from './prompt-template.js';
import type { CallOptions, IntentModel, ModelUsage } from './spec.js';

const replySchema = z.object({ intent: z.string(), confidence: z.coerce.number().min(0).max(1) });

export class LlmIntentModel implements IntentModel {
  readonly id: string;

  constructor(private readonly chat: ChatModel) {
    this.id = chat.id;
  }

  async classify(input: { question: string; intents: readonly string[] }, options: CallOptions): Promise<{ intent: string; confidence: number; usage?: ModelUsage }> {
    const { text, usage } = await completeChat(this.chat, {
      system: loadPrompt('intent', { intents: input.intents.join(', ') }),
      messages: [{ role: 'user', content: JSON.stringify(input.question.slice(0, 2000)) }],
      maxTokens: 60,
      temperature: 0,
      signal: options.signal,
    });
    options.usage?.record('intent', usage);
    try {
      const reply = replySchema.parse(parseJsonReply(text));
      // An intent outside the list is as good as no answer.
      return input.intents.includes(reply.intent) ? { intent: reply.intent, confidence: reply.confidence, usage } : { intent: 'unknown', confidence: 0, usage };
    } catch {
      return { intent: 'unknown', confidence: 0, usage };
    }
  }
}
