/**
 * Discord message content is capped at 2000 characters (developers/resources/message); the splitting rules are
 * shared with Slack (src/render/views/split-chat-text.ts).
 */
import { FENCE, splitChatText } from '../../render/views/split-chat-text.js';

export const DISCORD_CONTENT_LIMIT = 2000;

/** Splits message content under Discord's cap (with room to spare for the markers other code adds). */
export function splitContent(text: string, limit = 1900): string[] {
  return splitChatText(text, limit);
}

/** Discord renders no markdown tables: wrap each table in a code block so its columns stay aligned. */
export function toDiscordMarkdown(markdown: string): string {
  const out: string[] = [];
  let table: string[] = [];
  let inFence = false;
  const flush = () => {
    if (table.length > 0) out.push('```', ...table, '```');
    table = [];
  };
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && /^\s*\|.*\|\s*$/.test(line)) {
      table.push(line.trim());
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  return out.join('\n');
}
