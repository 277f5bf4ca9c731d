import { describe, expect, it } from 'vitest';
import {
  checkAnswer,
  containsAny,
  detectYesNo,
  extractNumbers,
  firstParagraph,
  hasAnswerExpectations,
  matchesNumber,
  symbolsCalled,
} from '../../eval/answer-check.js';

const R = '2026-05-15';
const token = (text: string) => {
  const found = extractNumbers(text);
  expect(found, text).toHaveLength(1);
  return found[0];
};

describe('first paragraph', () => {
  it('is the text up to the first blank line, after a leading heading', () => {
    expect(firstParagraph('**NVDA** gained 23.3%.\nSecond line.\n\n| table |')).toBe('**NVDA** gained 23.3%.\nSecond line.');
    expect(firstParagraph('\n## NVDA vs SOX\n\nNVDA gained 23.3%.\n\nMore.')).toBe('NVDA gained 23.3%.');
    expect(firstParagraph('**Performance, 2026-02-13 → 2026-05-15**\nNVDA +23.3%\n\nrest')).toBe('NVDA +23.3%');
    expect(firstParagraph('**NVDA** gained 23.3% from 2026-02-13.\n\nrest')).toBe('**NVDA** gained 23.3% from 2026-02-13.');
    expect(firstParagraph('')).toBe('');
  });
});

describe('numbers in text', () => {
  it('reads signs (+, -, −), thousands separators, %, pp and percentage points', () => {
    expect(token('+18.8%')).toMatchObject({ value: 18.8, signed: true, decimals: 1, unit: 'pct' });
    expect(token('−16.6 pp')).toMatchObject({ value: -16.6, signed: true, unit: 'pp' });
    expect(token('by 16.6 percentage points')).toMatchObject({ value: 16.6, signed: false, unit: 'pp' });
    expect(token('^SOX closed at 11,588.46')).toMatchObject({ value: 11588.46, decimals: 2, unit: 'none' });
    expect(token('$174.40')).toMatchObject({ value: 174.4, decimals: 2, unit: 'none' });
    expect(token('down -4.4%')).toMatchObject({ value: -4.4, signed: true });
  });

  it('skips dates and symbol digits, and does not read hyphens inside words or ranges as signs', () => {
    expect(extractNumbers('from 2026-02-13 to 2026-05-15').map((n) => n.value)).toEqual([]);
    expect(extractNumbers('the 50-day average').map((n) => [n.value, n.signed])).toEqual([[50, false]]);
    expect(extractNumbers('RSI window range 34.0–76.7').map((n) => [n.value, n.signed])).toEqual([[34, false], [76.7, false]]);
    expect(extractNumbers('bands 188.72-231.88').map((n) => [n.value, n.signed])).toEqual([[188.72, false], [231.88, false]]);
    expect(extractNumbers('Q1 and SMA200')).toEqual([]);
  });

  it('matches within the rounding of the stated precision, with the sign when one is written', () => {
    const tsla = { value: 18.847, unit: 'pct' as const, decimals: 1 };
    expect(matchesNumber(token('+18.8%'), tsla)).toBe(true);
    expect(matchesNumber(token('18.85%'), tsla)).toBe(true);
    expect(matchesNumber(token('+18.9%'), tsla)).toBe(true); // 18.85 (rounded to 2) printed to 1 decimal
    expect(matchesNumber(token('+19%'), tsla)).toBe(false); // less precise than asked
    expect(matchesNumber(token('+18.6%'), tsla)).toBe(false);
    expect(matchesNumber(token('−18.8%'), tsla)).toBe(false); // wrong sign
    expect(matchesNumber(token('18.8'), tsla)).toBe(false); // a percent figure needs %
    expect(matchesNumber(token('fell 15.5%'), { value: -15.54, unit: 'pct', decimals: 1 })).toBe(true); // unsigned: magnitude
    expect(matchesNumber(token('+15.5%'), { value: -15.54, unit: 'pct', decimals: 1 })).toBe(false);
    expect(matchesNumber(token('−24.0 pp'), { value: 24.0016, unit: 'pp', decimals: 1, signless: true })).toBe(true);
    expect(matchesNumber(token('by 4.5%'), { value: 4.5118, unit: 'pp', decimals: 1 })).toBe(true); // pp may be written as %
    expect(matchesNumber(token('174.4'), { value: 174.4, unit: 'price', decimals: 2 })).toBe(true);
    expect(matchesNumber(token('174.4%'), { value: 174.4, unit: 'price', decimals: 2 })).toBe(false);
    expect(matchesNumber(token('RSI 64.7'), { value: 64.663, unit: 'number', decimals: 1, tolerance: 0.2 })).toBe(true);
  });
});

describe('yes / no', () => {
  it('a leading Yes/No decides', () => {
    expect(detectYesNo('Not overbought: RSI(14) is 67.3.', { term: 'overbought' })).toBe('no');
    expect(detectYesNo('**No** — AMD is at RSI 67.3.', { term: 'overbought' })).toBe('no');
    expect(detectYesNo('Yes. AAPL is overbought.', { term: 'overbought' })).toBe('yes');
  });

  it('otherwise the first mention of the term, negated or not, or of its opposite', () => {
    expect(detectYesNo('AMD is not overbought (RSI 67.3).', { term: 'overbought' })).toBe('no');
    expect(detectYesNo("AMD isn't overbought yet", { term: 'overbought' })).toBe('no');
    expect(detectYesNo('**AAPL** closed at 300.23, RSI 75.7 (overbought).', { term: 'overbought' })).toBe('yes');
    expect(detectYesNo('META closed at 614.23, 1.2% below its 50-day average.', { term: 'above', opposite: 'below' })).toBe('no');
    expect(detectYesNo('MSFT is 8.9% below its 200-day.', { term: 'under|below', opposite: 'above' })).toBe('yes');
    expect(detectYesNo('AAPL gained 10.4%, outperforming SPY (+8.4%).', { term: 'outperform', opposite: 'underperform' })).toBe('yes');
    expect(detectYesNo('AAPL gained 10.4%, underperforming SPY.', { term: 'outperform', opposite: 'underperform' })).toBe('no');
    expect(detectYesNo('AMD closed at 424.10, RSI 67.3 (neutral).', { term: 'overbought' })).toBeUndefined();
  });
});

describe('winner, leader and laggard', () => {
  const pair = ['NVDA', 'AMD', 'XLK'];
  it('reads who a winning or losing word is about', () => {
    expect(symbolsCalled('NVDA did better than AMD: +29.2% vs +108.5%.', pair, 'win')).toEqual(['NVDA']);
    expect(symbolsCalled('The better performer was **AMD** (+108.5%).', pair, 'win')).toEqual(['AMD']);
    expect(symbolsCalled('AMD underperformed NVDA.', pair, 'lose')).toEqual(['AMD']);
    expect(symbolsCalled('TSLA gained 1.1%, underperforming QQQ (+17.8%).', ['TSLA', 'QQQ'], 'lose')).toEqual(['TSLA']);
    expect(symbolsCalled('Nvidia beat Advanced Micro Devices.', pair, 'win')).toEqual(['NVDA']);
  });

  const question = { tickers: ['NVDA', 'AMD'], benchmark: 'XLK', firstParagraph: { winner: 'AMD' } };
  it('checks the winner of a head-to-head', () => {
    expect(checkAnswer(question, 'AMD did better: +108.5% vs NVDA +29.2%.', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(question, 'NVDA lagged AMD by 79.3 pp.', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(question, 'NVDA outperformed AMD.', { referenceDate: R }).ok).toBe(false);
    // Both beat the benchmark, neither is called the winner between the two: the first "outperforming" is NVDA's.
    expect(checkAnswer(question, 'NVDA gained 29.2%, outperforming XLK; AMD gained 108.5%, outperforming XLK.', { referenceDate: R }).ok).toBe(false);
  });

  it('checks leader and laggard of a group', () => {
    const group = { tickers: ['AAPL', 'AMZN', 'META'], benchmark: 'SPY', firstParagraph: { leader: 'AMZN', laggard: 'META' } };
    expect(checkAnswer(group, 'From 2026-02-13 to 2026-05-15, **AMZN** led (+32.9%) and **META** lagged (−4.0%).', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(group, 'Best: AMZN +32.9%. Worst: META −4.0%.', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(group, 'AAPL led (+17.4%) and META lagged (−4.0%).', { referenceDate: R }).checks.map((c) => [c.kind, c.ok])).toEqual([
      ['leader', false],
      ['laggard', true],
    ]);
  });
});

describe('checkAnswer', () => {
  const tslaVsQqq = {
    tickers: ['TSLA'],
    benchmark: 'QQQ',
    window: { from: '2026-03-30', to: R, anchor: { kind: 'lowest_close' as const, ticker: 'TSLA', in: { from: '2026-03-01', to: '2026-03-31' }, date: '2026-03-30' } },
    firstParagraph: { figures: [{ kind: 'return' as const, ticker: 'TSLA' }] },
  };

  it('finds a figure recomputed from the CSVs in the first paragraph only', () => {
    expect(checkAnswer(tslaVsQqq, 'TSLA is up +18.8% since its March low (2026-03-30 close 355.28).', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(tslaVsQqq, 'TSLA vs QQQ since the March low.\n\nTSLA +18.8%.', { referenceDate: R }).ok).toBe(false);
    // Today's answer: the default window, silently.
    const today = '**TSLA** gained 1.1% from 2026-02-13 to 2026-05-15, underperforming QQQ (+17.8%) by 16.6 percentage points.';
    const result = checkAnswer(tslaVsQqq, today, { referenceDate: R });
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ kind: 'figure', ok: false, expected: 'return TSLA ≈ 18.8%' });
  });

  it('looks for mustName in the whole answer, case-insensitively, with alternatives', () => {
    const q = { tickers: [], benchmark: 'SPY', mustName: ['ZZZZQ'] };
    expect(checkAnswer(q, 'SPY gained 8.4%.\n\nI could not find the symbol ZZZZQ.', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(q, 'SPY gained 8.4%.', { referenceDate: R }).ok).toBe(false);
    expect(containsAny('The close on 2026-04-02 (Good Friday was a holiday)', '2026-04-02|April 2')).toBe(true);
    expect(containsAny('the close on Apr 2', '2026-04-02|April 2')).toBe(false);
  });

  it('accepts a helpful decline for live-only questions', () => {
    const q = { tickers: ['NVDA'], benchmark: null, firstParagraph: { declines: true } };
    const offline = "I couldn't get any of the data needed: Fundamentals needs live data: set FINNHUB_API_KEY (and MARKET_DATA=finnhub) to enable it. The offline dataset has prices only.";
    expect(checkAnswer(q, offline, { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(q, '**NVDA** last traded at 225.32 on 2026-05-15.', { referenceDate: R }).ok).toBe(false);
  });

  it('checks mentions in the first paragraph and knows when a question expects nothing of the answer', () => {
    const q = { tickers: ['NVDA'], benchmark: null, firstParagraph: { mentions: ['above'] } };
    expect(checkAnswer(q, 'NVDA closed at 225.32, 21.2% above its 200-day average (185.97).', { referenceDate: R }).ok).toBe(true);
    expect(checkAnswer(q, 'NVDA closed at 225.32.\n\nIt is above its 200-day.', { referenceDate: R }).ok).toBe(false);
    expect(hasAnswerExpectations({})).toBe(false);
    expect(hasAnswerExpectations({ firstParagraph: {} })).toBe(false);
    expect(hasAnswerExpectations({ mustName: ['X'] })).toBe(true);
  });
});
