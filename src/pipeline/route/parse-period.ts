/**
 * The period a question asks about, resolved against the provider's reference date ("now" for the data):
 * "past quarter" (the 3 months before it), "last N days/weeks/months/years", "YTD", "1y", "12 months",
 * "since March", "last week", "2025", "Q1 2025", "in March", "from X to Y", "month/quarter to date", "since the start
 * of April", a single day ("on 2026-04-10", "close on March 31", "yesterday", "today"), "last N sessions" (counted on
 * the NYSE calendar) and anchors on an event in the data ("since the March low", "from the April peak", "since its
 * 52-week high": resolved to a dated close when the prices are in, see the find_anchor tool). `from` is the first
 * calendar day of the window; returns are measured from the last close strictly before it (an anchor's own close).
 * Dates that do not exist and spans nobody could mean are reported, never read as the default window.
 */
import type { Period } from '../events/events.js';
import { sessionsBefore } from '../../tools/market/calendar/trading-calendar.js';
import { addDays, addMonths, endOfMonth, parseIso, weekday } from './iso-date.js';
import { DATE_EXPRESSION, MONTH_NAMES, MONTHS, parseDateExpression } from './parse-date-expression.js';

export type PeriodIssue =
  /** The whole window lies after the reference date. */
  | 'future'
  /** `from` is after `to`. */
  | 'reversed'
  /** The window ran past the reference date and was cut there. */
  | 'clamped'
  /** A date that does not exist (2026-02-30) or a span nobody could mean ("99999999999 years"). */
  | 'invalid';

export type ParsedPeriod = {
  period: Period;
  issue?: PeriodIssue;
  requested?: { from: string; to: string };
  /** With `issue: 'invalid'`: the words that could not be a date. */
  invalid?: string;
  /** One day asked about ("on March 31", "yesterday", "today"). */
  singleDay?: boolean;
};

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
  if (intent === 'technicals' || intent === 'risk') return { label: 'past year', from: addMonths(referenceDate, -12), to: referenceDate };
  return { label: 'past 3 months', from: addMonths(referenceDate, -3), to: referenceDate };
}

/** "since the March low", "from the april peak", "off the feb highs", "march bottom". */
const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const MONTH_ANCHOR = new RegExp(`\\b(?:since|from|off|after) (?:the |its |their |his |her )?${MONTH_WORD}(?: (\\d{4}))? (lows?|bottoms?|highs?|peaks?|tops?)\\b`);
const YEAR_ANCHOR = /\b(?:since|from|off|after) (?:the |its |their )?(?:ytd|year[- ]to[- ]date|year'?s|yearly|annual) (lows?|bottoms?|highs?|peaks?|tops?)\b|\b(?:since|from|off|after) (?:the |its |their )?(lows?|bottoms?|highs?|peaks?|tops?) (?:of|for) (?:the|this) year\b/;
const WEEK52_ANCHOR = /\b(?:since|from|after) (?:the |its |their )?52[- ]?(?:weeks?|wks?|w) (highs?|lows?)\b/;
/** A date with a day in it (a single day can be asked about). */
const DAY_DATE = new RegExp(`\\b(\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{4}|${MONTH_WORD}\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?|\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTH_WORD}(?:,? \\d{4})?)\\b`);
/** Date-shaped text, checked for existence before anything reads it. */
const DATE_SHAPED = new RegExp(`\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{4}\\b|\\b${MONTH_WORD}\\.? \\d{1,2}(?:st|nd|rd|th)?\\b(?:,? \\d{4})?`, 'g');
/** A count of time units no one could mean: exponents, or more years than any market has traded. */
const HUGE_SPAN = /\b(\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?) ?(trading days?|sessions?|days?|weeks?|months?|years?|yrs?)\b/g;
/** A count of time units that is no count: NaN, infinity, zero or negative ("past NaN days", "last -5 days"). */
const NONSENSE_SPAN = /(?:^|[\s(])(nan|inf(?:inity)?|zero|0+|-\s?\d[\d,.]*) ?(trading days?|sessions?|days?|weeks?|months?|quarters?|years?|yrs?)\b/;
const SESSIONS_BACK = new RegExp(`\\b(?:past|last|previous|prior|trailing) ${NUMBER} (?:trading days?|sessions?)\\b`);
const SINCE_START_OF_MONTH = new RegExp(`\\bsince (?:the )?(?:start|beginning) of ${MONTH_WORD}(?: (\\d{4}))?\\b`);

const LIMITS: Record<Unit, number> = { day: 36_500, session: 25_000, week: 5_200, month: 1_200, quarter: 400, year: 100 };

type Kind = 'lowest_close' | 'highest_close' | 'high_52w' | 'low_52w';
const kindOf = (word: string): Kind => (/^(?:low|bottom)/.test(word) ? 'lowest_close' : 'highest_close');

/** Finds the first period expression in the question; undefined when there is none. */
export function parsePeriod(question: string, referenceDate: string): ParsedPeriod | undefined {
  const q = question.toLowerCase().replace(/[’‘]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ');
  const R = referenceDate;
  const ref = parseIso(R);
  let m: RegExpExecArray | null;

  const window = (label: string, from: string, to: string, extra: Partial<Period> = {}): ParsedPeriod => finish({ label, from, to, ...extra }, R);
  const invalid = (text: string): ParsedPeriod => ({ period: { label: text, from: R, to: R }, issue: 'invalid', invalid: text.trim() });

  // Dates that do not exist, and spans nobody could mean: say so instead of answering some other window.
  for (const shaped of q.matchAll(DATE_SHAPED)) {
    if (parseDateExpression(shaped[0], R, 'start') === null) return invalid(shaped[0]);
  }
  if ((m = NONSENSE_SPAN.exec(q))) return invalid(m[0].trim());
  for (const span of q.matchAll(HUGE_SPAN)) {
    const n = Number(span[1].replace(/,/g, ''));
    if (/e/.test(span[1]) || !Number.isFinite(n) || n > LIMITS[unitOf(span[2])]) return invalid(span[0]);
  }

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

  // Anchors on an event in the prices: the session is found when the bars are in (find_anchor).
  if ((m = WEEK52_ANCHOR.exec(q))) {
    const kind: Kind = /^low/.test(m[1]) ? 'low_52w' : 'high_52w';
    return window(`since the 52-week ${kind === 'high_52w' ? 'high' : 'low'}`, addMonths(R, -12), R, { anchor: { kind } });
  }
  if ((m = MONTH_ANCHOR.exec(q))) {
    const monthFrom = parseDateExpression(m[2] ? `${m[1]} ${m[2]}` : m[1], R, 'start');
    const monthTo = parseDateExpression(m[2] ? `${m[1]} ${m[2]}` : m[1], R, 'end');
    if (monthFrom && monthTo) {
      const kind = kindOf(m[3]);
      const to = monthTo > R ? R : monthTo;
      return window(`since the ${MONTH_NAMES[MONTHS[m[1]] - 1]} ${kind === 'lowest_close' ? 'low' : 'high'}`, monthFrom, R, { anchor: { kind, in: { from: monthFrom, to } } });
    }
  }
  if ((m = YEAR_ANCHOR.exec(q))) {
    const kind = kindOf(m[1] ?? m[2]);
    const from = `${ref.y}-01-01`;
    return window(`since the year's ${kind === 'lowest_close' ? 'low' : 'high'}`, from, R, { anchor: { kind, in: { from, to: R } } });
  }

  if (/\bsince (?:the )?(?:start|beginning) of (?:the |this )?year\b/.test(q) || /\b(?:ytd|year[- ]to[- ]date|so far this year|this year)\b/.test(q))
    return window('YTD', `${ref.y}-01-01`, R);

  // One day: "today", "yesterday", "on 2026-04-10", "close on March 31", "closing price 3/13/2026".
  if (/\b(?:today|today's|latest session|last session|this session)\b/.test(q)) return { ...window('latest session', R, R), singleDay: true };
  if (/\byesterday(?:'s)?\b/.test(q)) {
    const day = addDays(R, -1);
    if (/\bsince yesterday\b/.test(q)) return window('since yesterday', day, R);
    return { ...window(`yesterday (${day})`, day, day), singleDay: true };
  }
  if ((m = SINCE_START_OF_MONTH.exec(q))) {
    const from = parseDateExpression(m[2] ? `${m[1]} ${m[2]}` : m[1], R, 'start');
    if (from) return window(`since the start of ${MONTH_NAMES[MONTHS[m[1]] - 1]}`, from, R);
  }
  if ((m = SINCE.exec(q))) {
    const from = parseDateExpression(m[1], R, 'start');
    if (from) return window(`since ${m[1].trim()}`, from, R);
  }
  if ((m = DAY_DATE.exec(q)) && !/\b(?:since|from|after|between|through|until|till)\b/.test(q.slice(Math.max(0, m.index - 12), m.index))) {
    const day = parseDateExpression(m[1], R, 'start');
    if (day) return { ...window(`on ${day}`, day, day), singleDay: true };
  }

  if (/\b(?:this|the current) month\b|\bmonth[- ]to[- ]date\b|\bmtd\b/.test(q)) return window('this month', `${R.slice(0, 7)}-01`, R);
  if (/\b(?:this|the current) quarter\b|\bquarter[- ]to[- ]date\b|\bqtd\b/.test(q)) {
    const startMonth = Math.floor((ref.m - 1) / 3) * 3 + 1;
    return window('this quarter', `${ref.y}-${String(startMonth).padStart(2, '0')}-01`, R);
  }
  if (/\bthis week\b|\bweek[- ]to[- ]date\b|\bwtd\b/.test(q)) return window('this week', addDays(R, -((weekday(R) + 6) % 7)), R);

  // "last 10 sessions", "past 15 trading days": counted on the exchange calendar, the Nth most recent session first.
  if ((m = SESSIONS_BACK.exec(q))) {
    const n = numberOf(m[1]);
    if (n > 0) return window(`last ${plural(n, 'session')}`, sessionsBefore(R, n - 1), R, { sessions: n });
  }

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
    // "NVDA's 200 day", "above its 50 day": a moving average, not a 200-day window.
    if (/(?:'s|\bits|\bthe|\babove|\bbelow|\bunder|\bover|\bat) $/.test(q.slice(Math.max(0, m.index - 7), m.index)) && /^\d+[- ]days?$/.test(m[0]) && !/^(?:\d|last|past)/.test(q.slice(m.index - 6, m.index))) continue;
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

/** Time words the parser did not use ("since the fed meeting", "after earnings"): named in the answer, never guessed. */
const TIME_PHRASE = /\b(since|after|before|ahead of|around|from) (the |its |their |his |her |last |this |)([a-z][a-z0-9'&\- ]{1,40}?)(?=[?!.,;:)]|$| vs\b| versus\b| against\b| compared\b| relative\b| and\b| for\b| in\b| on\b| to\b| until\b| through\b| how\b| what\b)/g;
const NOT_TIME = /^(?:start|beginning|open|close|today|yesterday|then|now|\d|ytd|here|there|it|that|this|them|him|her|me|us|you|which|where|a |an |my )/;

export function unreadTimePhrases(question: string, parsed: ParsedPeriod | undefined): string[] {
  const q = question.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  const label = parsed?.period.label.toLowerCase() ?? '';
  const out: string[] = [];
  for (const m of q.matchAll(TIME_PHRASE)) {
    const rest = m[3].trim();
    if (!rest || NOT_TIME.test(rest)) continue;
    const phrase = `${m[1]} ${m[2]}${rest}`.replace(/\s+/g, ' ').trim();
    // Read by the parser (a date, a month, an anchor): nothing to report.
    if (parsed && (label.includes(rest) || parseDateExpression(rest, '2026-01-01', 'start') !== null)) continue;
    if (parsed?.period.anchor) continue;
    if (m[1] === 'from' && parsed) continue;
    if (/^(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4]|20\d\d|19\d\d)/.test(rest) && parsed) continue;
    out.push(phrase);
  }
  return out;
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
  // A window that starts after the data ends is about the future, whichever way round it was written.
  if (period.from > referenceDate) return { period, issue: 'future', requested };
  if (period.from > period.to) return { period, issue: 'reversed', requested };
  if (period.to > referenceDate) return { period: { ...period, to: referenceDate }, issue: 'clamped', requested };
  return { period };
}
