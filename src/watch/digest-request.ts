/**
 * The digest request for a channel: its watchlist and the session the digest is about — the last completed
 * session at `now`, but never past the data the provider has (offline: the dataset's last day).
 */
import type { StructuredRequest } from '../pipeline/index.js';
import { lastCompletedSession } from '../tools/market/calendar/trading-calendar.js';

export function digestAsOf(now: number, referenceDate: string): string {
  const session = lastCompletedSession(now);
  return session < referenceDate ? session : referenceDate;
}

export function digestRequest(tickers: readonly string[], asOf: string, trigger: 'scheduled' | 'now'): Extract<StructuredRequest, { kind: 'digest' }> {
  return { kind: 'digest', tickers: [...tickers], asOf, trigger };
}
