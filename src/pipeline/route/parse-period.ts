/**
 * The period a question asks about, resolved against the provider's reference date ("now" for the data):
 * "past quarter" (the 3 months before it), "last N days/weeks/months/years", "YTD", "1y", "12 months",
 * "since March", "last week", "2025", "Q1 2025", "in March", "from X to Y". `from` is the first calendar day of the
 * window; the performance tool measures from the last close on or before it.
 */
import type { Period } from '../events/events.js';
import { addDays, addMonths, parseIso, weekday } from './iso-date.js';
import { DATE_EXPRESSION, MONTHS, parseDateExpression } from './parse-date-expression.js';

export type PeriodIssue =
  /** The whole window lies after the reference date. */
  | 'future'
  /** `from` is after `to`. */
  | 'reversed'
  /** The window ran past the reference date and was cut there. */
  | 'clamped';

export type ParsedPeriod = { period: Period; issue?: PeriodIssue; requested?: { from: string; to: string } };

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, couple: 2, 'couple of': 2, few: 3,
};
const NUMBER = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')})`;
const UNIT = '(trading days?|sessions?|days?|weeks?|wks?|months?|mos?|mths?|quarters?|years?|yrs?)';

/** What follows a span that names an indicator window rather than a period. */
const INDICATOR_SPAN = /^(?:\s*(?:and|or|,|\/|&)\s*\d+[- ]?(?:days?|weeks?|months?))*\s*(?:high|low|range|moving|average|ma|sma|ema|rsi|window|chart|volatility)\b/;

// Compiled once: routing runs these on every question.
const FUTURE = new RegExp(`\\b(?:next|coming|upcoming|following) (?:${NUMBER} )?${UNIT}\\b`);
const RANGE = new RegExp(`\\b(?:from|between) (${DATE_EXPRESSION})(?:,)? ?(?:to|and|until|till|through|thru|-) ?(${DATE_EXPRESSION})\\b`);
const SINCE = new RegExp(`\\bsince (${DATE_EXPRESSION})\\b`);
const RELATIVE = new RegExp(`\\b(past|last|previous|prior|trailing) (?:${NUMBER} )?${UNIT}\\b`);
const SHORTHAND = /(?<![\w$^])(\d{1,3}) ?(d|w|wk|m|mo|mos|mth|y|yr|yrs)\b/g;
const SPANS = new RegExp(`\\b${NUMBER}[- ]${UNIT}\\b`, 'g');

type Unit = 'day' | 'session' | 'week' | 'month' | 'quarter' | 'year';

function unitOf(raw: string): Unit {
  if (raw.startsWith('trading') || raw.startsWith('session')) return 'session';
  if (raw.startsWith('d')) return 'day';
  if (raw.startsWith('w')) return 'week';
  if (raw.startsWith('q')) return 'quarter';
  if (raw.startsWith('y')) return 'year';
  return 'month';
}

function numberOf(raw: string | undefined): number {
  if (raw === undefined) return 1;
  return /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw] ?? 1;
}

/** `to` minus n units. Sessions are trading days: about 7 calendar days per 5 sessions. */
function back(to: string, n: number, unit: Unit): string {
  switch (unit) {
    case 'day':
      return addDays(to, -n);
    case 'session':
      return addDays(to, -Math.ceil((n * 7) / 5));
    case 'week':
      return addDays(to, -7 * n);
    case 'month':
      return addMonths(to, -n);
    case 'quarter':
      return addMonths(to, -3 * n);
    case 'year':
      return addMonths(to, -12 * n);
  }
}

function plural(n: number, unit: Unit): string {
  const word = unit === 'session' ? 'trading day' : unit;
  return n === 1 ? word : `${n} ${word}s`;
}

/** The window when the question names none. Technicals get a year of context; everything else a quarter. */
export function defaultPeriod(intent: string, referenceDate: string): Period {
  if (intent === 'technicals') return { label: 'past year', from: addMonths(referenceDate, -12), to: referenceDate };
  return { label: 'past 3 months', from: addMonths(referenceDate, -3), to: referenceDate };
}

/** Finds the first period expression in the question; undefined when there is none. */
export function parsePeriod(question: string, referenceDate: string): ParsedPeriod | undefined {
  const q = question.toLowerCase().replace(/[’‘]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ');
  const R = referenceDate;
  const ref = parseIso(R);
  let m: RegExpExecArray | null;

  const window = (label: string, from: string, to: string): ParsedPeriod => finish({ label, from, to }, R);

  // Future windows: say so rather than quietly answering about the past.
  if ((m = FUTURE.exec(q))) {
    const n = numberOf(m[1]);
    const unit = unitOf(m[2]);
    const to = back(R, -n, unit);
    return { period: { label: `next ${plural(n, unit)}`, from: addDays(R, 1), to }, issue: 'future', requested: { from: addDays(R, 1), to } };
  }
  if (/\btomorrow\b/.test(q)) {
    const day = addDays(R, 1);
    return { period: { label: 'tomorrow', from: day, to: day }, issue: 'future', requested: { from: day, to: day } };
  }

  // "from X to Y", "between X and Y"
  if ((m = RANGE.exec(q))) {
    const from = parseDateExpression(m[1], R, 'start');
    const to = parseDateExpression(m[2], R, 'end');
    if (from && to) return window(`${from} to ${to}`, from, to);
  }

  if (/\bsince (?:the )?(?:start|beginning) of (?:the |this )?year\b/.test(q) || /\b(?:ytd|year[- ]to[- ]date|so far this year|this year)\b/.test(q))
    return window('YTD', `${ref.y}-01-01`, R);

  if ((m = SINCE.exec(q))) {
    const from = parseDateExpression(m[1], R, 'start');
    if (from) return window(`since ${m[1].trim()}`, from, R);
  }

  if (/\b(?:this|the current) month\b|\bmonth[- ]to[- ]date\b|\bmtd\b/.test(q)) return window('this month', `${R.slice(0, 7)}-01`, R);
  if (/\b(?:this|the current) quarter\b|\bquarter[- ]to[- ]date\b|\bqtd\b/.test(q)) {
    const startMonth = Math.floor((ref.m - 1) / 3) * 3 + 1;
    return window('this quarter', `${ref.y}-${String(startMonth).padStart(2, '0')}-01`, R);
  }
  if (/\bthis week\b|\bweek[- ]to[- ]date\b|\bwtd\b/.test(q)) return window('this week', addDays(R, -((weekday(R) + 6) % 7)), R);
  if (/\b(?:today|latest session|last session)\b/.test(q)) return window('latest session', addDays(R, -1), R);

  // "past quarter", "last 3 months", "over the previous two weeks", "last year"
  if ((m = RELATIVE.exec(q))) {
    const n = numberOf(m[2]);
    const unit = unitOf(m[3]);
    const label = n === 1 && unit === 'quarter' ? `${m[1]} quarter` : `${m[1]} ${plural(n, unit)}`;
    return window(label, back(R, n, unit), R);
  }

  // Shorthand: "1y", "6m", "3mo", "5d" (an upper-case "3M" is the company, not three months).
  for (m of q.matchAll(SHORTHAND)) {
    const original = question.replace(/\s+/g, ' ').slice(m.index, m.index + m[0].length);
    if (/M$/.test(original)) continue;
    const n = Number(m[1]);
    const unit = unitOf(m[2] === 'm' ? 'month' : m[2]);
    if (n > 0) return window(`${n}${m[2]}`, back(R, n, unit), R);
  }
  // "12 months", "6-month" — but not "52-week high" or "50-day and 200-day moving averages" (indicator spans).
  for (m of q.matchAll(SPANS)) {
    if (INDICATOR_SPAN.test(q.slice(m.index + m[0].length, m.index + m[0].length + 40))) continue;
    const n = numberOf(m[1]);
    if (/^\d+$/.test(m[1]) && n > 0) return window(plural(n, unitOf(m[2])), back(R, n, unitOf(m[2])), R);
  }

  // "in March", "during March 2025"
  if ((m = /\b(?:in|during|for|over) ((jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?: (\d{4}))?)\b/.exec(q))) {
    if (MONTHS[m[2]] !== undefined) {
      const from = parseDateExpression(m[1], R, 'start');
      const to = parseDateExpression(m[1], R, 'end');
      if (from && to) return window(m[1], from, to);
    }
  }
  // "Q1 2025", "q3"
  if ((m = /\b(q[1-4](?: (?:of )?\d{4})?)\b/.exec(q))) {
    const from = parseDateExpression(m[1], R, 'start');
    const to = parseDateExpression(m[1], R, 'end');
    if (from && to) return window(m[1].toUpperCase(), from, to);
  }
  // A calendar year: "2025", "in 2024" (not "Russell 2000", not part of a date).
  if ((m = /(?<!russell )(?<![\d\-/])\b((?:19|20)\d{2})\b(?![-/]\d)/.exec(q))) {
    const y = Number(m[1]);
    if (y === ref.y) return window(`${y} (year to date)`, `${y}-01-01`, R);
    return window(String(y), `${y}-01-01`, `${y}-12-31`);
  }
  return undefined;
}

/** Labels read as written, with month names capitalized ("since march" → "since March"). */
function tidyLabel(label: string): string {
  return label.replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)([a-z]*)\b/g, (word, head: string, tail: string) =>
    MONTHS[word] === undefined ? word : head[0].toUpperCase() + head.slice(1) + tail);
}

/** Checks a resolved window against the reference date: reversed, wholly future, or cut at the reference date. */
function finish(raw: Period, referenceDate: string): ParsedPeriod {
  const period = { ...raw, label: tidyLabel(raw.label) };
  const requested = { from: period.from, to: period.to };
  if (period.from > period.to) return { period, issue: 'reversed', requested };
  if (period.from > referenceDate) return { period, issue: 'future', requested };
  if (period.to > referenceDate) return { period: { ...period, to: referenceDate }, issue: 'clamped', requested };
  return { period };
}
