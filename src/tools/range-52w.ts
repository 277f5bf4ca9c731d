/**
 * Tool `range_52w`: {series} → the 52-week high and low as technicals_summary defines them (intraday extremes over
 * the last 252 sessions, `range52w` in compute-technicals.ts: the same function), with their sessions and where the
 * last close stands; `partial` when the series has fewer than 252 sessions.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { range52w, YEAR_SESSIONS } from './indicators/compute-technicals.js';
import { checkSeries, price, provenance, provenanceShape, signedPct } from './metric-common.js';

export const range52wInputSchema = z.object({ series: barSeriesSchema });

export const range52wOutputSchema = z.object({
  ...provenanceShape,
  /** Highest intraday high and lowest intraday low over the range, and their sessions (the latest, on a tie). */
  high: z.number(),
  highDate: z.string(),
  low: z.number(),
  lowDate: z.string(),
  lastClose: z.number(),
  lastDate: z.string(),
  /** Last close vs the high (≤ 0) and vs the low (≥ 0), percent. */
  fromHighPct: z.number(),
  fromLowPct: z.number(),
  /** First session of the range, and how many sessions it covers (252 for a full year). */
  from: z.string(),
  sessions: z.number().int(),
  /** Fewer than 252 sessions: the range is shorter than a year. */
  partial: z.boolean(),
});
export type Range52w = z.infer<typeof range52wOutputSchema>;

export function computeRange52w(series: BarSeries): Range52w {
  checkSeries('range_52w', series);
  const range = range52w(series);
  const last = series.bars[series.bars.length - 1];
  return {
    ...provenance(series),
    high: range.high,
    highDate: range.highDate,
    low: range.low,
    lowDate: range.lowDate,
    lastClose: last.close,
    lastDate: last.date,
    fromHighPct: range.fromHighPct,
    fromLowPct: range.fromLowPct,
    from: series.bars[series.bars.length - range.sessions].date,
    sessions: range.sessions,
    partial: range.partial,
  };
}

export const range52wTool = defineTool({
  name: 'range_52w',
  description:
    '52-week high and low of one symbol ("52-week high of MSFT", "how far is AMD from its 52-week low"): the highest intraday high and ' +
    'lowest intraday low over the last 252 sessions of `series` (the technicals_summary definition), their dates, the last close, % from the ' +
    `high and from the low; \`partial\` when there are fewer sessions. Fetch get_bars ending at the reference date with warmupBars ≥ ${YEAR_SESSIONS}.`,
  input: range52wInputSchema,
  output: range52wOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} ${out.partial ? `${out.sessions}-session` : '52-week'} range ${price(out.low)} (${out.lowDate}) – ${price(out.high)} (${out.highDate}); ` +
    `last close ${price(out.lastClose)}, ${signedPct(out.fromHighPct)} from the high`,
  async execute({ series }, ctx) {
    ctx.signal.throwIfAborted();
    return computeRange52w(series);
  },
});
