/**
 * Bars + IndicatorSet → TechnicalsSummary: trend (close vs SMA 50/200 and their slopes), crossovers in the window,
 * RSI regime, MACD state and last crossover, 52-week range, support/resistance, Bollinger position.
 * Thresholds are named constants so the reading is explainable: overbought > 70, oversold < 30, an average is
 * "rising"/"falling" when it moved more than 0.5% over the last 20 sessions.
 */
import { BotError } from '../../errors.js';
import type { BarSeries } from '../market/types.js';
import type { TechnicalsSummary } from './technicals-summary-schema.js';
import { findCrossovers } from './find-crossovers.js';
import type { IndicatorSet } from './indicator-set.js';
import { round2, round4 } from './round.js';
import { signChanges } from './sign-changes.js';
import { supportResistance } from './support-resistance.js';
import { resolveWindow, windowChangePct } from './window.js';

export const MIN_TECHNICALS_BARS = 20;
export const RSI_OVERBOUGHT = 70;
export const RSI_OVERSOLD = 30;
export const SLOPE_SESSIONS = 20;
export const SLOPE_FLAT_PCT = 0.5;
export const YEAR_SESSIONS = 252;
/** Support/resistance look back at least this far, even when the window is a week. */
export const MIN_LEVEL_LOOKBACK = 60;

type Average = NonNullable<TechnicalsSummary['trend']['sma50']>;

export function computeTechnicals(series: BarSeries, indicators: IndicatorSet): TechnicalsSummary {
  const { bars } = series;
  const n = bars.length;
  if (n < MIN_TECHNICALS_BARS) {
    throw new BotError('insufficient_data', `${series.symbol}: a technical reading needs at least ${MIN_TECHNICALS_BARS} daily bars, got ${n}`, {
      details: { symbol: series.symbol, bars: n, required: MIN_TECHNICALS_BARS },
    });
  }
  assertAligned(series, indicators);
  const notes: string[] = [];
  const closes = bars.map((bar) => bar.close);
  const close = closes[n - 1];
  // The series' own window, by the one window rule: the change runs from the close before its first session.
  const window = resolveWindow(series);
  const windowStart = window.startIndex;

  const sma50 = average(indicators.sma50, close);
  const sma200 = average(indicators.sma200, close);
  if (!sma50) notes.push(`SMA 50 needs 50 sessions; the series has ${n}`);
  if (!sma200) notes.push(`SMA 200 needs 200 sessions; the series has ${n} (fetch more warm-up for the long-term trend)`);
  const sma50VsSma200 = sma50 && sma200 ? (sma50.value >= sma200.value ? 'above' : 'below') : null;

  const range = range52w(series);
  if (range.partial) notes.push(`the 52-week range covers only ${range.sessions} sessions`);

  const lookbackFrom = Math.max(0, Math.min(windowStart, n - MIN_LEVEL_LOOKBACK));
  const levels = supportResistance(bars, lookbackFrom);
  if (levels.resistance.length === 0) notes.push('no swing high above the last close in the lookback (trading at the top of its recent range)');
  if (levels.support.length === 0) notes.push('no swing low below the last close in the lookback (trading at the bottom of its recent range)');

  return {
    symbol: series.symbol,
    asOf: bars[n - 1].date,
    close,
    window: {
      from: bars[windowStart].date,
      to: bars[n - 1].date,
      sessions: n - windowStart,
      baseDate: window.baseDate,
      baseClose: bars[window.baseIndex].close,
      changePct: round4(windowChangePct(series, window)),
    },
    trend: { direction: direction(close, sma50, sma200), sma50, sma200, sma50VsSma200, slopeSessions: SLOPE_SESSIONS },
    crossovers: findCrossovers({ dates: indicators.dates, closes, sma50: indicators.sma50, sma200: indicators.sma200, windowStart }),
    rsi: rsiReading(indicators, windowStart),
    macd: macdReading(indicators),
    range52w: range,
    levels: { ...levels, lookbackSessions: n - lookbackFrom },
    bollinger: bollingerReading(indicators, close),
    notes,
  };
}

function assertAligned(series: BarSeries, indicators: IndicatorSet): void {
  const lastDate = series.bars[series.bars.length - 1].date;
  if (indicators.symbol.toUpperCase() !== series.symbol.toUpperCase() || indicators.dates.length !== series.bars.length || indicators.last.date !== lastDate) {
    throw new BotError(
      'tool_input_invalid',
      `technicals_summary: the indicators (${indicators.symbol}, ${indicators.dates.length} bars to ${indicators.last.date}) were not computed from this series (${series.symbol}, ${series.bars.length} bars to ${lastDate})`,
    );
  }
}

function average(line: readonly (number | null)[], close: number): Average | null {
  const n = line.length;
  const value = line[n - 1];
  if (value === null || value === undefined) return null;
  const before = n - 1 - SLOPE_SESSIONS >= 0 ? line[n - 1 - SLOPE_SESSIONS] : null;
  const slopePct = before === null || before === undefined ? null : round2((value / before - 1) * 100);
  const slope = slopePct === null ? null : slopePct > SLOPE_FLAT_PCT ? 'rising' : slopePct < -SLOPE_FLAT_PCT ? 'falling' : 'flat';
  return { value: round4(value), closeVsPct: round4((close / value - 1) * 100), slopePct, slope };
}

/** Uptrend: close above a rising SMA 50 that sits above SMA 200 (when known); downtrend mirrors it. */
function direction(close: number, sma50: Average | null, sma200: Average | null): TechnicalsSummary['trend']['direction'] {
  if (!sma50) return 'mixed';
  const longUp = sma200 === null || sma50.value > sma200.value;
  const longDown = sma200 === null || sma50.value < sma200.value;
  if (close > sma50.value && sma50.slope === 'rising' && longUp) return 'uptrend';
  if (close < sma50.value && sma50.slope === 'falling' && longDown) return 'downtrend';
  return 'mixed';
}

function rsiReading(indicators: IndicatorSet, windowStart: number): TechnicalsSummary['rsi'] {
  const value = indicators.last.rsi14;
  if (value === null) return null;
  const inWindow = indicators.rsi14.slice(windowStart).filter((v): v is number => v !== null);
  const regime = value > RSI_OVERBOUGHT ? 'overbought' : value < RSI_OVERSOLD ? 'oversold' : 'neutral';
  return { value: round2(value), regime, windowHigh: round2(Math.max(...inWindow)), windowLow: round2(Math.min(...inWindow)) };
}

function macdReading(indicators: IndicatorSet): TechnicalsSummary['macd'] {
  const { macd, macdSignal, macdHistogram } = indicators.last;
  if (macd === null || macdSignal === null || macdHistogram === null) return null;
  const last = signChanges(indicators.macd.histogram).at(-1);
  return {
    macd: round4(macd),
    signal: round4(macdSignal),
    histogram: round4(macdHistogram),
    state: macdHistogram >= 0 ? 'bullish' : 'bearish',
    aboveZero: macd > 0,
    lastCrossover: last ? { date: indicators.dates[last.index], direction: last.sign > 0 ? 'bullish' : 'bearish' } : null,
  };
}

/**
 * The 52-week range: the bars' highs and lows (intraday extremes) over the last 252 sessions or all there is; the
 * latest session wins a tie. Also the `range_52w` tool's definition.
 */
export function range52w(series: BarSeries): TechnicalsSummary['range52w'] {
  const { bars } = series;
  const from = Math.max(0, bars.length - YEAR_SESSIONS);
  let hi = from;
  let lo = from;
  for (let i = from + 1; i < bars.length; i++) {
    if (bars[i].high >= bars[hi].high) hi = i;
    if (bars[i].low <= bars[lo].low) lo = i;
  }
  const close = bars[bars.length - 1].close;
  return {
    high: bars[hi].high,
    highDate: bars[hi].date,
    low: bars[lo].low,
    lowDate: bars[lo].date,
    fromHighPct: round4((close / bars[hi].high - 1) * 100),
    fromLowPct: round4((close / bars[lo].low - 1) * 100),
    sessions: bars.length - from,
    partial: bars.length < YEAR_SESSIONS,
  };
}

function bollingerReading(indicators: IndicatorSet, close: number): TechnicalsSummary['bollinger'] {
  const n = indicators.dates.length;
  const upper = indicators.bollinger.upper[n - 1];
  const middle = indicators.bollinger.middle[n - 1];
  const lower = indicators.bollinger.lower[n - 1];
  if (upper === null || middle === null || lower === null) return null;
  const width = upper - lower;
  const position = close > upper ? 'above_upper' : close < lower ? 'below_lower' : close >= middle ? 'upper_half' : 'lower_half';
  return {
    upper: round4(upper),
    middle: round4(middle),
    lower: round4(lower),
    percentB: width > 0 ? round2((close - lower) / width) : null,
    bandwidthPct: middle !== 0 ? round2((width / middle) * 100) : 0,
    position,
  };
}
