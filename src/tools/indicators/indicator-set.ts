/**
 * The `indicators` tool's output: arrays aligned index-for-index with `series.bars` (null during warm-up), so
 * charts can overlay them and summaries can read the last values. TA-Lib conventions (see each function's file).
 */
import { z } from 'zod';

const line = z.array(z.number().nullable());

export const indicatorSetSchema = z.object({
  symbol: z.string(),
  /** Dates aligned with every array below (same as series.bars[i].date). */
  dates: z.array(z.string()),
  /** Index of the first bar of the requested window (bars before it are warm-up). */
  windowStart: z.number().int().nonnegative(),
  sma20: line,
  sma50: line,
  sma200: line,
  ema20: line,
  rsi14: line,
  macd: z.object({ macd: line, signal: line, histogram: line }),
  bollinger: z.object({ upper: line, middle: line, lower: line }),
  /** Last values (null when there was not enough history). */
  last: z.object({
    date: z.string(),
    close: z.number(),
    sma20: z.number().nullable(),
    sma50: z.number().nullable(),
    sma200: z.number().nullable(),
    ema20: z.number().nullable(),
    rsi14: z.number().nullable(),
    macd: z.number().nullable(),
    macdSignal: z.number().nullable(),
    macdHistogram: z.number().nullable(),
    bollingerUpper: z.number().nullable(),
    bollingerLower: z.number().nullable(),
  }),
});
export type IndicatorSet = z.infer<typeof indicatorSetSchema>;
