/**
 * The NYSE holiday rules (NYSE Rule 7.2 and its published practice), for years outside the table in
 * `nyse-schedule.ts`. Special closures (national days of mourning, 2012's hurricane) cannot be computed; the
 * table has the ones in its years.
 *
 * - A holiday on a Saturday is observed on the Friday before, a Sunday one on the Monday after; New Year's Day on a
 *   Saturday is not observed at all (the Friday is a year-end session).
 * - Juneteenth from 2022. Early closes (13:00): the day before Independence Day when that is Monday–Thursday and
 *   the 4th is a weekday, the day after Thanksgiving, and Christmas Eve when it is Monday–Thursday.
 */
import { addDays, weekday } from './zoned-time.js';

export type YearSchedule = { closed: Record<string, string>; early: Record<string, string> };

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** The `n`th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, day: number, n: number): string {
  if (n > 0) {
    const first = iso(year, month, 1);
    const shift = (day - weekday(first) + 7) % 7;
    return addDays(first, shift + (n - 1) * 7);
  }
  const last = addDays(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekday(last) - day + 7) % 7));
}

/** Easter Sunday (Gregorian, the anonymous algorithm). */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** A fixed-date holiday moved off the weekend: Saturday → Friday, Sunday → Monday. */
function observed(date: string): { date: string; moved: boolean } {
  const day = weekday(date);
  if (day === 6) return { date: addDays(date, -1), moved: true };
  if (day === 0) return { date: addDays(date, 1), moved: true };
  return { date, moved: false };
}

export function nyseRules(year: number): YearSchedule {
  const closed: Record<string, string> = {};
  const fixed = (date: string, name: string) => {
    const o = observed(date);
    closed[o.date] = o.moved ? `${name} (observed)` : name;
  };
  const newYear = iso(year, 1, 1);
  if (weekday(newYear) !== 6) fixed(newYear, "New Year's Day");
  closed[nthWeekday(year, 1, 1, 3)] = 'Martin Luther King, Jr. Day';
  closed[nthWeekday(year, 2, 1, 3)] = "Washington's Birthday";
  closed[addDays(easter(year), -2)] = 'Good Friday';
  closed[nthWeekday(year, 5, 1, -1)] = 'Memorial Day';
  if (year >= 2022) fixed(iso(year, 6, 19), 'Juneteenth National Independence Day');
  fixed(iso(year, 7, 4), 'Independence Day');
  closed[nthWeekday(year, 9, 1, 1)] = 'Labor Day';
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  closed[thanksgiving] = 'Thanksgiving Day';
  fixed(iso(year, 12, 25), 'Christmas Day');

  const early: Record<string, string> = {};
  const july4 = weekday(iso(year, 7, 4));
  if (july4 >= 2 && july4 <= 5) early[iso(year, 7, 3)] = 'day before Independence Day';
  early[addDays(thanksgiving, 1)] = 'day after Thanksgiving';
  const eve = iso(year, 12, 24);
  if (weekday(eve) >= 1 && weekday(eve) <= 4) early[eve] = 'Christmas Eve';
  return { closed, early };
}
