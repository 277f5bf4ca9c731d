/**
 * Every path of the builtin writer, read as text: the first paragraph answers the question asked (the figure with
 * its window, a yes/no, the winner, the leader and laggard), what was not understood is named before it, and no
 * sentence is broken ("in a mixed, RSI 57.9", a lone ".", "undefined", "NaN", empty brackets).
 */
import { describe, expect, it } from 'vitest';
import { writeAnswer } from '../../../src/pipeline/synthesize/builtin-synthesis.js';
import { LIVE_DATA_HINT, LIVE_ONLY } from '../../../src/pipeline/synthesize/synthesis-input.js';
import type { SynthesisInput, SynthesisResult } from '../../../src/pipeline/synthesize/synthesis-model.js';

const PERIOD = { label: 'YTD', from: '2026-01-01', to: '2026-05-15' };
const window = { from: '2026-01-01', to: '2026-05-15', base: 'previous_close' as const, baseDate: '2025-12-31', baseClose: 100, firstDate: '2026-01-02', lastDate: '2026-05-15', sessions: 92, truncated: false };
const prov = (symbol: string) => ({ symbol, source: 'offline dataset', asOf: '2026-05-15', lastSessionInProgress: false });

function input(over: Partial<SynthesisInput> & { results?: SynthesisResult[]; metrics?: { name: string; window?: number }[]; tickers?: string[] } = {}): SynthesisInput {
  const { metrics, tickers, ...rest } = over;
  return {
    question: 'question',
    intent: 'compare',
    entities: { tickers: tickers ?? ['NVDA'], benchmark: null, altBenchmarks: [], period: PERIOD, unknown: [], metrics: metrics ?? [] },
    results: [],
    gaps: [],
    asOfLine: 'offline dataset, as of 2026-05-15',
    notes: [],
    understanding: { assumptions: [], unparsed: [], corrections: [] },
    footnotes: [],
    ...rest,
  };
}
const result = (tool: string, data: unknown, stepId = tool): SynthesisResult => ({ stepId, tool, label: tool, summary: '', data });

/** The text reads as whole sentences: nothing undefined, no empty brackets, no stray punctuation. */
function expectWellFormed(text: string): void {
  expect(text).not.toMatch(/undefined|NaN|null|\[object|\(\s*\)|\s\.|\.\.(?!\.)|,\s*\.|\s{2,}(?!\|)/);
  expect(text.trim()).toMatch(/[.:!?)*_|]$/);
}
const first = (i: SynthesisInput) => {
  const sections = writeAnswer(i);
  for (const s of sections) expectWellFormed(s);
  return sections[0];
};

const tech = (over: Record<string, unknown> = {}) => ({
  symbol: 'AMD', close: 150.25, asOf: '2026-05-15',
  trend: { direction: 'uptrend', sma50: { value: 140, closeVsPct: 7.3, slope: 'rising' }, sma200: { value: 120, closeVsPct: 25.2, slope: 'rising' }, sma50VsSma200: 'above' },
  crossovers: [{ kind: 'golden_cross', date: '2026-03-02' }],
  rsi: { value: 64.7, regime: 'neutral', windowLow: 34, windowHigh: 76.7 },
  macd: { state: 'bullish', macd: 9.33, signal: 7.49, aboveZero: true, lastCrossover: { direction: 'bullish', date: '2026-05-08' } },
  range52w: { high: 160, highDate: '2026-05-01', low: 90, lowDate: '2025-06-01', fromHighPct: -6.1, fromLowPct: 66.9, partial: false, sessions: 252 },
  levels: { support: [{ price: 140.5, distancePct: -6.5 }], resistance: [] },
  bollinger: { position: 'upper_half', upper: 158, middle: 145, lower: 132 },
  notes: [],
  ...over,
});

describe('the first paragraph answers the question asked', () => {
  it('a close on a day, and a day that was no session', () => {
    const close = { ...prov('NVDA'), requestedDate: '2026-03-31', date: '2026-03-31', isSession: true, close: 174.4, previousDate: '2026-03-30', previousClose: 170.84, change: 3.56, changePct: 2.08, note: null };
    expect(first(input({ metrics: [{ name: 'close_on_date' }], results: [result('close_on_date', close)] }))).toBe('**NVDA** closed at 174.40 on 2026-03-31, up 2.1% (3.56) from 170.84 the session before.');
    const holiday = { ...close, requestedDate: '2026-04-03', date: '2026-04-02', isSession: false, note: 'not a session' };
    expect(first(input({ metrics: [{ name: 'close_on_date' }], results: [result('close_on_date', holiday)] }))).toMatch(/^\*\*NVDA\*\* closed at 174\.40 on 2026-04-02, the last session before 2026-04-03, .* 2026-04-03 was not a trading session/);
  });

  it('a max drawdown: the figure, the peak and the trough, and whether it recovered', () => {
    const dd = { ...prov('TSLA'), window, drawdownPct: -27.48, peak: { date: '2026-01-05', close: 489.88 }, trough: { date: '2026-03-30', close: 355.28 }, recoveryDate: null, current: { peak: { date: '2026-01-05', close: 489.88 }, last: { date: '2026-05-15', close: 422.24 }, drawdownPct: -13.81 }, method: 'm' };
    const text = first(input({ intent: 'risk', tickers: ['TSLA'], metrics: [{ name: 'max_drawdown' }], results: [result('max_drawdown', dd)] }));
    expect(text).toBe("**TSLA**'s maximum drawdown over YTD (2025-12-31 → 2026-05-15) was −27.5%: from 489.88 on 2026-01-05 to 355.28 on 2026-03-30. It is now 13.8% below its highest close of the window (489.88 on 2026-01-05).");
    const none = { ...dd, drawdownPct: 0, current: { ...dd.current, drawdownPct: 0 } };
    expect(first(input({ intent: 'risk', metrics: [{ name: 'max_drawdown' }], results: [result('max_drawdown', none)] }))).toMatch(/had no drawdown/);
  });

  it('volatility, beta and correlation with their windows', () => {
    const vol = { ...prov('AMD'), window, annualizedPct: 52.31, dailyPct: 3.2951, returns: 21, annualizationDays: 252, method: 'sample std of daily log returns × √252' };
    expect(first(input({ intent: 'risk', metrics: [{ name: 'volatility' }], results: [result('volatility', vol)] }))).toBe("**AMD**'s realized volatility over YTD (2025-12-31 → 2026-05-15, 21 daily returns) was 52.3% annualized, about 3.3% a day.");
    const beta = { ...prov('TSLA'), benchmark: 'SPY', window, beta: 2.134, correlation: 0.712, sessions: 92, method: 'cov/var of daily simple returns' };
    expect(first(input({ intent: 'risk', metrics: [{ name: 'beta' }], results: [result('beta', beta)] }))).toMatch(/^\*\*TSLA\*\*'s beta to SPY over YTD \(2025-12-31 → 2026-05-15, 92 daily returns\) was 2\.13, with a correlation of 0\.71/);
    expect(first(input({ intent: 'risk', metrics: [{ name: 'correlation' }], results: [result('beta', beta)] }))).toMatch(/correlation with SPY .* was 0\.71 \(moderate positive\)/);
  });

  it('all-time and 52-week highs say how far back the history reaches', () => {
    const ath = { ...prov('NVDA'), highestClose: { date: '2026-05-14', close: 236.54 }, highestHigh: { date: '2026-05-14', high: 238.1 }, historyFrom: '2019-05-16', historyTo: '2026-05-15', sessions: 1760, lastClose: 225.32, pctFromHighestClose: -4.74, pctFromHighestHigh: -5.37, atHigh: false };
    const text = first(input({ intent: 'technicals', metrics: [{ name: 'all_time_high' }], results: [result('all_time_high', ath)] }));
    expect(text).toMatch(/^\*\*NVDA\*\*'s all-time high close is 236\.54, on 2026-05-14; the last close, 225\.32 on 2026-05-15, is 4\.7% below it\. "All-time" here means since 2019-05-16/);
    const range = { ...prov('MSFT'), high: 555.45, highDate: '2025-07-31', low: 344.79, lowDate: '2025-05-20', lastClose: 421.92, lastDate: '2026-05-15', fromHighPct: -24.04, fromLowPct: 22.37, from: '2025-05-16', sessions: 252, partial: false };
    expect(first(input({ intent: 'technicals', metrics: [{ name: 'high_52w' }], results: [result('range_52w', range)] }))).toBe("**MSFT**'s 52-week high is 555.45 (2025-07-31, intraday); the last close, 421.92 on 2026-05-15, is 24.0% below it.");
    expect(first(input({ intent: 'technicals', metrics: [{ name: 'low_52w' }], results: [result('range_52w', range)] }))).toMatch(/^\*\*MSFT\*\*'s 52-week low is 344\.79/);
  });

  it('a moving average: a yes/no when asked, else the value and where the price is', () => {
    const ma = { ...prov('NVDA'), kind: 'sma', period: 50, date: '2026-05-15', value: 193.07, firstDate: '2026-03-05', lastClose: 225.32, position: 'above', distancePct: 16.7, slope: { sessions: 20, fromDate: '2026-04-16', fromValue: 183.3, changePct: 5.33, direction: 'rising' } };
    const yes = input({ question: 'is NVDA above its 50 day?', intent: 'technicals', metrics: [{ name: 'moving_average', window: 50 }], results: [result('moving_average', ma)], understanding: { assumptions: [], unparsed: [], corrections: [], asks: 'yes_no' } });
    expect(first(yes)).toMatch(/^Yes: \*\*NVDA\*\* closed at 225\.32 on 2026-05-15, 16\.7% above its 50-day moving average \(193\.07, rising\)\.$/);
    expect(first({ ...yes, question: 'is NVDA below its 50 day?' })).toMatch(/^No: /);
    const value = input({ question: "what's NVDA's 50 day", intent: 'technicals', metrics: [{ name: 'moving_average', window: 50 }], results: [result('moving_average', ma)] });
    expect(first(value)).toBe("**NVDA**'s 50-day moving average is 193.07 (2026-05-15); the last close, 225.32, is 16.7% above it.");
    const two = input({ intent: 'technicals', metrics: [{ name: 'moving_average', window: 50 }, { name: 'moving_average', window: 200 }], results: [result('moving_average', ma), result('moving_average', { ...ma, period: 200, value: 185.97, distancePct: 21.2 })] });
    expect(first(two)).toMatch(/16\.7% above its 50-day moving average .* and 21\.2% above its 200-day moving average/);
  });

  it('RSI questions get a yes or a no first', () => {
    const yn = { assumptions: [], unparsed: [], corrections: [], asks: 'yes_no' as const };
    const base = { intent: 'technicals', tickers: ['AMD'], metrics: [{ name: 'rsi' }], understanding: yn };
    expect(first(input({ ...base, question: 'is AMD overbought?', results: [result('technicals_summary', tech())] }))).toBe("Not overbought: **AMD**'s RSI(14) is 64.7 on 2026-05-15 (overbought is above 70).");
    expect(first(input({ ...base, question: 'is AMD overbought?', results: [result('technicals_summary', tech({ rsi: { value: 74.2, regime: 'overbought', windowLow: 40, windowHigh: 74.2 } }))] }))).toMatch(/^Yes, overbought: .*74\.2.*above 70\.$/);
    expect(first(input({ ...base, question: 'is AMD oversold?', results: [result('technicals_summary', tech())] }))).toMatch(/^Not oversold: /);
    expect(first(input({ ...base, understanding: { ...yn, asks: undefined }, question: "amd's rsi", results: [result('technicals_summary', tech())] }))).toMatch(/RSI\(14\) is 64\.7 on 2026-05-15: neutral/);
  });

  it('MACD, Bollinger, levels and crossovers answer from the technicals summary', () => {
    const t = [result('technicals_summary', tech())];
    expect(first(input({ intent: 'technicals', metrics: [{ name: 'macd' }], results: t }))).toMatch(/^\*\*AMD\*\*'s MACD is bullish: 9\.33 above its signal line \(7\.49\)/);
    expect(first(input({ intent: 'technicals', metrics: [{ name: 'bollinger' }], results: t }))).toMatch(/upper half of its Bollinger bands \(20, 2\): 132\.00 to 158\.00\.$/);
    expect(first(input({ intent: 'technicals', metrics: [{ name: 'support_resistance' }], results: t }))).toMatch(/support at 140\.50 \(−6\.5%\); resistance at no level above/);
    expect(first(input({ question: 'AMD golden cross?', intent: 'technicals', metrics: [{ name: 'crossovers' }], results: t }))).toMatch(/^Yes: \*\*AMD\*\* had a golden cross .* on 2026-03-02\./);
    expect(first(input({ question: 'any death cross on amd?', intent: 'technicals', metrics: [{ name: 'crossovers' }], results: t }))).toMatch(/^No death cross .* for \*\*AMD\*\* in YTD/);
  });
});

describe('returns: a winner, a ranking, a yes/no, an anchor', () => {
  const row = (symbol: string, returnPct: number, role: 'subject' | 'benchmark' = 'subject', vs: number | null = null) => ({ symbol, role, startDate: '2025-12-31', endDate: '2026-05-15', startClose: 100, endClose: 100 + returnPct, returnPct, vsBenchmarkPp: vs });
  const perf = (rows: ReturnType<typeof row>[], benchmark: string | null) => ({ benchmark, window: { from: '2025-12-31', to: '2026-05-15', sessions: 92, base: 'previous_close', firstDate: '2026-01-02', requested: { from: '2026-01-01', to: '2026-05-15' } }, rows, rebased: [], source: 'offline dataset', notes: [] });

  it('names the winner of a head-to-head and the lead in points', () => {
    const text = first(input({ tickers: ['NVDA', 'AMD'], metrics: [{ name: 'return' }], results: [result('relative_performance', perf([row('NVDA', 25.31), row('AMD', 12.1)], null))] }));
    expect(text).toBe('**NVDA** did better than **AMD** YTD (from the 2025-12-31 close to 2026-05-15): +25.3% against +12.1%, a lead of 13.2 points.');
  });

  it('names the leader and the laggard of a group', () => {
    const rows = [row('AAPL', -5.2), row('NVDA', 20.1), row('MSFT', -9.8)];
    const text = first(input({ tickers: ['AAPL', 'NVDA', 'MSFT'], metrics: [{ name: 'return' }], results: [result('relative_performance', perf(rows, null))] }));
    expect(text).toBe('Of AAPL, NVDA and MSFT YTD (from the 2025-12-31 close to 2026-05-15), **NVDA** did best (+20.1%) and **MSFT** did worst (−9.8%), a gap of 29.9 points.');
  });

  it('answers "has it outperformed?" with a yes or a no', () => {
    const i = input({ question: 'Has Apple outperformed the S&P 500 this year?', tickers: ['AAPL'], metrics: [{ name: 'return' }], understanding: { assumptions: [], unparsed: [], corrections: [], asks: 'yes_no' }, results: [result('relative_performance', perf([row('AAPL', -5.2, 'subject', -13.6), row('SPY', 8.4, 'benchmark')], 'SPY'))] });
    expect(first(i)).toBe('No: **AAPL** lost 5.2% YTD (from the 2025-12-31 close to 2026-05-15), underperforming SPY (+8.4%) by 13.6 points.');
  });

  it('measures an anchored window from the anchor close', () => {
    const anchor = { ...prov('TSLA'), kind: 'lowest_close', basis: 'close', date: '2026-03-30', close: 355.28, level: 355.28, searched: { from: '2026-03-01', to: '2026-03-31', firstDate: '2026-03-02', lastDate: '2026-03-31', sessions: 22 }, window: { from: '2026-03-30', to: '2026-05-15', base: 'from_close' }, lastClose: 422.24, lastDate: '2026-05-15', changeSincePct: 18.85 };
    const p = { ...perf([row('TSLA', 18.8471, 'subject', 4.0971), row('QQQ', 14.75, 'benchmark')], 'QQQ'), window: { from: '2026-03-30', to: '2026-05-15', sessions: 33, base: 'from_close', firstDate: '2026-03-30', requested: { from: '2026-03-30', to: '2026-05-15' } } };
    const anchored = input({ tickers: ['TSLA'], metrics: [{ name: 'return' }], results: [result('find_anchor', anchor), result('relative_performance', p)] });
    anchored.entities.period = { label: 'since the March low', from: '2026-03-01', to: '2026-05-15', anchor: { kind: 'lowest_close', ticker: 'TSLA', in: { from: '2026-03-01', to: '2026-03-31' } } };
    expect(first(anchored)).toBe("**TSLA** gained 18.8% since TSLA's March low (355.28 on 2026-03-30) to 2026-05-15, outperforming QQQ (+14.8%) by 4.1 points.");
  });
});

describe('what was not understood comes first', () => {
  it('names corrections, unread words and missing symbols before the answer', () => {
    const vol = { ...prov('NVDA'), window, annualizedPct: 40, dailyPct: 2.5, returns: 92, annualizationDays: 252, method: 'm' };
    const i = input({
      intent: 'risk',
      metrics: [{ name: 'volatility' }],
      results: [result('volatility', vol)],
      entities: { tickers: ['NVDA'], benchmark: null, altBenchmarks: [], period: PERIOD, unknown: ['NFLX'], metrics: [{ name: 'volatility' }] },
      understanding: { assumptions: [], unparsed: ['since the fed meeting'], corrections: [{ typed: 'Nvidea', read: 'NVDA' }] },
    });
    expect(first(i)).toMatch(/^Reading “Nvidea” as NVDA\. I couldn't read “since the fed meeting”, so this covers YTD \(2026-01-01 → 2026-05-15\) instead\. I have no data for NFLX, so it is left out\. \*\*NVDA\*\*'s realized volatility/);
  });

  it('declines live-only data in a reader\'s words, answers with the prices, and keeps the hint for a footnote', () => {
    const row = { symbol: 'AAPL', role: 'subject', startDate: '2026-02-13', endDate: '2026-05-15', startClose: 100, endClose: 104, returnPct: 4.0, vsBenchmarkPp: null };
    const p = { benchmark: null, window: { from: '2026-02-13', to: '2026-05-15', sessions: 63, base: 'previous_close', firstDate: '2026-02-17', requested: { from: '2026-02-15', to: '2026-05-15' } }, rows: [row], rebased: [], source: 'offline dataset', notes: [] };
    const i = input({
      question: "What's the P/E of AAPL?",
      intent: 'fundamentals',
      tickers: ['AAPL'],
      metrics: [{ name: 'valuation' }],
      entities: { tickers: ['AAPL'], benchmark: null, altBenchmarks: [], period: { label: 'past 3 months', from: '2026-02-15', to: '2026-05-15' }, unknown: [], metrics: [{ name: 'valuation' }] },
      results: [result('relative_performance', p)],
      gaps: [{ stepId: 'fundamentals_aapl', label: 'Fetching AAPL fundamentals', reason: LIVE_ONLY }],
      footnotes: [LIVE_DATA_HINT],
    });
    const sections = writeAnswer(i);
    for (const s of sections) expectWellFormed(s);
    expect(sections[0]).toBe("I can't look up fundamentals such as the P/E ratio, earnings per share or market cap for AAPL here: that needs live market data. What the prices show: **AAPL** gained 4.0% past 3 months (from the 2026-02-13 close to 2026-05-15).");
    expect(sections.at(-1)).toContain('MARKET_DATA=live');
    expect(sections[0]).not.toContain('MARKET_DATA');
  });

  it('says plainly when nothing answered', () => {
    expect(first(input({ gaps: [{ stepId: 'bars', label: 'Fetching NVDA daily prices', reason: 'the provider was down' }] }))).toMatch(/^I could not get the figures to answer this/);
  });
});
