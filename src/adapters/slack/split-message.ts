/** Splits mrkdwn into chunks that each fit one section block (Slack caps a section's text at 3,000 chars). */
import { splitChatText } from '../../render/views/split-chat-text.js';

export const SECTION_TEXT_LIMIT = 3000;

export function splitMessage(text: string, limit = SECTION_TEXT_LIMIT - 100): string[] {
  return splitChatText(text, limit);
}
