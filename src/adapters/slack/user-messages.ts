/**
 * Wording a person can act on, for failures and for usage. Reads error codes (stable), never stack traces.
 */
import type { ErrorData } from '../../errors.js';
import type { RunState } from '../../pipeline/index.js';
import { escapeMrkdwn } from './mrkdwn.js';

export const USAGE_TEXT = [
  '*Ask me about markets.* For example:',
  '• `/analyze How has NVDA performed relative to the semiconductor sector over the past quarter?`',
  '• `/analyze NVDA vs SOX`',
  '• `/analyze AAPL technicals YTD`',
  'Or mention me in a channel: `@marketdesk how did MSFT do since March?` — reply in the thread with `and AMD?` to follow up.',
].join('\n');

export { MAX_QUESTION_CHARS } from '../../pipeline/index.js';

export function notInChannelText(channel: string): string {
  return `I can't post in <#${channel}> because I'm not a member. Invite me with \`/invite @marketdesk\` in that channel, then try again.`;
}

const RATE_LIMIT = /rate.?limit|ratelimited|too_many_requests/i;
const NO_DATA = /unknown_(symbol|ticker)s?|no_data|symbol_not_found|not_found_symbol|no_bars|needs_live_data/i;

/** One or two sentences for a failed run, in mrkdwn. */
export function describeFailure(error: ErrorData | undefined, state?: RunState): string {
  const message = escapeMrkdwn(error?.message ?? 'unknown error');
  const code = error?.code ?? 'internal_error';
  const unknown = state?.entities?.unknown ?? [];
  if (RATE_LIMIT.test(code) || RATE_LIMIT.test(error?.message ?? '')) {
    return `:hourglass: The market-data service is rate-limited right now — try again in a minute. (${message})`;
  }
  if (NO_DATA.test(code) || unknown.length > 0) {
    if (unknown.length === 0) return `:mag: I don't have data for that. ${message}`;
    // Drop the router's own first sentence when it only repeats which symbols are unknown; keep the rest (what is available).
    const rest = message.replace(/^[^.]*\b(?:unknown|don't know|no data)\b[^.]*\.\s*/i, '');
    return `:mag: I don't have data for ${unknown.map(escapeMrkdwn).join(', ')}.${rest ? ` ${rest}` : ''}`;
  }
  if (code === 'timeout' || code === 'run_timeout') {
    return `:stopwatch: That took too long and I stopped. Try again, or ask about fewer symbols or a shorter period. (${message})`;
  }
  return `:warning: I couldn't finish this one: ${message}. Press *Retry* or rephrase the question.`;
}

/** Slack user mention for a `by` written as `slack:<user id>`; other values are shown as-is. */
export function whoText(by: string): string {
  const match = /^slack:([A-Z0-9]+)$/i.exec(by);
  return match ? `<@${match[1]}>` : escapeMrkdwn(by);
}
