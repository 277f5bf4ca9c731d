/**
 * One date as people write it, resolved to an ISO date: "2025-03-14", "03/14/2025", "March 14, 2025",
 * "14 March 2025", "March 2025", "March" (the most recent March on or before the reference date), "Q1 2025",
 * "2025". `edge` picks the first or last day when the expression names a span (a month, a quarter, a year).
 */
import { endOfMonth, isValidYmd, parseIso, toIso, type YMD } from './iso-date.js';

export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** Month names for labels, January first. */
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORD = '(?:st|nd|rd|th)?';

/** Regex source for one date expression (used inside larger patterns; no capture groups). */
export const DATE_EXPRESSION = [
  '\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}',
  '\\d{1,2}/\\d{1,2}/\\d{4}',
  `${MONTH}\\.?\\s+\\d{1,2}${ORD}(?:,?\\s+\\d{4})?`,
  `\\d{1,2}${ORD}\\s+(?:of\\s+)?${MONTH}\\.?(?:,?\\s+\\d{4})?`,
  `${MONTH}\\.?(?:,?\\s+\\d{4})?`,
  'q[1-4](?:\\s+(?:of\\s+)?\\d{4})?',
  '(?:19|20)\\d{2}',
].map((source) => `(?:${source})`).join('|');

export type DateEdge = 'start' | 'end';

// Compiled once: routing runs these on every question.
const MONTH_DAY = new RegExp(`^(${MONTH})\\.? (\\d{1,2})${ORD}(?:,? (\\d{4}))?$`);
const DAY_MONTH = new RegExp(`^(\\d{1,2})${ORD} (?:of )?(${MONTH})\\.?(?:,? (\\d{4}))?$`);
const MONTH_YEAR = new RegExp(`^(${MONTH})\\.?(?:,? (\\d{4}))?$`);

/** Resolves one expression; null when it is not a real date. `reference` anchors expressions without a year. */
export function parseDateExpression(text: string, reference: string, edge: DateEdge): string | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const ref = parseIso(reference);
  let match: RegExpExecArray | null;

  if ((match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s))) return checked({ y: +match[1], m: +match[2], d: +match[3] });
  if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) return checked({ y: +match[3], m: +match[1], d: +match[2] }); // US order
  if ((match = MONTH_DAY.exec(s)))
    return withYear(MONTHS[match[1]], +match[2], match[3]);
  if ((match = DAY_MONTH.exec(s)))
    return withYear(MONTHS[match[2]], +match[1], match[3]);
  if ((match = MONTH_YEAR.exec(s))) {
    const m = MONTHS[match[1]];
    const y = match[2] ? +match[2] : mostRecentYear(m, 1);
    return edge === 'start' ? toIso({ y, m, d: 1 }) : endOfMonth(y, m);
  }
  if ((match = /^q([1-4])(?: (?:of )?(\d{4}))?$/.exec(s))) {
    const q = +match[1];
    const startMonth = (q - 1) * 3 + 1;
    const y = match[2] ? +match[2] : mostRecentYear(startMonth, 1);
    return edge === 'start' ? toIso({ y, m: startMonth, d: 1 }) : endOfMonth(y, startMonth + 2);
  }
  if ((match = /^((?:19|20)\d{2})$/.exec(s))) return edge === 'start' ? `${match[1]}-01-01` : `${match[1]}-12-31`;
  return null;

  function checked(ymd: YMD): string | null {
    return isValidYmd(ymd) ? toIso(ymd) : null;
  }
  function withYear(m: number, d: number, year: string | undefined): string | null {
    return checked({ y: year ? +year : mostRecentYear(m, d), m, d });
  }
  /** The latest year in which month/day falls on or before the reference date. */
  function mostRecentYear(m: number, d: number): number {
    return m < ref.m || (m === ref.m && d <= ref.d) ? ref.y : ref.y - 1;
  }
}
