/**
 * Tool `all_time_high`: {series} → the highest close and the highest intraday high over the whole series (warm-up
 * included), their sessions, how far back the history reaches, and where the last close stands against them.
 * "All-time" means "since `historyFrom`": the answer must say how far back the data goes.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { round2, round4 } from './indicators/round.js';
import { checkSeries, price, provenance, provenanceShape, signedPct } from './metric-common.js';

export const allTimeHighInputSchema = z.object({ series: barSeriesSchema });

export const allTimeHighOutputSchema = z.object({
  ...provenanceShape,
  /** The highest daily close and its session (the latest, on a tie). */
  highestClose: z.object({ date: z.string(), close: z.number() }),
  /** The highest intraday high and its session (the latest, on a tie). */
  highestHigh: z.object({ date: z.string(), high: z.number() }),
  /** The first and last session searched: "all-time" means since `historyFrom`. */
  historyFrom: z.string(),
  historyTo: z.string(),
  sessions: z.number().int(),
  lastClose: z.number(),
  /** Last close vs the highest close and vs the highest intraday high, percent (≤ 0). */
  pctFromHighestClose: z.number(),
  pctFromHighestHigh: z.number(),
  /** The last session is the highest close. */
  atHigh: z.boolean(),
});
export type AllTimeHigh = z.infer<typeof allTimeHighOutputSchema>;

export function computeAllTimeHigh(series: BarSeries): AllTimeHigh {
  checkSeries('all_time_high', series);
  const { bars } = series;
  let hc = 0;
  let hh = 0;
  for (let i = 1; i < bars.length; i++) {
    if (bars[i].close >= bars[hc].close) hc = i;
    if (bars[i].high >= bars[hh].high) hh = i;
  }
  const last = bars[bars.length - 1];
  return {
    ...provenance(series),
    highestClose: { date: bars[hc].date, close: bars[hc].close },
    highestHigh: { date: bars[hh].date, high: bars[hh].high },
    historyFrom: bars[0].date,
    historyTo: last.date,
    sessions: bars.length,
    lastClose: last.close,
    pctFromHighestClose: round4((last.close / bars[hc].close - 1) * 100),
    pctFromHighestHigh: round4((last.close / bars[hh].high - 1) * 100),
    atHigh: hc === bars.length - 1,
  };
}

export const allTimeHighTool = defineTool({
  name: 'all_time_high',
  description:
    'All-time high of one symbol ("all-time high for NVDA", "how far is TSLA from its record"): the highest close and its date, the highest ' +
    'intraday high and its date, how far back the history reaches (`historyFrom`: say it in the answer), the last close and % below each ' +
    "high. It searches every bar of `series`, so fetch get_bars from the earliest date (e.g. from 1990-01-01) to the reference date.",
  input: allTimeHighInputSchema,
  output: allTimeHighOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} highest close ${price(out.highestClose.close)} on ${out.highestClose.date} (data from ${out.historyFrom}); ` +
    `last close ${price(out.lastClose)}, ${signedPct(out.pctFromHighestClose)} from it`,
  async execute({ series }, ctx) {
    ctx.signal.throwIfAborted();
    return computeAllTimeHigh(series);
  },
});
