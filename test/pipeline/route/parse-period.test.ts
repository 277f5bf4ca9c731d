import { describe, expect, it } from 'vitest';
import { defaultPeriod, parsePeriod } from '../../../src/pipeline/route/parse-period.js';
import { parseDateExpression } from '../../../src/pipeline/route/parse-date-expression.js';
import { addMonths } from '../../../src/pipeline/route/iso-date.js';

const R = '2026-05-15';

describe('parsePeriod', () => {
  it.each([
    ['over the past quarter', 'past quarter', '2026-02-15', R],
    ['last quarter', 'last quarter', '2026-02-15', R],
    ['in the last 3 months', 'last 3 months', '2026-02-15', R],
    ['the last three weeks', 'last 3 weeks', '2026-04-24', R],
    ['past 10 days', 'past 10 days', '2026-05-05', R],
    ['last 2 years', 'last 2 years', '2024-05-15', R],
    ['last week', 'last week', '2026-05-08', R],
    ['over the past year', 'past year', '2025-05-15', R],
    ['YTD', 'YTD', '2026-01-01', R],
    ['year to date', 'YTD', '2026-01-01', R],
    ['1y', '1y', '2025-05-15', R],
    ['6m', '6m', '2025-11-15', R],
    ['over 12 months', '12 months', '2025-05-15', R],
    ['since March', 'since March', '2026-03-01', R],
    ['since June', 'since June', '2025-06-01', R],
    ['since Jan 2025', 'since Jan 2025', '2025-01-01', R],
    ['in 2025', '2025', '2025-01-01', '2025-12-31'],
    ['during 2024', '2024', '2024-01-01', '2024-12-31'],
    ['in Q1 2025', 'Q1 2025', '2025-01-01', '2025-03-31'],
    ['in March 2025', 'March 2025', '2025-03-01', '2025-03-31'],
    ['from 2025-01-02 to 2025-06-30', '2025-01-02 to 2025-06-30', '2025-01-02', '2025-06-30'],
    ['between January and March', '2026-01-01 to 2026-03-31', '2026-01-01', '2026-03-31'],
    ['from March 3, 2025 to April 1, 2025', '2025-03-03 to 2025-04-01', '2025-03-03', '2025-04-01'],
  ])('%s', (text, label, from, to) => {
    const parsed = parsePeriod(`How has NVDA done ${text}?`, R);
    expect(parsed?.issue).toBeUndefined();
    expect(parsed?.period).toEqual({ label, from, to });
  });

  it('returns undefined when no period is named', () => {
    expect(parsePeriod('How is NVDA doing?', R)).toBeUndefined();
  });

  it('does not read indicator spans or index names as periods', () => {
    expect(parsePeriod('Is NVDA near its 52-week high?', R)).toBeUndefined();
    expect(parsePeriod('NVDA vs its 200-day moving average', R)).toBeUndefined();
    expect(parsePeriod('AAPL vs the Russell 2000', R)).toBeUndefined();
    expect(parsePeriod('How did 3M do', R)).toBeUndefined();
  });

  it('flags a reversed range', () => {
    const parsed = parsePeriod('NVDA from 2025-06-01 to 2025-01-01', R);
    expect(parsed?.issue).toBe('reversed');
  });

  it('flags a window wholly in the future, and future phrases', () => {
    expect(parsePeriod('NVDA from 2027-01-01 to 2027-03-01', R)?.issue).toBe('future');
    expect(parsePeriod('NVDA in 2030', R)?.issue).toBe('future');
    expect(parsePeriod('Where will NVDA be next month?', R)).toMatchObject({ issue: 'future', period: { from: '2026-05-16', to: '2026-06-15' } });
    expect(parsePeriod('NVDA tomorrow', R)?.issue).toBe('future');
  });

  it('cuts a window that runs past the reference date and says so', () => {
    const parsed = parsePeriod('NVDA from 2026-04-01 to 2026-12-31', R);
    expect(parsed).toMatchObject({ issue: 'clamped', period: { from: '2026-04-01', to: R }, requested: { to: '2026-12-31' } });
  });

  it('treats the current calendar year as year to date', () => {
    expect(parsePeriod('NVDA in 2026', R)?.period).toEqual({ label: '2026 (year to date)', from: '2026-01-01', to: R });
  });
});

describe('defaultPeriod', () => {
  it('is a quarter, or a year of context for technicals', () => {
    expect(defaultPeriod('compare', R)).toEqual({ label: 'past 3 months', from: '2026-02-15', to: R });
    expect(defaultPeriod('technicals', R)).toEqual({ label: 'past year', from: '2025-05-15', to: R });
  });
});

describe('parseDateExpression and month arithmetic', () => {
  it('resolves written dates and rejects impossible ones', () => {
    expect(parseDateExpression('03/14/2025', R, 'start')).toBe('2025-03-14');
    expect(parseDateExpression('14 March 2025', R, 'start')).toBe('2025-03-14');
    expect(parseDateExpression('Q4 2025', R, 'end')).toBe('2025-12-31');
    expect(parseDateExpression('2025-02-30', R, 'start')).toBeNull();
    expect(parseDateExpression('someday', R, 'start')).toBeNull();
  });

  it('clamps the day when subtracting months', () => {
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
});
