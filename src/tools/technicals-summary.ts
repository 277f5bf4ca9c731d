/**
 * Tool `technicals_summary`: {series, indicators} → a numeric technical reading (trend, crossovers, RSI regime,
 * MACD, 52-week range, support/resistance, Bollinger position). It is also what the chart stage falls back to,
 * so it must stand on its own: every figure comes from the bars or the IndicatorSet.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { assertChronological } from './indicators/assert-chronological.js';
import { computeTechnicals } from './indicators/compute-technicals.js';
import { indicatorSetSchema } from './indicators/indicator-set.js';
import { technicalsSummarySchema, type TechnicalsSummary } from './indicators/technicals-summary-schema.js';

export const technicalsSummaryInputSchema = z.object({ series: barSeriesSchema, indicators: indicatorSetSchema });

export const technicalsSummaryTool = defineTool({
  name: 'technicals_summary',
  description:
    'Numeric technical reading of one symbol from its bars and the `indicators` output: trend (close vs SMA 50/200, slopes), ' +
    'golden/death crosses and close crossing SMA 50 inside the window, RSI regime (>70 overbought, <30 oversold), MACD state ' +
    'and last crossover, distance from the 52-week high/low, support/resistance from swing points, Bollinger position. ' +
    'Fetch bars with warmupBars ≥ 252 for a full 52-week range and SMA 200.',
  input: technicalsSummaryInputSchema,
  output: technicalsSummarySchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: summarizeTechnicals,
  compact: compactTechnicals,
  async execute({ series, indicators }, ctx) {
    ctx.signal.throwIfAborted();
    assertChronological(series);
    return computeTechnicals(series, indicators);
  },
});

const REGIME_WORDS = { overbought: 'overbought', oversold: 'oversold', neutral: 'neutral' } as const;

export function summarizeTechnicals(t: TechnicalsSummary): string {
  const parts = [`${t.symbol}: ${t.trend.direction}`];
  if (t.trend.sma50) parts.push(`${t.trend.sma50.closeVsPct >= 0 ? 'above' : 'below'} SMA 50`);
  if (t.rsi) parts.push(`RSI ${t.rsi.value.toFixed(1)} ${REGIME_WORDS[t.rsi.regime]}`);
  if (t.macd) parts.push(`MACD ${t.macd.state}`);
  parts.push(`${Math.abs(t.range52w.fromHighPct).toFixed(1)}% below the ${t.range52w.partial ? 'period' : '52-week'} high`);
  return parts.join(', ');
}

/** Crossovers can pile up in a choppy year; synthesis gets the count and the latest few. */
export function compactTechnicals(t: TechnicalsSummary) {
  const latest = t.crossovers.slice(-6);
  return { ...t, crossovers: latest, crossoverCount: t.crossovers.length };
}
