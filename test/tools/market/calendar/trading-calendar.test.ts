import { describe, expect, it } from 'vitest';
import { NYSE_CLOSED, NYSE_EARLY_CLOSE, NYSE_TABLE_YEARS } from '../../../../src/tools/market/calendar/nyse-schedule.js';
import { nyseRules } from '../../../../src/tools/market/calendar/nyse-rules.js';
import {
  closureName,
  isPartial,
  isTradingDay,
  lastCompletedSession,
  marketDate,
  nextSession,
  nextSessionClose,
  previousSession,
  sessionTimes,
  sessionsBefore,
  sessionsBetween,
} from '../../../../src/tools/market/calendar/trading-calendar.js';
import { zonedDate, zonedTimeToEpoch } from '../../../../src/tools/market/calendar/zoned-time.js';

/** An instant given as New York wall-clock time. */
const ny = (date: string, hhmm: string) => zonedTimeToEpoch(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

describe('NYSE holidays and early closes', () => {
  it('knows the 2026–2027 dates the issue names', () => {
    expect(closureName('2026-11-26')).toBe('Thanksgiving Day');
    expect(isTradingDay('2026-11-26')).toBe(false);
    expect(sessionTimes('2026-11-27')).toMatchObject({ earlyClose: true, close: Date.parse('2026-11-27T18:00:00Z') });
    expect(closureName('2026-06-19')).toMatch(/Juneteenth/);
    expect(closureName('2026-04-03')).toBe('Good Friday');
    expect(closureName('2027-01-01')).toBe("New Year's Day");
    expect(sessionTimes('2026-12-24')).toMatchObject({ earlyClose: true, close: Date.parse('2026-12-24T18:00:00Z') });
    expect(isTradingDay('2026-12-25')).toBe(false);
    expect(closureName('2026-07-03')).toBe('Independence Day (observed)');
    expect(closureName('2025-01-09')).toMatch(/Carter/); // a special closure no rule computes
  });

  it('weekends are closed; an ordinary weekday runs 09:30–16:00 New York in both DST regimes', () => {
    expect(isTradingDay('2026-11-28')).toBe(false);
    expect(isTradingDay('2026-11-29')).toBe(false);
    expect(sessionTimes('2026-11-25')).toEqual({ date: '2026-11-25', open: Date.parse('2026-11-25T14:30:00Z'), close: Date.parse('2026-11-25T21:00:00Z'), earlyClose: false });
    expect(sessionTimes('2026-07-15')).toMatchObject({ open: Date.parse('2026-07-15T13:30:00Z'), close: Date.parse('2026-07-15T20:00:00Z') });
    // the DST change weekends
    expect(sessionTimes('2026-03-09')?.open).toBe(Date.parse('2026-03-09T13:30:00Z'));
    expect(sessionTimes('2026-11-02')?.open).toBe(Date.parse('2026-11-02T14:30:00Z'));
  });

  it('the rules used outside the table reproduce every table year, except the special closure', () => {
    for (let year = NYSE_TABLE_YEARS.first; year <= NYSE_TABLE_YEARS.last; year++) {
      const rules = nyseRules(year);
      const tableClosed = Object.keys(NYSE_CLOSED).filter((d) => d.startsWith(`${year}-`) && d !== '2025-01-09');
      expect(Object.keys(rules.closed).sort(), String(year)).toEqual(tableClosed.sort());
      const tableEarly = Object.keys(NYSE_EARLY_CLOSE).filter((d) => d.startsWith(`${year}-`));
      expect(Object.keys(rules.early).sort(), String(year)).toEqual(tableEarly.sort());
    }
  });

  it('has 251–253 sessions a year in the table years (NYSE’s usual count)', () => {
    for (let year = 2019; year <= 2027; year++) {
      expect(sessionsBetween(`${year - 1}-12-31`, `${year}-12-31`), String(year)).toBeGreaterThanOrEqual(250);
      expect(sessionsBetween(`${year - 1}-12-31`, `${year}-12-31`), String(year)).toBeLessThanOrEqual(253);
    }
  });

  it('computes years past the table (2028: Juneteenth Monday, Good Friday 2028-04-14)', () => {
    expect(closureName('2028-04-14')).toBe('Good Friday');
    expect(closureName('2028-06-19')).toMatch(/Juneteenth/);
    expect(sessionTimes('2028-07-03')?.earlyClose).toBe(true);
  });
});

describe('sessions and "now"', () => {
  it('steps over weekends and holidays', () => {
    expect(previousSession('2026-11-27')).toBe('2026-11-25');
    expect(nextSession('2026-11-25')).toBe('2026-11-27');
    expect(nextSession('2026-12-31')).toBe('2027-01-04');
    expect(sessionsBefore('2026-11-26', 0)).toBe('2026-11-25');
    expect(sessionsBefore('2026-11-30', 2)).toBe('2026-11-25');
    expect(sessionsBetween('2026-11-24', '2026-11-30')).toBe(3); // 25, 27, 30
    expect(sessionsBetween('2026-11-30', '2026-11-30')).toBe(0);
  });

  it('on Thanksgiving 2026 the last completed session is 2026-11-25, at any hour', () => {
    for (const t of ['00:05', '09:45', '16:30', '23:59']) expect(lastCompletedSession(ny('2026-11-26', t)), t).toBe('2026-11-25');
    expect(isPartial(ny('2026-11-26', '11:00'))).toBe(false);
  });

  it('before the open and during the session it is the session before; after the close, today', () => {
    expect(lastCompletedSession(ny('2026-11-25', '08:00'))).toBe('2026-11-24');
    expect(lastCompletedSession(ny('2026-11-25', '15:59'))).toBe('2026-11-24');
    expect(lastCompletedSession(ny('2026-11-25', '16:00'))).toBe('2026-11-25');
    // the early close: done at 13:00
    expect(lastCompletedSession(ny('2026-11-27', '12:59'))).toBe('2026-11-25');
    expect(lastCompletedSession(ny('2026-11-27', '13:00'))).toBe('2026-11-27');
    expect(lastCompletedSession(ny('2026-11-28', '10:00'))).toBe('2026-11-27');
  });

  it('marks the session in progress as partial, and only that', () => {
    expect(isPartial(ny('2026-11-27', '09:29'))).toBe(false);
    expect(isPartial(ny('2026-11-27', '09:30'))).toBe(true);
    expect(isPartial(ny('2026-11-27', '12:59'))).toBe(true);
    expect(isPartial(ny('2026-11-27', '13:00'))).toBe(false);
    expect(isPartial(ny('2026-11-28', '12:00'))).toBe(false);
  });

  it('dates follow New York, not UTC (01:00 UTC is still the day before)', () => {
    expect(marketDate(Date.parse('2026-11-26T01:00:00Z'))).toBe('2026-11-25');
    expect(lastCompletedSession(Date.parse('2026-11-26T01:00:00Z'))).toBe('2026-11-25');
    expect(zonedDate(1577975400_000)).toBe('2020-01-02'); // Yahoo's 09:30 open stamp
  });

  it('a series ending 2026-11-25 gets a newer bar at the 2026-11-27 13:00 close', () => {
    expect(nextSessionClose('2026-11-25')).toBe(Date.parse('2026-11-27T18:00:00Z'));
  });
});
