/**
 * Wording a person can act on (failures, usage, permissions), in Discord markdown. Reads error codes, which are
 * stable, never stack traces.
 */
import { escapeMarkdown } from './escape-markdown.js';
import type { ErrorData } from '../../errors.js';
import type { RunState } from '../../pipeline/index.js';

export { MAX_QUESTION_CHARS } from '../../pipeline/index.js';

export const USAGE_TEXT = [
  '**Ask me about markets.** For example:',
  '• `/analyze question: How has NVDA performed relative to the semiconductor sector over the past quarter?`',
  '• `/analyze question: AAPL technicals YTD`',
  '• or mention me: `@marketdesk how is AMD doing vs SOX?` — then mention me in the thread with `and MU?` to follow up.',
].join('\n');

const RATE_LIMIT = /rate.?limit|too_many_requests/i;
const NO_DATA = /unknown_(symbol|ticker)s?|no_data|insufficient_data|symbol_not_found|no_bars/i;

/** One or two sentences for a failed run. */
export function describeFailure(error: ErrorData | undefined, state?: RunState): string {
  const message = escapeMarkdown(error?.message ?? 'unknown error');
  const code = error?.code ?? 'internal_error';
  const unknown = state?.entities?.unknown ?? [];
  if (RATE_LIMIT.test(code)) return `⏳ The market-data service is rate-limited right now — try again in a minute. (${message})`;
  if (NO_DATA.test(code) || unknown.length > 0) {
    const symbols = unknown.length > 0 ? ` for ${unknown.map((s) => `\`${s.replace(/`/g, '')}\``).join(', ')}` : '';
    return `🔍 I don't have data${symbols}. ${message}`;
  }
  if (code === 'timeout' || code === 'run_timeout') return `⏱️ That took too long and I stopped. Try again, or ask about fewer symbols or a shorter period. (${message})`;
  return `⚠️ I couldn't finish this one: ${message}. Press **Retry** or rephrase the question.`;
}

/** `discord:<user id>` → a user mention (rendered, never pinged: we send with allowedMentions none). */
export function whoText(by: string): string {
  const match = /^discord:(\d+)$/.exec(by);
  return match ? `<@${match[1]}>` : escapeMarkdown(by);
}

export function missingPermissionsText(missing: readonly string[], channelId: string): string {
  return [
    `🔒 I can't answer in <#${channelId}>: I'm missing the **${missing.join('**, **')}** permission${missing.length > 1 ? 's' : ''} there.`,
    'Ask a server admin to grant them to marketdesk (or to its role) in this channel, or ask me in another channel.',
  ].join('\n');
}

export function badQuestionText(reason: string): string {
  return `❓ ${reason}\n\n${USAGE_TEXT}`;
}
