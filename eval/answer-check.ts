/**
 * Does an answer answer the question that was asked? Given a gold question and the answer's Markdown, checks the
 * first paragraph (text up to the first blank line, after any leading heading) for each expected figure (values
 * from eval/reference/, matched within the rounding of the stated precision), the yes/no, the winner, the leader
 * and laggard, the required mentions and a helpful decline; and the whole answer for the `mustName` strings.
 * The rules are written out in eval/README.md ("The answer checker").
 */
import type { GoldQuestion, YesNo } from './gold-schema.js';
import { computeFigure, defaultDecimals, defaultTolerance, UNIT_OF, type Figure, type FigureUnit, type Window } from './reference/index.js';

export type CheckKind = 'figure' | 'yesNo' | 'winner' | 'leader' | 'laggard' | 'mention' | 'declines' | 'mustName';
export type Check = { kind: CheckKind; ok: boolean; expected: string; detail?: string };
export type AnswerCheck = { ok: boolean; checks: Check[]; firstParagraph: string };

type Expectations = Pick<GoldQuestion, 'tickers' | 'benchmark' | 'window' | 'period' | 'firstParagraph' | 'mustName'>;

/** The window a question is scored on: its own, or the one its legacy `period` spells out in full. */
export function expectedWindow(q: Pick<GoldQuestion, 'window' | 'period'>): Window | undefined {
  if (q.window) return q.window;
  if (q.period?.from && q.period.to) return { from: q.period.from, to: q.period.to };
  return undefined;
}

/** True when the question says anything about the answer (only those count for direct-answer accuracy). */
export function hasAnswerExpectations(q: Pick<GoldQuestion, 'firstParagraph' | 'mustName'>): boolean {
  const fp = q.firstParagraph;
  return Boolean(
    q.mustName?.length ||
      fp?.figures?.length ||
      fp?.yesNo ||
      fp?.winner ||
      fp?.leader ||
      fp?.mentions?.length ||
      fp?.declines,
  );
}

/** The first paragraph: skips leading blank lines and one leading heading ("# …" or a line that is all bold). */
export function firstParagraph(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const heading = /^\s*#{1,6}\s/.test(lines[i] ?? '') || /^\s*(\*\*|__)[^*_]+\1\s*:?\s*$/.test(lines[i] ?? '');
  if (heading) {
    i++;
    while (i < lines.length && lines[i].trim() === '') i++;
  }
  const out: string[] = [];
  for (; i < lines.length && lines[i].trim() !== ''; i++) out.push(lines[i]);
  return out.join('\n').trim();
}

/** Markdown emphasis and code marks removed (so "**NVDA**" reads as "NVDA"). */
export function plain(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/(^|\s)[*_](?=\S)|(?<=\S)[*_](?=\s|$|[.,;:!?)])/g, '$1');
}

export type NumberToken = {
  raw: string;
  /** With the sign as written; unsigned numbers are positive. */
  value: number;
  signed: boolean;
  decimals: number;
  unit: 'pct' | 'pp' | 'none';
  index: number;
};

const NUMBER = /([+\-−])?\$?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(%|pp\b|p\.p\.|percentage points?\b|percent\b|points?\b|pts\b))?/g;

/**
 * Every number in the text with its sign, decimals and unit. Dates (2026-03-30) are skipped, "−" (U+2212) is a
 * minus, thousands separators are dropped, and a sign counts only when it does not follow a letter or digit
 * ("50-day" is not minus day, "34.0–76.7" is a range).
 */
export function extractNumbers(text: string): NumberToken[] {
  const masked = plain(text).replace(/\d{4}-\d{2}-\d{2}/g, (d) => ' '.repeat(d.length));
  const out: NumberToken[] = [];
  for (const m of masked.matchAll(NUMBER)) {
    const before = masked[m.index - 1] ?? ' ';
    let sign: string | undefined = m[1];
    let start = m.index;
    if (sign && /[A-Za-z0-9]/.test(before)) {
      sign = undefined; // "1-2" is a range, "A-1" a name: the number is unsigned
      start += 1;
    } else if (!sign && /[A-Za-z]/.test(before)) continue; // "Q1", "SMA200"
    const digits = m[2].replace(/,/g, '');
    const unitRaw = (m[3] ?? '').toLowerCase();
    const unit = unitRaw === '' ? 'none' : unitRaw === '%' || unitRaw === 'percent' ? 'pct' : 'pp';
    const magnitude = Number(digits);
    out.push({
      raw: sign === undefined && m[1] ? m[0].slice(1) : m[0],
      value: sign === '-' || sign === '−' ? -magnitude : magnitude,
      signed: sign !== undefined,
      decimals: digits.includes('.') ? digits.split('.')[1].length : 0,
      unit,
      index: start,
    });
  }
  return out;
}

const UNITS_ACCEPTED: Readonly<Record<FigureUnit, readonly NumberToken['unit'][]>> = {
  pct: ['pct'],
  pp: ['pp', 'pct'],
  price: ['none'],
  number: ['none'],
};

export type ExpectedNumber = {
  value: number;
  unit: FigureUnit;
  decimals: number;
  tolerance?: number;
  /** Match the magnitude whatever the written sign (a spread's sign depends on which side is named first). */
  signless?: boolean;
};

/**
 * Within rounding at the stated precision: |text − value| ≤ ½·10^−decimals, plus a tenth of a step for two-stage
 * rounding (a return rounded to 2 decimals, then printed to 1), plus any extra `tolerance`. A sign written in the
 * text must agree with the value's; an unsigned number matches by magnitude ("fell 5.2%").
 */
export function matchesNumber(token: NumberToken, expected: ExpectedNumber): boolean {
  if (!UNITS_ACCEPTED[expected.unit].includes(token.unit)) return false;
  const step = 10 ** -expected.decimals;
  const slack = step / 2 + step / 10 + (expected.tolerance ?? 0) + 1e-9;
  if (token.signed && !expected.signless) return Math.abs(token.value - expected.value) <= slack;
  return Math.abs(Math.abs(token.value) - Math.abs(expected.value)) <= slack;
}

const NEGATION = /\b(?:not|no|never|no longer|neither|nor|isn't|aren't|wasn't|weren't|hasn't|haven't|didn't|doesn't|don't|isnt|hasnt|didnt)\s+(?:\w+\s+){0,2}$/i;

/** Reads the yes/no: a leading Yes/No wins; else the first `term` (negated or not); else the `opposite`. */
export function detectYesNo(paragraph: string, spec: Pick<YesNo, 'term' | 'opposite'>): 'yes' | 'no' | undefined {
  const text = plain(paragraph).replace(/^[^\p{L}]+/u, '');
  if (/^(?:yes|yep|yeah|yup)\b/i.test(text)) return 'yes';
  if (/^(?:no|nope|not)\b/i.test(text)) return 'no';
  // The earliest mention of any alternative ("under|below") decides.
  const find = (words: string | undefined): 'found' | 'negated' | undefined => {
    if (!words) return undefined;
    const hits = words
      .split('|')
      .map((word) => new RegExp(`\\b${escapeRegex(word.trim())}`, 'i').exec(text))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => a.index - b.index);
    const m = hits[0];
    if (!m) return undefined;
    return NEGATION.test(text.slice(Math.max(0, m.index - 40), m.index)) ? 'negated' : 'found';
  };
  const term = find(spec.term);
  if (term) return term === 'found' ? 'yes' : 'no';
  const opposite = find(spec.opposite);
  if (opposite) return opposite === 'found' ? 'no' : 'yes';
  return undefined;
}

/** Names people write for the dataset's symbols (and a few that are not in it). */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  AAPL: ['apple'],
  AMD: ['advanced micro devices'],
  AMZN: ['amazon'],
  AVGO: ['broadcom'],
  GOOGL: ['alphabet', 'google'],
  INTC: ['intel'],
  META: ['meta platforms', 'meta', 'facebook'],
  MSFT: ['microsoft'],
  NVDA: ['nvidia'],
  QCOM: ['qualcomm'],
  TSLA: ['tesla'],
  TSM: ['taiwan semiconductor', 'tsmc'],
  NFLX: ['netflix'],
  SPY: ['s&p 500', 's&p'],
  QQQ: ['nasdaq-100', 'nasdaq 100', 'nasdaq'],
  '^SOX': ['phlx semiconductor'],
};

type Mention = { symbol: string; start: number; end: number };

/** Where each candidate symbol is named (ticker as written, $ticker, or a company name). */
export function findSymbolMentions(text: string, candidates: readonly string[]): Mention[] {
  const out: Mention[] = [];
  for (const symbol of new Set(candidates)) {
    const bare = symbol.replace(/^\^/, '');
    const patterns = [new RegExp(`(?<![A-Za-z0-9])[$^]?${escapeRegex(bare)}(?![A-Za-z0-9])`, 'g')];
    for (const alias of ALIASES[symbol] ?? []) patterns.push(new RegExp(`(?<![A-Za-z0-9])${escapeRegex(alias)}(?![A-Za-z0-9])`, 'gi'));
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) out.push({ symbol, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

const WIN_WORDS = /\b(?:better|best|outperform\w*|beat|beats|beating|led|leads|leading|leader|ahead|won|wins|winner|top|topped|stronger|strongest)\b/gi;
const LOSE_WORDS = /\b(?:worse|worst|underperform\w*|lag|lags|lagged|lagging|laggard|trail\w*|behind|weaker|weakest|bottom)\b/gi;

/** Sentences: split after . ! ? ; when a space follows (decimals stay whole). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;])\s+/);
}

/**
 * The symbol each winning (or losing) word is about: the nearest candidate named before it in the same sentence
 * ("NVDA outperformed AMD", "TSLA …, underperforming QQQ"), else the nearest after it ("the best was NVDA").
 */
export function symbolsCalled(paragraph: string, candidates: readonly string[], words: 'win' | 'lose'): string[] {
  const pattern = words === 'win' ? WIN_WORDS : LOSE_WORDS;
  const found: string[] = [];
  for (const sentence of sentences(plain(paragraph))) {
    const mentions = findSymbolMentions(sentence, candidates);
    for (const m of sentence.matchAll(pattern)) {
      const before = mentions.filter((x) => x.end <= m.index).at(-1);
      const after = mentions.find((x) => x.start >= m.index + m[0].length);
      const who = before ?? after;
      if (who) found.push(who.symbol);
    }
  }
  return found;
}

function checkWinner(paragraph: string, winner: string, candidates: readonly string[]): Check {
  const others = candidates.filter((c) => c !== winner);
  const winners = symbolsCalled(paragraph, candidates, 'win');
  const losers = symbolsCalled(paragraph, candidates, 'lose');
  const named = findSymbolMentions(plain(paragraph), [winner]).length > 0;
  const ok = named && (winners[0] === winner || (winners.length === 0 && losers.length > 0 && others.includes(losers[0])));
  return { kind: 'winner', ok, expected: winner, detail: ok ? undefined : `called better: [${winners}], called worse: [${losers}]` };
}

function checkRank(paragraph: string, kind: 'leader' | 'laggard', target: string, candidates: readonly string[]): Check {
  const called = symbolsCalled(paragraph, candidates, kind === 'leader' ? 'win' : 'lose');
  const ok = called.includes(target);
  return { kind, ok, expected: target, detail: ok ? undefined : `called ${kind === 'leader' ? 'best' : 'worst'}: [${called}]` };
}

const DECLINE = /\blive data\b|\blive (?:source|feed|provider|market data)\b|\bneeds? (?:a )?live\b|\bnot (?:in|available in|part of) the offline\b|\boffline dataset (?:has|holds|covers) (?:only )?(?:daily )?prices\b|\bprices only\b/i;

/** Checks one answer against one gold question. `referenceDate` is "today" for point figures. */
export function checkAnswer(q: Expectations, answer: string, options: { referenceDate: string }): AnswerCheck {
  const paragraph = firstParagraph(answer);
  const checks: Check[] = [];
  const fp = q.firstParagraph ?? {};
  const numbers = extractNumbers(paragraph);

  for (const figure of fp.figures ?? []) {
    const expected = expectedNumber(figure, q, options.referenceDate);
    const ok = numbers.some((token) => matchesNumber(token, expected));
    checks.push({
      kind: 'figure',
      ok,
      expected: `${figure.kind} ${figure.ticker}${figure.benchmark ? ` vs ${figure.benchmark}` : ''} ≈ ${expected.value.toFixed(expected.decimals)}${expected.unit === 'pct' ? '%' : expected.unit === 'pp' ? ' pp' : ''}`,
      detail: ok ? undefined : `numbers in the first paragraph: ${numbers.map((n) => n.raw.trim()).join(' ') || 'none'}`,
    });
  }
  if (fp.yesNo) {
    const read = detectYesNo(paragraph, fp.yesNo);
    checks.push({ kind: 'yesNo', ok: read === fp.yesNo.answer, expected: fp.yesNo.answer, detail: read === fp.yesNo.answer ? undefined : `read ${read ?? 'neither'}` });
  }
  const candidates = [...q.tickers, ...(q.benchmark ? [q.benchmark] : [])];
  if (fp.winner) checks.push(checkWinner(paragraph, fp.winner, candidates));
  if (fp.leader) checks.push(checkRank(paragraph, 'leader', fp.leader, candidates));
  if (fp.laggard) checks.push(checkRank(paragraph, 'laggard', fp.laggard, candidates));
  for (const text of fp.mentions ?? []) checks.push({ kind: 'mention', ok: containsAny(plain(paragraph), text), expected: text });
  if (fp.declines) checks.push({ kind: 'declines', ok: DECLINE.test(plain(paragraph)), expected: 'says live data is needed' });
  for (const text of q.mustName ?? []) checks.push({ kind: 'mustName', ok: containsAny(plain(answer), text), expected: text });
  return { ok: checks.every((c) => c.ok), checks, firstParagraph: paragraph };
}

/** A figure's value from the reference calculator, with its unit and precision. */
export function expectedNumber(figure: Figure, q: Pick<GoldQuestion, 'window' | 'period'>, referenceDate: string): ExpectedNumber {
  const { value } = computeFigure(figure, { window: expectedWindow(q), referenceDate });
  const unit = UNIT_OF[figure.kind];
  return {
    value,
    unit,
    decimals: figure.decimals ?? defaultDecimals(figure.kind),
    tolerance: figure.tolerance ?? defaultTolerance(figure.kind),
    signless: figure.kind === 'spread',
  };
}

/** Case-insensitive substring; "a|b" accepts either. */
export function containsAny(text: string, wanted: string): boolean {
  const haystack = text.toLowerCase();
  return wanted.split('|').some((alt) => alt.trim() !== '' && haystack.includes(alt.trim().toLowerCase()));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
