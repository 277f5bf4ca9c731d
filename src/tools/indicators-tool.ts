/**
 * Tool `indicators`: {series: BarSeries} → IndicatorSet (SMA 20/50/200, EMA 20, RSI 14, MACD 12/26/9,
 * Bollinger 20/2σ), arrays aligned with the bars. Pure compute: nothing to retry.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { assertChronological } from './indicators/assert-chronological.js';
import { computeIndicatorSet } from './indicators/compute-indicator-set.js';
import { indicatorSetSchema, type IndicatorSet } from './indicators/indicator-set.js';

export const indicatorsInputSchema = z.object({ series: barSeriesSchema });

export const indicatorsTool = defineTool({
  name: 'indicators',
  description:
    'Technical indicators for one daily bar series (TA-Lib conventions): SMA 20/50/200, EMA 20, RSI 14 (Wilder), MACD 12/26/9, ' +
    'Bollinger Bands 20/2σ. Arrays are aligned with series.bars (null during warm-up); `last` holds the latest values. ' +
    'Fetch the bars with warmupBars ≥ 200 so SMA 200 is defined inside the window.',
  input: indicatorsInputSchema,
  output: indicatorSetSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: summarizeIndicators,
  compact: compactIndicators,
  async execute({ series }, ctx) {
    ctx.signal.throwIfAborted();
    assertChronological(series);
    return computeIndicatorSet(series);
  },
});

export function summarizeIndicators(set: IndicatorSet): string {
  const { last } = set;
  const parts = [`${set.symbol} indicators to ${last.date}`];
  if (last.rsi14 !== null) parts.push(`RSI 14 ${last.rsi14.toFixed(1)}`);
  if (last.macd !== null && last.macdSignal !== null) parts.push(`MACD ${last.macd >= last.macdSignal ? 'above' : 'below'} signal`);
  if (last.sma50 !== null) parts.push(`close ${last.close >= last.sma50 ? 'above' : 'below'} SMA 50`);
  return parts.join(', ');
}

/** What synthesis sees: the latest values and the span, never the arrays. */
export function compactIndicators(set: IndicatorSet) {
  return {
    symbol: set.symbol,
    from: set.dates[set.windowStart] ?? null,
    to: set.last.date,
    bars: set.dates.length,
    warmupBars: set.windowStart,
    last: set.last,
  };
}
