/**
 * The `technicals_summary` tool's output: a numeric reading of one symbol's technicals. Every number is read from
 * the bars or the IndicatorSet; null means "not enough history" and `notes` says why.
 */
import { z } from 'zod';

const crossoverSchema = z.object({
  date: z.string(),
  kind: z.enum(['golden_cross', 'death_cross', 'price_above_sma50', 'price_below_sma50']),
  close: z.number(),
});

const levelSchema = z.object({
  price: z.number(),
  /** How many swing points clustered at this level inside the lookback. */
  touches: z.number().int().positive(),
  lastDate: z.string(),
  /** Distance from the last close, percent (negative = below). */
  distancePct: z.number(),
});

const averageSchema = z.object({
  value: z.number(),
  /** Close relative to the average, percent. */
  closeVsPct: z.number(),
  /** Change of the average over the last `slopeSessions` sessions, percent. */
  slopePct: z.number().nullable(),
  slope: z.enum(['rising', 'falling', 'flat']).nullable(),
});

export const technicalsSummarySchema = z.object({
  symbol: z.string(),
  asOf: z.string(),
  close: z.number(),
  /**
   * The window: its first and last session and their count; its change runs from the base close (the close before
   * `from`, the rule every tool uses) to the last close, in percent.
   */
  window: z.object({
    from: z.string(),
    to: z.string(),
    sessions: z.number().int(),
    baseDate: z.string(),
    baseClose: z.number(),
    changePct: z.number(),
  }),
  trend: z.object({
    direction: z.enum(['uptrend', 'downtrend', 'mixed']),
    sma50: averageSchema.nullable(),
    sma200: averageSchema.nullable(),
    /** SMA 50 above or below SMA 200 on the last bar. */
    sma50VsSma200: z.enum(['above', 'below']).nullable(),
    slopeSessions: z.number().int(),
  }),
  /** Moving-average crossovers inside the window, oldest first. */
  crossovers: z.array(crossoverSchema),
  rsi: z.object({ value: z.number(), regime: z.enum(['overbought', 'oversold', 'neutral']), windowHigh: z.number(), windowLow: z.number() }).nullable(),
  macd: z
    .object({
      macd: z.number(),
      signal: z.number(),
      histogram: z.number(),
      state: z.enum(['bullish', 'bearish']),
      aboveZero: z.boolean(),
      lastCrossover: z.object({ date: z.string(), direction: z.enum(['bullish', 'bearish']) }).nullable(),
    })
    .nullable(),
  range52w: z.object({
    high: z.number(),
    highDate: z.string(),
    low: z.number(),
    lowDate: z.string(),
    /** Last close vs the high (≤ 0) and vs the low (≥ 0), percent. */
    fromHighPct: z.number(),
    fromLowPct: z.number(),
    /** Sessions the range covers: 252 when the series carries a full year. */
    sessions: z.number().int(),
    partial: z.boolean(),
  }),
  levels: z.object({
    support: z.array(levelSchema),
    resistance: z.array(levelSchema),
    /** Sessions searched for swing highs/lows. */
    lookbackSessions: z.number().int(),
  }),
  bollinger: z
    .object({
      upper: z.number(),
      middle: z.number(),
      lower: z.number(),
      /** (close − lower) / (upper − lower): 0 at the lower band, 1 at the upper band. */
      percentB: z.number().nullable(),
      /** (upper − lower) / middle, percent. */
      bandwidthPct: z.number(),
      position: z.enum(['above_upper', 'upper_half', 'lower_half', 'below_lower']),
    })
    .nullable(),
  notes: z.array(z.string()),
});
export type TechnicalsSummary = z.infer<typeof technicalsSummarySchema>;
export type Crossover = z.infer<typeof crossoverSchema>;
export type Level = z.infer<typeof levelSchema>;
