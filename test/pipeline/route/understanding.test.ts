/**
 * Issue 12's routing: nothing silent. Each case is one of the failures the issue lists (or its close cousin), with
 * what the route must now report: the period people meant (anchors, single days, sessions, month/quarter to date),
 * the metric asked for, groups expanded, typos corrected and said so, unknown words named, bad dates refused.
 */
import { describe, expect, it } from 'vitest';
import { route, TOOL, planFromRoute } from '../../../src/pipeline/route/index.js';
import { normalizeQuestion } from '../../../src/pipeline/route/normalize-question.js';
import { editDistance, nearMiss } from '../../../src/pipeline/route/near-miss.js';
import { OfflineMarketData } from '../../../src/tools/market/offline-provider.js';
import { defaultSymbolDirectory } from '../../../src/tools/market/symbol-directory.js';

const directory = defaultSymbolDirectory();
const market = new OfflineMarketData();
const ask = (question: string) => route(question, { directory, market });
const metricNames = (question: string) => (ask(question).entities.metrics ?? []).map((m) => m.name);
const available = new Set<string>(Object.values(TOOL));

describe('periods people use', () => {
  it('anchors on an event in the data: the March low, the April peak, the 52-week high, the year low', () => {
    expect(ask('TSLA vs QQQ since the March low').entities.period).toMatchObject({
      from: '2026-03-01',
      to: '2026-05-15',
      anchor: { kind: 'lowest_close', ticker: 'TSLA', in: { from: '2026-03-01', to: '2026-03-31' } },
    });
    expect(ask('avgo from the april peak').entities.period.anchor).toMatchObject({ kind: 'highest_close', ticker: 'AVGO', in: { from: '2026-04-01', to: '2026-04-30' } });
    expect(ask('how much is msft down since its 52-week high?').entities.period.anchor).toMatchObject({ kind: 'high_52w', ticker: 'MSFT' });
    expect(ask('tsla since its high of the year').entities.period.anchor).toMatchObject({ kind: 'highest_close', in: { from: '2026-01-01', to: '2026-05-15' } });
  });

  it('plans the anchor as a step the performance reads its window from', () => {
    const result = ask('TSLA vs QQQ since the March low');
    const plan = planFromRoute(result, { available });
    const anchor = plan.steps.find((s) => s.tool === TOOL.anchor);
    expect(anchor?.args).toMatchObject({ anchor: { kind: 'lowest_close', from: '2026-03-01', to: '2026-03-31' } });
    expect(plan.steps.find((s) => s.tool === TOOL.relative)?.args).toMatchObject({ window: { $ref: `${anchor!.id}.window` } });
  });

  it('reads month/quarter to date, the start of a month, a single day, yesterday and today', () => {
    expect(ask('compare $NVDA and $AMD since the start of April').entities.period).toMatchObject({ from: '2026-04-01', to: '2026-05-15' });
    expect(ask('aapl month to date').entities.period).toMatchObject({ from: '2026-05-01', to: '2026-05-15' });
    expect(ask('smh qtd').entities.period).toMatchObject({ from: '2026-04-01', to: '2026-05-15' });
    expect(ask("What was NVDA's close on March 31 2026?").entities.period).toMatchObject({ from: '2026-03-31', to: '2026-03-31' });
    expect(ask('amzn closing price 3/13/2026?').entities.period).toMatchObject({ from: '2026-03-13', to: '2026-03-13' });
    expect(ask("Apple's closing price yesterday").entities.period).toMatchObject({ from: '2026-05-14', to: '2026-05-14' });
    expect(ask('how is tsla doing today?').entities.period).toMatchObject({ from: '2026-05-15', to: '2026-05-15' });
  });

  it('counts "last N sessions" on the exchange calendar', () => {
    expect(ask('tsm last 10 sessions').entities.period).toMatchObject({ from: '2026-05-04', to: '2026-05-15', sessions: 10 });
    // 11 sessions in May, then back through April; 2026-04-03 (Good Friday) is not one, so the 30th is April 6.
    expect(ask('intc over the last 30 trading days').entities.period.from).toBe('2026-04-06');
  });

  it('refuses dates that do not exist and spans nobody could mean, instead of answering the past 3 months', () => {
    for (const question of ['NVDA since 2026-02-30', 'NVDA on 2026-13-45', 'AMD over the last 99999999999 years', 'NVDA over the past 1e309 days', 'TSLA close on feb 30']) {
      const result = ask(question);
      expect(result.problems.map((p) => p.code), question).toContain('invalid_date');
      expect(result.problems.find((p) => p.code === 'invalid_date')?.fatal, question).toBe(true);
    }
    expect(ask('NVDA since 2099-01-01').problems.map((p) => p.code)).toContain('future_range');
  });

  it('names time words it cannot read, keeps the default window, and leaves the planner a low confidence', () => {
    const result = ask('nvda since the fed meeting');
    expect(result.unparsed).toEqual(['since the fed meeting']);
    expect(result.entities.period).toMatchObject({ from: '2026-02-15', to: '2026-05-15' });
    expect(result.assumptions.join(' ')).toMatch(/no period named/);
    expect(result.confidence).toBeLessThan(0.6);
    expect(ask('amd since earnings').unparsed).toEqual(['since earnings']);
  });

  it('strips terminal escapes: "\\e[31m" is no 31-month window', () => {
    const result = ask('NVDA \u001b[31mperformance\u001b[0m YTD');
    expect(result.entities.period).toMatchObject({ label: 'YTD', from: '2026-01-01' });
    expect(ask('NVDA \\e[31m YTD').entities.period.label).toBe('YTD');
  });
});

describe('metrics computed from prices', () => {
  it('reads the metric asked for, never a same-looking period', () => {
    expect(metricNames('What is the max drawdown of TSLA this year?')).toEqual(['max_drawdown']);
    expect(metricNames('how volatile has AMD been over the last 30 days?')).toEqual(['volatility']);
    expect(metricNames('beta of TSLA vs SPY')).toEqual(['beta']);
    expect(metricNames('all-time high for NVDA')).toEqual(['all_time_high']);
    expect(metricNames("what's the 52-week high of MSFT")).toEqual(['high_52w']);
    expect(metricNames("What was NVDA's close on March 31 2026?")).toEqual(['close_on_date']);
    const sma = ask("what's NVDA's 200 day");
    expect(sma.entities.metrics).toEqual([{ name: 'moving_average', window: 200 }]);
    expect(sma.intent).toBe('technicals');
    expect(sma.entities.period.label).not.toMatch(/200/);
  });

  it('routes risk measures to the risk intent with the window asked (a year by default) and SPY for beta', () => {
    expect(ask('What is the max drawdown of TSLA this year?')).toMatchObject({ intent: 'risk', entities: { benchmark: null, period: { from: '2026-01-01' } } });
    expect(ask("what's msft's biggest drawdown?").entities.period).toMatchObject({ from: '2025-05-15', to: '2026-05-15' });
    expect(ask('meta beta').entities).toMatchObject({ tickers: ['META'], benchmark: 'SPY' });
    expect(ask('correlation between nvda and amd over the past year').entities).toMatchObject({ tickers: ['NVDA'], benchmark: 'AMD' });
  });

  it('plans the metric tool and nothing a single figure does not need', () => {
    const plan = planFromRoute(ask('What is the max drawdown of TSLA this year?'), { available });
    expect(plan.steps.map((s) => s.tool)).toEqual([TOOL.bars, TOOL.drawdown]);
    const close = planFromRoute(ask("What was NVDA's close on March 31 2026?"), { available });
    expect(close.steps.map((s) => s.tool)).toEqual([TOOL.bars, TOOL.closeOnDate]);
    expect(close.steps[1].args).toMatchObject({ date: '2026-03-31' });
  });
});

describe('entities', () => {
  it('expands groups people rank, and names the members it has no data for', () => {
    const mag7 = ask('Which mag 7 stock has done best YTD?');
    expect(mag7.entities.tickers).toEqual(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'META', 'NVDA', 'TSLA']);
    expect(mag7.asks).toBe('ranking');
    const faang = ask('how are the FAANG stocks doing this year');
    expect(faang.intent).toBe('compare');
    expect(faang.problems.map((p) => p.code)).toEqual(['symbol_unavailable']);
    expect(faang.entities.unknown).toEqual(['NFLX']);
    expect(ask('chip stocks ytd — who leads, who lags?').entities.tickers).toEqual(['NVDA', 'AMD', 'AVGO', 'INTC', 'QCOM', 'TSM']);
    // Without a ranking, the sector words stay a benchmark.
    expect(ask('Compare the returns of NVDA, AMD and AVGO vs chips over the past 6 months').entities.benchmark).toBe('^SOX');
  });

  it('compares named ETFs with each other when the question picks between them', () => {
    expect(ask('Which semis ETF did better this year, SMH or SOXX?').entities).toMatchObject({ tickers: ['SMH', 'SOXX'], benchmark: 'SPY' });
    expect(ask('XLK vs XLC in 2025, who did better').entities.tickers).toEqual(['XLK', 'XLC']);
    expect(ask('QQQ vs SPY over the past 2 years').entities).toMatchObject({ tickers: ['QQQ'], benchmark: 'SPY' });
  });

  it('corrects company names typed with a slip, and says how it read them', () => {
    const result = ask('How did Nvidea do last month?');
    expect(result.entities.tickers).toEqual(['NVDA']);
    expect(result.corrections).toEqual([{ typed: 'Nvidea', read: 'NVDA' }]);
    expect(ask('microsfot vs apple this year').entities.tickers).toEqual(['MSFT', 'AAPL']);
    expect(nearMiss('apples')).toBeUndefined();
    expect(editDistance('telsa', 'tesla')).toBe(1);
  });

  it('names unknown tickers and assets instead of answering about the benchmark alone', () => {
    const result = ask('How has ZZZZQ done vs the market this year?');
    expect(result.entities.tickers).toEqual([]);
    expect(result.problems[0]).toMatchObject({ code: 'unknown_ticker', fatal: true });
    expect(result.problems[0].message).toContain('ZZZZQ');
    const gold = ask('gold vs SPY YTD');
    expect(gold.entities.tickers).toEqual([]);
    expect(gold.problems[0].message).toMatch(/prices for gold/);
    // Capitals next to capitals are a phrase, not tickers.
    expect(ask("NVDA'; DROP TABLE runs;-- performance YTD").problems).toEqual([]);
  });

  it('names an unknown ticker set against a known one in a question typed in capitals, and reads shouted words as words', () => {
    for (const question of ['ZZZZ VS SPY', 'ZZZZ vs SPY', 'HOW IS ZZZZ VERSUS SPY YTD', 'SPY VS ZZZZ THIS YEAR', 'IS $NVDA AGAINST ZZZZ BETTER']) {
      const result = ask(question);
      expect(result.problems.length, question).toBeGreaterThan(0);
      expect(result.problems[0], question).toMatchObject({ code: 'unknown_ticker', symbols: ['ZZZZ'] });
      expect(result.entities.unknown, question).toContain('ZZZZ');
    }
    // The subject's seat is held by the unknown word: the benchmark is not answered alone.
    expect(ask('ZZZZ VS SPY').entities.tickers).toEqual([]);
    expect(ask('ZZZZ VS SPY').problems[0].fatal).toBe(true);
    // Ordinary shouting: the capitals say nothing, and no everyday word is named as an unknown symbol.
    expect(ask('WHAT IS NVDA DOING').entities).toMatchObject({ tickers: ['NVDA'], unknown: [] });
    expect(ask('WHAT IS NVDA DOING').problems).toEqual([]);
    expect(ask('HOW IS AMD VS SPY').entities).toMatchObject({ tickers: ['AMD'], benchmark: 'SPY', unknown: [] });
    expect(ask('HOW IS AMD VS SPY').problems).toEqual([]);
    expect(ask('SHOULD I BUY NVDA OR SELL').problems).toEqual([]);
    expect(ask('HOW IS NVDA DOING VS SPY').entities).toMatchObject({ tickers: ['NVDA'], benchmark: 'SPY', unknown: [] });
    expect(ask('HOW AM I DOING VS SPY').entities.unknown).toEqual([]);
    expect(ask('NVDA VERSUS THE MARKET THIS YEAR').entities).toMatchObject({ tickers: ['NVDA'], unknown: [] });
  });

  it('reads look-alike letters and a capitalized everyday word as the ticker, and says so', () => {
    const cyrillic = ask('NVD\u0410 vs SOX');
    expect(cyrillic.entities.tickers).toEqual(['NVDA']);
    expect(cyrillic.corrections).toEqual([{ typed: 'NVD\u0410', read: 'NVDA' }]);
    expect(normalizeQuestion('NVD\u0410').lookalikes).toHaveLength(1);
    const on = ask('What is ON doing vs SOX?');
    expect(on.problems[0]).toMatchObject({ code: 'symbol_unavailable', symbols: ['ON'] });
    expect(on.entities.tickers).not.toContain('^SOX');
  });

  it('says what a yes/no, a head-to-head and a ranking ask for', () => {
    expect(ask('is AMD overbought?').asks).toBe('yes_no');
    expect(ask('aapl or msft ytd, which one did better?').asks).toBe('winner');
    expect(ask('nvda, amd and avgo qtd — rank them').asks).toBe('ranking');
  });
});
