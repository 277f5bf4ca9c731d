/**
 * What the metric tools (close_on_date, max_drawdown, volatility, beta, all_time_high, range_52w, moving_average,
 * find_anchor) share: the checks a series must pass before any figure is computed from it, the provenance every
 * output carries (`source`, `asOf` from the series), and how their summaries print numbers.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import type { BarSeries } from './market/types.js';
import { assertChronological } from './indicators/assert-chronological.js';

/** Fields every metric output carries: whose figures, and where and as of when the data came from. */
export const provenanceShape = {
  symbol: z.string(),
  /** The series' source, e.g. "offline dataset". */
  source: z.string(),
  /** The last date the source has data for. */
  asOf: z.string(),
  /** The series' last bar is a session still in progress (live data): its "close" is the latest price, not a close. */
  lastSessionInProgress: z.boolean(),
};

export function provenance(series: Pick<BarSeries, 'symbol' | 'source' | 'asOf' | 'partial'>) {
  return { symbol: series.symbol, source: series.source, asOf: series.asOf, lastSessionInProgress: series.partial === true };
}

/** Bars in order, at least one, every close a positive number: otherwise a clear tool_input_invalid / insufficient_data. */
export function checkSeries(tool: string, series: BarSeries): void {
  if (series.bars.length === 0) throw new BotError('insufficient_data', `${tool}: ${series.symbol} has no bars`, { details: { symbol: series.symbol } });
  assertChronological(series);
  for (const bar of series.bars) {
    if (!(Number.isFinite(bar.close) && bar.close > 0)) {
      throw new BotError('tool_input_invalid', `${tool}: ${series.symbol} has a non-positive or missing close (${bar.close}) on ${bar.date}`);
    }
  }
}

/** "+1.23%" / "−4.56%" (a real minus sign), two decimals. */
export function signedPct(value: number): string {
  return `${value >= 0 ? '+' : '\u2212'}${Math.abs(value).toFixed(2)}%`;
}

export function price(value: number): string {
  return value.toFixed(2);
}
