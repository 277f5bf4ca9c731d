import { describe, expect, it } from 'vitest';
import {
  annualizedVolatilityPct,
  betaAndCorrelation,
  computeFigure,
  indexBefore,
  indexOnOrBefore,
  loadSeries,
  maxDrawdown,
  monthSpan,
  parseSeries,
  resolveAnchor,
  rsiWilderAt,
  smaAt,
  windowPath,
} from '../../eval/reference/index.js';

const R = '2026-05-15';
const value = (figure: Parameters<typeof computeFigure>[0], window?: { from: string; to: string; anchor?: { kind: 'lowest_close'; date: string } }) =>
  computeFigure(figure, { window, referenceDate: R }).value;

describe('reference calculator: hand-checked values from the CSVs', () => {
  it('TSLA from its March closing low (2026-03-30, 355.28) to 422.24 on 2026-05-15 is +18.85%', () => {
    expect(resolveAnchor({ kind: 'lowest_close', ticker: 'TSLA', in: monthSpan('2026-03') }, R)).toBe('2026-03-30');
    const window = { from: '2026-03-30', to: R, anchor: { kind: 'lowest_close' as const, date: '2026-03-30' } };
    const path = windowPath(loadSeries('TSLA'), window);
    expect([path.baseDate, path.closes[0], path.endDate, path.closes.at(-1)]).toEqual(['2026-03-30', 355.28, R, 422.24]);
    expect(value({ kind: 'return', ticker: 'TSLA' }, window)).toBeCloseTo((422.24 / 355.28 - 1) * 100, 10);
    expect(value({ kind: 'return', ticker: 'TSLA' }, window)).toBeCloseTo(18.847, 3);
  });

  it("NVDA's close on 2026-03-31 is 174.40; a holiday (Good Friday 2026-04-03) gives the session before", () => {
    expect(value({ kind: 'close', ticker: 'NVDA', date: '2026-03-31' })).toBe(174.4);
    expect(computeFigure({ kind: 'close', ticker: 'NVDA', date: '2026-04-03' }, { referenceDate: R })).toEqual({ value: 177.39, detail: 'close on 2026-04-02' });
    expect(value({ kind: 'change', ticker: 'NVDA', date: '2026-03-31' })).toBeCloseTo((174.4 / 165.17 - 1) * 100, 10);
  });

  it("matches the dataset README's sanity figures (close of 2026-02-13 to the close of 2026-05-15)", () => {
    const pastQuarter = { from: '2026-02-15', to: R };
    const got = Object.fromEntries(['NVDA', 'SOXX', '^SOX', 'SMH', 'SPY'].map((t) => [t, Number(value({ kind: 'return', ticker: t }, pastQuarter).toFixed(1))]));
    expect(got).toEqual({ NVDA: 23.3, SOXX: 43.4, '^SOX': 42.4, SMH: 36.5, SPY: 8.4 });
    expect(windowPath(loadSeries('NVDA'), pastQuarter).baseDate).toBe('2026-02-13');
  });

  it('the base close is the last close strictly before `from`: since April 1st uses the 2026-03-31 close', () => {
    const path = windowPath(loadSeries('NVDA'), { from: '2026-04-01', to: R });
    expect(path.baseDate).toBe('2026-03-31');
    expect(path.dates[1]).toBe('2026-04-01');
    // A one-day window is that session's move.
    expect(value({ kind: 'return', ticker: 'NVDA' }, { from: '2026-03-31', to: '2026-03-31' })).toBeCloseTo(value({ kind: 'change', ticker: 'NVDA', date: '2026-03-31' }), 10);
  });

  it('52-week high/low use intraday extremes of the last 252 sessions; the all-time high is the highest close since 2019-05-16', () => {
    expect(computeFigure({ kind: 'high_52w', ticker: 'NVDA' }, { referenceDate: R })).toEqual({ value: 236.54, detail: 'intraday high on 2026-05-14' });
    expect(computeFigure({ kind: 'low_52w', ticker: 'NVDA' }, { referenceDate: R })).toEqual({ value: 129.16, detail: 'intraday low on 2025-05-23' });
    expect(computeFigure({ kind: 'all_time_high', ticker: 'NVDA' }, { referenceDate: R }).value).toBe(235.74);
    expect(computeFigure({ kind: 'all_time_high', ticker: 'NVDA', basis: 'intraday' }, { referenceDate: R }).value).toBe(236.54);
    expect(loadSeries('NVDA').dates[0]).toBe('2019-05-16');
    expect(resolveAnchor({ kind: 'high_52w', ticker: 'META' }, R)).toBe('2025-08-15');
  });

  it('anchors: highest close in a month', () => {
    expect(resolveAnchor({ kind: 'highest_close', ticker: 'NVDA', in: monthSpan('2026-04') }, R)).toBe('2026-04-27');
    expect(monthSpan('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
});

describe('reference calculator: the arithmetic on small hand-made series', () => {
  it('finds dates on or before, and strictly before', () => {
    const dates = ['2026-01-02', '2026-01-05', '2026-01-06'];
    expect(indexOnOrBefore(dates, '2026-01-05')).toBe(1);
    expect(indexBefore(dates, '2026-01-05')).toBe(0);
    expect(indexOnOrBefore(dates, '2026-01-04')).toBe(0);
    expect(indexBefore(dates, '2026-01-02')).toBe(-1);
    expect(indexOnOrBefore(dates, '2026-01-01')).toBe(-1);
  });

  it('max drawdown is the largest peak-to-trough fall', () => {
    // Peaks 120 then 130; the deepest fall is 120 → 80 (−33.3%), not 120 → 90.
    expect(maxDrawdown([100, 120, 90, 110, 80, 130])).toEqual({ pct: (80 / 120 - 1) * 100, peakIndex: 1, troughIndex: 4 });
    expect(maxDrawdown([1, 2, 3]).pct).toBe(0);
  });

  it('realized volatility is the sample std of daily log returns × √252', () => {
    // ln(1.1) = 0.0953102, ln(0.9) = −0.1053605; mean −0.0050252; sample var = 2 × 0.1003354² / 1 = 0.0201344.
    expect(annualizedVolatilityPct([100, 110, 99])).toBeCloseTo(Math.sqrt(0.0201344) * Math.sqrt(252) * 100, 3);
    expect(annualizedVolatilityPct([100, 110, 99])).toBeCloseTo(225.25, 1);
  });

  it('beta and correlation from paired returns', () => {
    const market = [0.01, -0.02, 0.015, 0.005];
    expect(betaAndCorrelation(market.map((r) => 2 * r), market)).toEqual({ beta: expect.closeTo(2, 12), correlation: expect.closeTo(1, 12) });
    expect(betaAndCorrelation(market.map((r) => -r), market)).toEqual({ beta: expect.closeTo(-1, 12), correlation: expect.closeTo(-1, 12) });
    // a = [1, 0, 1], b = [0, 1, 1]: both means 2/3; Σ(a−ā)(b−b̄) = (1/3)(−2/3) + (−2/3)(1/3) + (1/3)(1/3) = −1/3;
    // Σ(a−ā)² = Σ(b−b̄)² = 2/3, so beta = correlation = −1/2.
    expect(betaAndCorrelation([1, 0, 1], [0, 1, 1]).beta).toBeCloseTo(-0.5, 12);
    expect(betaAndCorrelation([1, 0, 1], [0, 1, 1]).correlation).toBeCloseTo(-0.5, 12);
  });

  it('SMA(N) is the mean of the last N closes', () => {
    const closes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(smaAt(closes, 3, 9)).toBe(9);
    expect(smaAt(closes, 10, 9)).toBe(5.5);
    expect(smaAt(closes, 11, 9)).toBeUndefined();
  });

  it("RSI(14) follows Wilder's smoothing", () => {
    // The classic 14-day example series. First RSI: 9 gains summing 3.34 and 4 losses summing 1.40 over the first
    // 14 changes: RS = 3.34 / 1.40, RSI = 100 − 100 / (1 + RS) = 70.464. Next change −0.28: avgGain = 13 × 3.34/14 / 14,
    // avgLoss = (13 × 1.40/14 + 0.28) / 14 → RSI 66.250.
    const closes = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0];
    expect(rsiWilderAt(closes, 13)).toBeUndefined();
    expect(rsiWilderAt(closes, 14)).toBeCloseTo(100 - 100 / (1 + 3.34 / 1.4), 9);
    const gain = (13 * (3.34 / 14)) / 14;
    const loss = (13 * (1.4 / 14) + 0.28) / 14;
    expect(rsiWilderAt(closes, 15)).toBeCloseTo(100 - 100 / (1 + gain / loss), 9);
    expect(rsiWilderAt([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 14)).toBe(100);
    expect(rsiWilderAt(new Array(15).fill(5), 14)).toBe(50);
  });

  it('rejects a price file that is out of order or malformed', () => {
    expect(() => parseSeries('X', 'date,open,high,low,close,volume,adj_close\n2026-01-05,1,1,1,1,1,1\n2026-01-02,1,1,1,1,1,1\n')).toThrow(/ascending/);
    expect(() => parseSeries('X', 'date,open,high,low,close\n2026-01-05,1,1,1,abc\n')).toThrow(/bad number/);
    expect(() => parseSeries('X', 'date,close\n2026-01-05,1\n')).toThrow(/"high"/);
  });
});
