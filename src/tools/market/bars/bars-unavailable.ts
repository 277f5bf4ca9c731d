/**
 * The error the chain ends with when no provider could serve a window: one readable sentence per provider ("Tiingo
 * is rate-limited until 16:00 UTC; Yahoo Finance (unofficial) sent a web page instead of data; offline dataset ends
 * 2026-05-15"), the full upstream messages in `details.tried` for logs. `unknown_symbol` when every provider said it
 * does not know the symbol, `bars_unavailable` otherwise (retryable when one of them failed for a passing reason).
 */
import { BotError } from '../../../errors.js';
import type { BarsFailureKind } from './bars-errors.js';

export type ProviderFailure = {
  readonly provider: string;
  readonly label: string;
  readonly kind: BarsFailureKind;
  readonly code: string;
  /** The full message (upstream text included, keys removed). */
  readonly message: string;
  /** Until when the provider is not asked again (epoch ms), when known. */
  readonly until?: number;
  /** The provider's data ends there (the offline dataset). */
  readonly endsOn?: string;
};

const hhmm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/** One short clause for an answer: what went wrong with this provider, without upstream prose. */
export function shortReason(f: ProviderFailure, symbol: string): string {
  switch (f.kind) {
    case 'unknown_symbol':
      return `${f.label} does not know ${symbol}`;
    case 'not_in_plan':
      return `${f.label} does not serve ${symbol} on this plan`;
    case 'rate_limited':
      return `${f.label} is rate-limited${f.until ? ` until ${hhmm(f.until)}` : ''}`;
    case 'blocked':
      return `${f.label} refused the request (a web page instead of data)${f.until ? `, not asked again before ${hhmm(f.until)}` : ''}`;
    case 'auth':
      return `${f.label} rejected its API key (${/check ([A-Z_]+(?: and [A-Z_]+)?)/.exec(f.message)?.[1] ?? 'check the key'})`;
    case 'transient':
      return `${f.label} did not answer properly (${f.code === 'timeout' ? 'timed out' : 'unavailable'})`;
    case 'no_data':
      return f.endsOn ? `${f.label} ends ${f.endsOn}` : `${f.label} has no ${symbol} sessions in this window`;
    case 'not_covered':
      return f.endsOn ? `${f.label} ends ${f.endsOn}, before this window's end` : `${f.label} does not reach this window's end`;
    default:
      return `${f.label} failed (${f.code})`;
  }
}

export function barsUnavailable(symbol: string, range: { from: string; to: string }, failures: readonly ProviderFailure[]): BotError {
  const tried = failures.map((f) => ({ provider: f.provider, kind: f.kind, code: f.code }));
  const details = { symbol, from: range.from, to: range.to, tried, reasons: failures.map((f) => ({ provider: f.provider, message: f.message })) };
  const reasons = failures.map((f) => shortReason(f, symbol)).join('; ');
  if (failures.length > 0 && failures.every((f) => f.kind === 'unknown_symbol')) {
    return new BotError('unknown_symbol', `No provider knows ${symbol}: ${reasons}.`, { details });
  }
  const retryable = failures.some((f) => f.kind === 'transient');
  return new BotError('bars_unavailable', `No daily bars for ${symbol} (${range.from} → ${range.to}): ${reasons}.`, { retryable, details });
}
