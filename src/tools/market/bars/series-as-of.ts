/**
 * "The latest completed session of the data actually used": the last complete bar every series reaches. Before
 * fetching, a period resolves against `market.referenceDate()` (live: the last completed NYSE session); after
 * fetching, this says whether the series really reach it (a provider one session late, a partial bar dropped), so
 * the answer's period and as-of line can end where the data ends.
 */
import type { BarSeries } from '../types.js';

export function latestCommonSession(series: readonly Pick<BarSeries, 'bars' | 'partial'>[]): string | undefined {
  let common: string | undefined;
  for (const s of series) {
    const last = s.bars[s.bars.length - (s.partial ? 2 : 1)]?.date;
    if (last === undefined) return undefined;
    if (common === undefined || last < common) common = last;
  }
  return common;
}
