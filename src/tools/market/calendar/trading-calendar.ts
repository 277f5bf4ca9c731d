/**
 * The NYSE trading calendar: which New York dates are sessions, when each opens and closes (early closes
 * included), and what "now" means for daily bars. Dates are YYYY-MM-DD on the America/New_York calendar; instants
 * are epoch ms (or a Date).
 *
 *   lastCompletedSession(2026-11-26 anytime)      → 2026-11-25 (Thanksgiving: closed)
 *   lastCompletedSession(2026-11-27 12:00 New York) → 2026-11-25 (in session, closes 13:00)
 *   lastCompletedSession(2026-11-27 13:05 New York) → 2026-11-27
 *   isPartial(2026-11-27 12:00 New York)          → true: a bar dated 2026-11-27 is still moving
 */
import { NYSE_CLOSED, NYSE_EARLY_CLOSE, NYSE_TABLE_YEARS } from './nyse-schedule.js';
import { nyseRules, type YearSchedule } from './nyse-rules.js';
import { NEW_YORK, addDays, weekday, zonedClock, zonedTimeToEpoch } from './zoned-time.js';

export const SESSION_OPEN_MINUTES = 9 * 60 + 30;
export const SESSION_CLOSE_MINUTES = 16 * 60;
export const EARLY_CLOSE_MINUTES = 13 * 60;

export type Instant = Date | number;
export type SessionTimes = { date: string; open: number; close: number; earlyClose: boolean };

const computed = new Map<number, YearSchedule>();

function schedule(year: number): YearSchedule | undefined {
  if (year >= NYSE_TABLE_YEARS.first && year <= NYSE_TABLE_YEARS.last) return undefined;
  let s = computed.get(year);
  if (!s) computed.set(year, (s = nyseRules(year)));
  return s;
}

const ms = (t: Instant) => (typeof t === 'number' ? t : t.getTime());

/** Why the exchange is closed on a weekday, or undefined when it is open (weekends are not named). */
export function closureName(date: string): string | undefined {
  const s = schedule(Number(date.slice(0, 4)));
  return s ? s.closed[date] : NYSE_CLOSED[date];
}

export function isEarlyClose(date: string): boolean {
  const s = schedule(Number(date.slice(0, 4)));
  return Boolean(s ? s.early[date] : NYSE_EARLY_CLOSE[date]);
}

export function isTradingDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && closureName(date) === undefined;
}

/** Open and close of the session on `date`, or undefined when there is none. */
export function sessionTimes(date: string): SessionTimes | undefined {
  if (!isTradingDay(date)) return undefined;
  const earlyClose = isEarlyClose(date);
  return {
    date,
    open: zonedTimeToEpoch(date, SESSION_OPEN_MINUTES, NEW_YORK),
    close: zonedTimeToEpoch(date, earlyClose ? EARLY_CLOSE_MINUTES : SESSION_CLOSE_MINUTES, NEW_YORK),
    earlyClose,
  };
}

/** The last session strictly before `date`. */
export function previousSession(date: string): string {
  let d = addDays(date, -1);
  while (!isTradingDay(d)) d = addDays(d, -1);
  return d;
}

/** The first session strictly after `date`. */
export function nextSession(date: string): string {
  let d = addDays(date, 1);
  while (!isTradingDay(d)) d = addDays(d, 1);
  return d;
}

/** `date` when it is a session, else the session before it. */
export function sessionOnOrBefore(date: string): string {
  return isTradingDay(date) ? date : previousSession(date);
}

/** The session `n` sessions before `date` (n = 0: `sessionOnOrBefore(date)`). */
export function sessionsBefore(date: string, n: number): string {
  let d = sessionOnOrBefore(date);
  for (let i = 0; i < n; i++) d = previousSession(d);
  return d;
}

/** Sessions in (after, through]: how many sessions a series ending on `after` is short of `through`. */
export function sessionsBetween(after: string, through: string): number {
  let count = 0;
  for (let d = after; d < through; ) {
    d = nextSession(d);
    if (d <= through) count++;
  }
  return count;
}

/** The market's date (New York) at an instant. */
export function marketDate(now: Instant): string {
  return zonedClock(ms(now), NEW_YORK).date;
}

/** True while a session is open: a bar dated today is partial (its close is the latest trade). */
export function isPartial(now: Instant): boolean {
  const t = ms(now);
  const session = sessionTimes(marketDate(t));
  return session !== undefined && t >= session.open && t < session.close;
}

/**
 * The latest session whose close has passed: "today" before the open, during the session or on a holiday means the
 * session before; after the close it is today.
 */
export function lastCompletedSession(now: Instant): string {
  const t = ms(now);
  const today = marketDate(t);
  const session = sessionTimes(today);
  if (session && t >= session.close) return today;
  return previousSession(today);
}

/** Epoch ms of the close of the session after `date`: when a series whose last bar is `date` gets a newer bar. */
export function nextSessionClose(date: string): number {
  return sessionTimes(nextSession(date))!.close;
}
