/**
 * Tool `close_on_date`: {series, date} → the close of the session on `date`, or of the last session before it when
 * `date` is not a session (a weekend, a market holiday such as Good Friday 2026-04-03) — `isSession` and `note` say
 * which — with the previous session's close and the day's change.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { round2, round4 } from './indicators/round.js';
import { lastIndexOnOrBefore } from './indicators/window.js';
import { checkSeries, price, provenance, provenanceShape, signedPct } from './metric-common.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const closeOnDateInputSchema = z.object({
  series: barSeriesSchema,
  date: isoDate.describe('the date asked about; a non-session uses the last session before it'),
});

export const closeOnDateOutputSchema = z.object({
  ...provenanceShape,
  /** The date asked about. */
  requestedDate: z.string(),
  /** The session whose close is reported: `requestedDate` itself, or the last session before it. */
  date: z.string(),
  /** Whether `requestedDate` is a session of the series. */
  isSession: z.boolean(),
  close: z.number(),
  /** The session before `date` (null when the series starts on `date`). */
  previousDate: z.string().nullable(),
  previousClose: z.number().nullable(),
  /** The day's move: close − previous close, and in percent. */
  change: z.number().nullable(),
  changePct: z.number().nullable(),
  /** Why `date` differs from `requestedDate`, or why there is no previous close; null when nothing needs saying. */
  note: z.string().nullable(),
});
export type CloseOnDate = z.infer<typeof closeOnDateOutputSchema>;

export function computeCloseOnDate(series: BarSeries, requestedDate: string): CloseOnDate {
  checkSeries('close_on_date', series);
  const { bars } = series;
  const i = lastIndexOnOrBefore(bars, requestedDate);
  if (i < 0) {
    throw new BotError('insufficient_data', `close_on_date: ${series.symbol} has no session on or before ${requestedDate} (the series starts ${bars[0].date})`, {
      details: { symbol: series.symbol, date: requestedDate },
    });
  }
  const bar = bars[i];
  const previous = i > 0 ? bars[i - 1] : null;
  const isSession = bar.date === requestedDate;
  const notes: string[] = [];
  if (!isSession) {
    notes.push(
      i === bars.length - 1 && requestedDate > bar.date
        ? `${requestedDate} is after the last session in the series (${bar.date}); that is the close used`
        : `${requestedDate} is not a trading session (a weekend or market holiday); the last session before it is ${bar.date}`,
    );
  }
  if (i === bars.length - 1 && series.partial === true) notes.push(`the ${bar.date} session is still in progress: ${bar.close} is the latest price, not its close`);
  if (!previous) notes.push(`the series starts on ${bar.date}, so there is no previous close to measure the day's change from`);
  return {
    ...provenance(series),
    requestedDate,
    date: bar.date,
    isSession,
    close: bar.close,
    previousDate: previous?.date ?? null,
    previousClose: previous?.close ?? null,
    change: previous ? round4(bar.close - previous.close) : null,
    changePct: previous ? round4((bar.close / previous.close - 1) * 100) : null,
    note: notes.length ? notes.join('; ') : null,
  };
}

export const closeOnDateTool = defineTool({
  name: 'close_on_date',
  description:
    'The close of one symbol on a date ("NVDA close on March 31", "how much did AMD move on 2026-04-10", "Apple close yesterday"): ' +
    'the session used (the date itself, or the last session before it when the date is a weekend or holiday: `isSession`, `note`), ' +
    'its close, the previous session close and the day change %. `series` is a get_bars output whose range ends on or after the ' +
    'date and starts at least a week before it (warmupBars ≥ 1), so the previous close is in it.',
  input: closeOnDateInputSchema,
  output: closeOnDateOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} closed ${price(out.close)} on ${out.date}${out.isSession ? '' : ` (${out.requestedDate} is not a session)`}` +
    (out.changePct === null ? '' : `, ${signedPct(out.changePct)} on the day`),
  async execute({ series, date }, ctx) {
    ctx.signal.throwIfAborted();
    return computeCloseOnDate(series, date);
  },
});
