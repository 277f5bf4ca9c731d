/**
 * Cuts a window (plus warm-up) out of a provider's span of bars and says how well it covers the window: the last
 * bar may be the session in progress (`partial`), and a series may end before the window's last completed session
 * (`sessionsMissing`). One session short is served and flagged (Tiingo publishes ~17:30 New York); more than that
 * is refused as `window_not_covered`, so stale data (the offline dataset for a live window, a lagging provider) is
 * never presented as if it covered the window.
 */
import { lastCompletedSession, sessionOnOrBefore, sessionsBetween } from '../calendar/trading-calendar.js';
import type { Bar, BarSeries } from '../types.js';
import { barsFailure } from './bars-errors.js';

/** A series may end at most this many completed sessions before the window's last one. */
export const MAX_SESSIONS_MISSING = 1;

export type WindowRequest = { readonly from: string; readonly to: string; readonly warmupBars?: number };

export type SpanView = {
  readonly symbol: string;
  readonly bars: readonly Bar[];
  /** The last bar of `bars` is the session in progress. */
  readonly partial: boolean;
  readonly provider: string;
  readonly label: string;
};

export function sliceWindow(span: SpanView, range: WindowRequest, now: number): BarSeries {
  const { bars } = span;
  const start = firstIndexOnOrAfter(bars, range.from);
  const end = lastIndexOnOrBefore(bars, range.to);
  if (start < 0 || end < start) {
    const has = bars.length ? ` (it has ${bars[0].date} → ${bars[bars.length - 1].date})` : '';
    throw barsFailure('no_data', span.provider, `${span.label}: no ${span.symbol} sessions between ${range.from} and ${range.to}${has}`);
  }
  const warmup = Math.max(0, Math.floor(range.warmupBars ?? 0));
  const first = Math.max(0, start - warmup);
  const slice = bars.slice(first, end + 1);
  const partial = span.partial && end === bars.length - 1;
  const lastComplete = partial ? slice[slice.length - 2]?.date : slice[slice.length - 1].date;
  const missing = coverageGap(lastComplete, range.to, now);
  if (missing > MAX_SESSIONS_MISSING) {
    const expected = expectedLastSession(range.to, now);
    throw barsFailure('not_covered', span.provider, `${span.label}: has ${span.symbol} only to ${lastComplete ?? 'nothing complete'}, ${missing} sessions short of ${expected}`);
  }
  return {
    symbol: span.symbol,
    bars: slice,
    windowStart: start - first,
    source: span.label,
    asOf: bars[bars.length - 1].date,
    provider: span.provider,
    adjustment: 'split',
    partial,
    sessionsMissing: missing,
  };
}

/** The last completed session a window ending on `to` can have at `now`. */
export function expectedLastSession(to: string, now: number): string {
  const completed = lastCompletedSession(now);
  return sessionOnOrBefore(to < completed ? to : completed);
}

/** Completed sessions after `lastDate` that a window ending on `to` asks for. */
export function coverageGap(lastDate: string | undefined, to: string, now: number): number {
  const expected = expectedLastSession(to, now);
  if (!lastDate) return Number.POSITIVE_INFINITY;
  return lastDate >= expected ? 0 : sessionsBetween(lastDate, expected);
}

function firstIndexOnOrAfter(bars: readonly Bar[], date: string): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo < bars.length ? lo : -1;
}

function lastIndexOnOrBefore(bars: readonly Bar[], date: string): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].date <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
