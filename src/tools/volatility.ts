/**
 * Tool `volatility`: {series, window?} → realized volatility over the window's path: the sample standard deviation
 * (n − 1) of daily log returns, as a daily figure and annualized with √252, in percent.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { round2, round4 } from './indicators/round.js';
import { describeWindow, measuredWindow, measuredWindowSchema, resolveWindow, windowCloses, windowInputSchema, type WindowInput } from './indicators/window.js';
import { checkSeries, provenance, provenanceShape } from './metric-common.js';

export const TRADING_DAYS_PER_YEAR = 252;
export const VOLATILITY_METHOD = 'sample standard deviation (n − 1) of daily log returns on the window path, annualized × √252';

export const volatilityInputSchema = z.object({ series: barSeriesSchema, window: windowInputSchema.optional() });

export const volatilityOutputSchema = z.object({
  ...provenanceShape,
  window: measuredWindowSchema,
  /** Annualized realized volatility, percent (e.g. 52.3). */
  annualizedPct: z.number(),
  /** The daily standard deviation, percent. */
  dailyPct: z.number(),
  /** Daily log returns used (the window's sessions). */
  returns: z.number().int(),
  annualizationDays: z.literal(TRADING_DAYS_PER_YEAR),
  method: z.string(),
});
export type Volatility = z.infer<typeof volatilityOutputSchema>;

/** Sample standard deviation (n − 1); needs at least two values. */
export function sampleStd(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
}

export function computeVolatility(series: BarSeries, window?: WindowInput): Volatility {
  checkSeries('volatility', series);
  const w = resolveWindow(series, window);
  const closes = windowCloses(series, w);
  const logReturns = closes.slice(1).map((close, i) => Math.log(close / closes[i]));
  if (logReturns.length < 2) {
    throw new BotError('insufficient_data', `volatility: ${series.symbol} has ${logReturns.length} daily return(s) in ${describeWindow(w)}; at least 2 are needed`, {
      details: { symbol: series.symbol, returns: logReturns.length },
    });
  }
  const daily = sampleStd(logReturns);
  return {
    ...provenance(series),
    window: measuredWindow(series, w),
    annualizedPct: round4(daily * Math.sqrt(TRADING_DAYS_PER_YEAR) * 100),
    dailyPct: round4(daily * 100),
    returns: logReturns.length,
    annualizationDays: TRADING_DAYS_PER_YEAR,
    method: VOLATILITY_METHOD,
  };
}

export const volatilityTool = defineTool({
  name: 'volatility',
  description:
    'Realized volatility of one symbol over a window ("how volatile has AMD been over the last 30 days"): annualized % (sample std of ' +
    'daily log returns × √252), the daily %, and the number of returns, with the method named. The path is the base close (last close ' +
    'before `window.from`, or the close on `from` with base "from_close") then every close in the window; without `window`, the get_bars ' +
    'window. `series`: get_bars with warmupBars ≥ 1.',
  input: volatilityInputSchema,
  output: volatilityOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) => `${out.symbol} realized volatility ${out.annualizedPct.toFixed(2)}% annualized (${out.returns} daily returns, ${describeWindow(out.window)})`,
  async execute({ series, window }, ctx) {
    ctx.signal.throwIfAborted();
    return computeVolatility(series, window);
  },
});
