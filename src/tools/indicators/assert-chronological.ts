/**
 * Every analysis here assumes bars in trading order; a shuffled or duplicated series would give plausible-looking
 * but wrong numbers, so it is rejected with a clear error instead.
 */
import { BotError } from '../../errors.js';
import type { BarSeries } from '../market/types.js';

export function assertChronological(series: Pick<BarSeries, 'symbol' | 'bars'>): void {
  const { bars } = series;
  for (let i = 1; i < bars.length; i++) {
    if (!(bars[i].date > bars[i - 1].date)) {
      throw new BotError('tool_input_invalid', `${series.symbol}: bars must be in ascending date order without duplicates (${bars[i - 1].date} then ${bars[i].date})`);
    }
  }
}
