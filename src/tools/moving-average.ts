/**
 * Tool `moving_average`: {series, period, kind} → one moving average at the last session (SMA or EMA of closes,
 * from indicators/sma.ts and ema.ts), the last close against it, and its slope over the last 20 sessions with the
 * flat threshold technicals_summary uses.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { sma } from './indicators/sma.js';
import { ema } from './indicators/ema.js';
import { round2, round4 } from './indicators/round.js';
import { SLOPE_FLAT_PCT, SLOPE_SESSIONS } from './indicators/compute-technicals.js';
import { checkSeries, price, provenance, provenanceShape } from './metric-common.js';

export const movingAverageInputSchema = z.object({
  series: barSeriesSchema,
  period: z.number().int().min(2).max(400).describe('sessions averaged, e.g. 20, 50, 100, 200 ("the 200 day")'),
  kind: z.enum(['sma', 'ema']).default('sma').describe('simple (default) or exponential'),
});

export const movingAverageOutputSchema = z.object({
  ...provenanceShape,
  kind: z.enum(['sma', 'ema']),
  period: z.number().int(),
  /** The session the average is taken at (the series' last). */
  date: z.string(),
  value: z.number(),
  /** SMA: the oldest of the `period` closes averaged; EMA: the first close of the series (where it is seeded). */
  firstDate: z.string(),
  lastClose: z.number(),
  /** The last close against the average, and by how much, percent (positive = above). */
  position: z.enum(['above', 'below', 'at']),
  distancePct: z.number(),
  /** The average's change over the last `sessions` sessions; null when the series is too short for it. */
  slope: z
    .object({ sessions: z.number().int(), fromDate: z.string(), fromValue: z.number(), changePct: z.number(), direction: z.enum(['rising', 'falling', 'flat']) })
    .nullable(),
});
export type MovingAverage = z.infer<typeof movingAverageOutputSchema>;

export function computeMovingAverage(series: BarSeries, period: number, kind: 'sma' | 'ema'): MovingAverage {
  checkSeries('moving_average', series);
  const { bars } = series;
  const n = bars.length;
  if (n < period) {
    throw new BotError('insufficient_data', `moving_average: ${kind.toUpperCase()} ${period} of ${series.symbol} needs ${period} closes, the series has ${n} (fetch get_bars with warmupBars ≥ ${period})`, {
      details: { symbol: series.symbol, period, bars: n },
    });
  }
  const line = (kind === 'sma' ? sma : ema)(
    bars.map((bar) => bar.close),
    period,
  );
  const value = line[n - 1] as number;
  const close = bars[n - 1].close;
  const back = n - 1 - SLOPE_SESSIONS;
  const before = back >= 0 ? line[back] : null;
  let slope: MovingAverage['slope'] = null;
  if (before !== null && before !== undefined) {
    const changePct = round4((value / before - 1) * 100);
    slope = {
      sessions: SLOPE_SESSIONS,
      fromDate: bars[back].date,
      fromValue: round4(before),
      changePct,
      direction: changePct > SLOPE_FLAT_PCT ? 'rising' : changePct < -SLOPE_FLAT_PCT ? 'falling' : 'flat',
    };
  }
  return {
    ...provenance(series),
    kind,
    period,
    date: bars[n - 1].date,
    value: round4(value),
    firstDate: kind === 'sma' ? bars[n - period].date : bars[0].date,
    lastClose: close,
    position: close > value ? 'above' : close < value ? 'below' : 'at',
    distancePct: round4((close / value - 1) * 100),
    slope,
  };
}

export const movingAverageTool = defineTool({
  name: 'moving_average',
  description:
    'One moving average of one symbol at the latest session ("what\'s NVDA\'s 200 day", "is AAPL above its 50dma"): SMA (default) or EMA ' +
    'of daily closes over `period` sessions, the last close, above/below and the distance %, and the slope over the last 20 sessions ' +
    '(rising/falling beyond ±0.5%). Fetch get_bars ending at the reference date with warmupBars ≥ period + 20 (EMA: more, it is seeded ' +
    'at the start of the series).',
  input: movingAverageInputSchema,
  output: movingAverageOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} ${out.kind.toUpperCase()} ${out.period} ${price(out.value)} on ${out.date}; close ${price(out.lastClose)} is ${out.position === 'at' ? 'at it' : `${Math.abs(out.distancePct).toFixed(2)}% ${out.position} it`}` +
    (out.slope ? `, ${out.slope.direction}` : ''),
  async execute({ series, period, kind }, ctx) {
    ctx.signal.throwIfAborted();
    return computeMovingAverage(series, period, kind);
  },
});
