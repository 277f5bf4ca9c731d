/**
 * Bars → IndicatorSet: every line computed on the whole series (warm-up included) so values inside the window are
 * fully warmed; `windowStart` tells readers where the requested window begins. Closes are the split-adjusted
 * `close`, the same price the charts and relative performance use.
 */
import { BotError } from '../../errors.js';
import type { BarSeries } from '../market/types.js';
import type { IndicatorSet } from './indicator-set.js';
import { bollinger } from './bollinger.js';
import { ema } from './ema.js';
import { lastValue } from './line.js';
import { macd } from './macd.js';
import { rsi } from './rsi.js';
import { sma } from './sma.js';

/** The shortest lookback in the set (SMA 20, EMA 20, Bollinger 20): below it nothing useful can be said. */
export const MIN_INDICATOR_BARS = 20;

export function computeIndicatorSet(series: BarSeries): IndicatorSet {
  const { bars } = series;
  if (bars.length < MIN_INDICATOR_BARS) {
    throw new BotError('insufficient_data', `${series.symbol}: indicators need at least ${MIN_INDICATOR_BARS} daily bars, got ${bars.length}`, {
      details: { symbol: series.symbol, bars: bars.length, required: MIN_INDICATOR_BARS },
    });
  }
  const closes = bars.map((bar) => bar.close);
  const macdLines = macd(closes, 12, 26, 9);
  const bands = bollinger(closes, 20, 2);
  const set: Omit<IndicatorSet, 'last'> = {
    symbol: series.symbol,
    dates: bars.map((bar) => bar.date),
    windowStart: Math.min(series.windowStart, bars.length - 1),
    sma20: sma(closes, 20),
    sma50: sma(closes, 50),
    sma200: sma(closes, 200),
    ema20: ema(closes, 20),
    rsi14: rsi(closes, 14),
    macd: macdLines,
    bollinger: bands,
  };
  const lastBar = bars[bars.length - 1];
  return {
    ...set,
    last: {
      date: lastBar.date,
      close: lastBar.close,
      sma20: lastValue(set.sma20),
      sma50: lastValue(set.sma50),
      sma200: lastValue(set.sma200),
      ema20: lastValue(set.ema20),
      rsi14: lastValue(set.rsi14),
      macd: lastValue(macdLines.macd),
      macdSignal: lastValue(macdLines.signal),
      macdHistogram: lastValue(macdLines.histogram),
      bollingerUpper: lastValue(bands.upper),
      bollingerLower: lastValue(bands.lower),
    },
  };
}
