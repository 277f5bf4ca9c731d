/**
 * One window, one base: the single rule every tool measures a window by (returns, drawdowns, volatility, beta,
 * charts, the numeric chart reading).
 *
 * A window is calendar dates `[from, to]`, inclusive. Its **path** is the base close followed by the close of every
 * session in the window; a return runs from the base close to the last close on or before `to`.
 * - base `previous_close` (the default): the last close strictly before `from` ("YTD" = from the 2025-12-31 close).
 * - base `from_close`: the close of the session on `from` itself (or the last session before it when `from` is not
 *   a session) — anchored windows, "since the March low" = from the 2026-03-30 close.
 * Without a window, the series' own window is used: `from` is its first in-window session (`windowStart`), `to` its
 * last session, base `previous_close` (the bar before `windowStart`, which get_bars' warm-up supplies).
 * When the series has no close before `from` (its history starts inside the window), the first session's close is
 * the base and the window says `truncated`.
 *
 * It lives beside the indicator math (not in src/tools/ itself) because relative performance and technicals are
 * computed here too and the dependency rule lets this layer import nothing above it.
 */
import { z } from 'zod';
import { BotError } from '../../errors.js';
import type { BarSeries } from '../market/types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const WINDOW_BASES = ['previous_close', 'from_close'] as const;
export type WindowBase = (typeof WINDOW_BASES)[number];

/** The optional `window` argument of the analysis tools. Extra fields are ignored, so a measured window can be passed back. */
export const windowInputSchema = z
  .object({
    from: isoDate.describe('first calendar date of the window (inclusive)'),
    to: isoDate.describe('last calendar date of the window (inclusive)'),
    base: z
      .enum(WINDOW_BASES)
      .optional()
      .describe('which close the window is measured from: "previous_close" (default) = the last close strictly before `from`; "from_close" = the close on `from` itself (anchors: "since the March low")'),
  })
  .describe('calendar window [from, to]; the base close is the last close before `from` unless base is "from_close"');
export type WindowInput = z.input<typeof windowInputSchema>;

export type ResolvedWindow = {
  /** The window asked for (calendar dates; derived from the series when no window was given). */
  readonly from: string;
  readonly to: string;
  readonly base: WindowBase;
  /** Index in `bars` of the base close: the path's first point. */
  readonly baseIndex: number;
  /** Index of the first session in `[from, to]`. */
  readonly startIndex: number;
  /** Index of the last session on or before `to`: the path's last point. */
  readonly endIndex: number;
  readonly baseDate: string;
  readonly firstDate: string;
  readonly lastDate: string;
  /** Daily moves on the path (`endIndex − baseIndex`): the sessions whose change the window measures. */
  readonly sessions: number;
  /** The series has no close before the window (its history starts inside it): the base is its first close. */
  readonly truncated: boolean;
};

type SeriesLike = Pick<BarSeries, 'symbol' | 'bars' | 'windowStart'>;

/** The base, first and last index of a window over a series (see the module comment for the rule). */
export function resolveWindow(series: SeriesLike, window?: WindowInput): ResolvedWindow {
  const { bars } = series;
  if (bars.length === 0) throw new BotError('insufficient_data', `${series.symbol}: the series has no bars`, { details: { symbol: series.symbol } });
  if (!window) return fromSeries(series);
  const base: WindowBase = window.base ?? 'previous_close';
  const { from, to } = window;
  if (from > to) throw new BotError('tool_input_invalid', `the window starts (${from}) after it ends (${to})`, { details: { from, to } });
  const startIndex = firstIndexOnOrAfter(bars, from);
  const endIndex = lastIndexOnOrBefore(bars, to);
  if (startIndex < 0 || endIndex < startIndex) {
    const before = lastIndexOnOrBefore(bars, to);
    const hint = before >= 0 ? ` (the last session before it is ${bars[before].date})` : '';
    throw new BotError('insufficient_data', `${series.symbol}: no session between ${from} and ${to}${hint}; the series runs ${span(series)}`, {
      details: { symbol: series.symbol, from, to },
    });
  }
  let baseIndex = base === 'previous_close' ? startIndex - 1 : lastIndexOnOrBefore(bars, from);
  const truncated = baseIndex < 0;
  if (truncated) baseIndex = startIndex;
  return build(series, { from, to, base, baseIndex, startIndex, endIndex, truncated });
}

function fromSeries(series: SeriesLike): ResolvedWindow {
  const { bars } = series;
  const startIndex = Math.min(series.windowStart, bars.length - 1);
  const truncated = startIndex === 0;
  const baseIndex = truncated ? 0 : startIndex - 1;
  const endIndex = bars.length - 1;
  return build(series, { from: bars[startIndex].date, to: bars[endIndex].date, base: 'previous_close', baseIndex, startIndex, endIndex, truncated });
}

function build(series: SeriesLike, w: Omit<ResolvedWindow, 'baseDate' | 'firstDate' | 'lastDate' | 'sessions'>): ResolvedWindow {
  const { bars } = series;
  const sessions = w.endIndex - w.baseIndex;
  if (w.truncated && sessions === 0) {
    throw new BotError('insufficient_data', `${series.symbol}: no close before ${bars[w.baseIndex].date} to measure ${w.from} → ${w.to} from; the series runs ${span(series)}`, {
      details: { symbol: series.symbol, from: w.from, to: w.to },
    });
  }
  if (!(bars[w.baseIndex].close > 0)) {
    throw new BotError('tool_input_invalid', `${series.symbol}: non-positive base close (${bars[w.baseIndex].close}) on ${bars[w.baseIndex].date}`);
  }
  return { ...w, baseDate: bars[w.baseIndex].date, firstDate: bars[w.startIndex].date, lastDate: bars[w.endIndex].date, sessions };
}

/** The closes a window is measured on: the base close, then every session in the window. */
export function windowCloses(series: Pick<BarSeries, 'bars'>, w: ResolvedWindow): number[] {
  return series.bars.slice(w.baseIndex, w.endIndex + 1).map((bar) => bar.close);
}

/** Percent change from the base close to the last close, unrounded. */
export function windowChangePct(series: Pick<BarSeries, 'bars'>, w: ResolvedWindow): number {
  return (series.bars[w.endIndex].close / series.bars[w.baseIndex].close - 1) * 100;
}

/** The window a tool measured, as its output states it (a valid `window` input too: extra fields are ignored). */
export const measuredWindowSchema = z.object({
  from: z.string(),
  to: z.string(),
  base: z.enum(WINDOW_BASES),
  /** The base close's session and value: the path's first point. */
  baseDate: z.string(),
  baseClose: z.number(),
  /** First and last session in the window (the last is the last close on or before `to`). */
  firstDate: z.string(),
  lastDate: z.string(),
  /** Daily moves on the path. */
  sessions: z.number().int().nonnegative(),
  /** The series starts inside the window, so the base is its first close, not the close before `from`. */
  truncated: z.boolean(),
});
export type MeasuredWindow = z.infer<typeof measuredWindowSchema>;

export function measuredWindow(series: Pick<BarSeries, 'bars'>, w: ResolvedWindow): MeasuredWindow {
  return {
    from: w.from,
    to: w.to,
    base: w.base,
    baseDate: w.baseDate,
    baseClose: series.bars[w.baseIndex].close,
    firstDate: w.firstDate,
    lastDate: w.lastDate,
    sessions: w.sessions,
    truncated: w.truncated,
  };
}

/** "2025-12-31 close → 2026-05-15" — how summaries name a window. */
export function describeWindow(w: Pick<MeasuredWindow, 'baseDate' | 'lastDate'>): string {
  return `${w.baseDate} close → ${w.lastDate}`;
}

/** Index of the last bar on or before `date`; -1 when every bar is later. Bars are ascending, ISO dates compare as strings. */
export function lastIndexOnOrBefore(bars: readonly { date: string }[], date: string): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].date <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the first bar on or after `date`; -1 when every bar is earlier. */
export function firstIndexOnOrAfter(bars: readonly { date: string }[], date: string): number {
  const i = lastIndexOnOrBefore(bars, date);
  if (i >= 0 && bars[i].date === date) return i;
  return i + 1 < bars.length ? i + 1 : -1;
}

function span(series: Pick<BarSeries, 'bars'>): string {
  return `${series.bars[0]?.date ?? 'nowhere'} → ${series.bars.at(-1)?.date ?? 'nowhere'}`;
}
