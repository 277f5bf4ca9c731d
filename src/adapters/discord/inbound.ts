/**
 * Turns what a person typed into a question: the `/analyze question:` option or a mention's text with the bot's
 * mention removed. zod at the boundary; bad input gets a reason a person can act on.
 */
import { z } from 'zod';
import { MAX_QUESTION_CHARS } from './user-messages.js';

const questionSchema = z
  .string({ error: 'Type a question after the command.' })
  .transform((text) => text.replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(2, { error: 'Your question is empty — tell me what to look at.' })
      .max(MAX_QUESTION_CHARS, { error: `That question is too long (over ${MAX_QUESTION_CHARS} characters). Shorten it a little.` })
      .refine((text) => /[\p{L}\p{N}$^]/u.test(text), { error: 'I could not find a question in that — try words or a ticker like NVDA.' }),
  );

export type ParsedQuestion = { ok: true; question: string } | { ok: false; reason: string };

export function parseQuestion(raw: unknown): ParsedQuestion {
  const result = questionSchema.safeParse(raw ?? undefined);
  return result.success ? { ok: true, question: result.data } : { ok: false, reason: result.error.issues[0]?.message ?? 'That does not look like a question.' };
}

/** Removes mentions of the bot (`<@id>` and the legacy `<@!id>`) from a message's content. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
}

/** A thread name (1–100 characters) from the question. */
export function threadName(question: string): string {
  const name = question.replace(/<[@#][!&]?\d+>/g, '').replace(/\s+/g, ' ').trim();
  const clipped = name.length > 90 ? `${name.slice(0, 89)}…` : name;
  return clipped || 'marketdesk analysis';
}
