/**
 * Tool `chart_numeric_reading`: {series, indicators} → ChartAnalysis (method "numeric"). The observations a person
 * would take from the technical chart, computed from the numbers it plots. It is `render_chart`'s declared fallback,
 * so a run whose renderer is down still gets a chart reading (and says it is numeric).
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { indicatorSetSchema } from './indicators/indicator-set.js';
import { NumericChartReader } from './chart-reading/numeric-chart-reader.js';

export const chartObservationSchema = z.object({ kind: z.string(), text: z.string() });
export const chartAnalysisSchema = z.object({
  method: z.enum(['vision', 'numeric']),
  model: z.string(),
  observations: z.array(chartObservationSchema),
  usage: z
    .object({ model: z.string(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number(), durationMs: z.number() })
    .optional(),
});
export type ChartAnalysisOutput = z.infer<typeof chartAnalysisSchema>;

export const chartNumericReadingInputSchema = z.object({ series: barSeriesSchema, indicators: indicatorSetSchema });

const reader = new NumericChartReader();

export const chartNumericReadingTool = defineTool({
  name: 'chart_numeric_reading',
  description:
    'Reads a technical chart numerically (no image): trend, 20-session breakouts, SMA 20/50/200 crossovers, RSI regime and ' +
    'divergences, volume spikes, nearest support/resistance, Bollinger extremes, from the bars and the `indicators` output.',
  input: chartNumericReadingInputSchema,
  output: chartAnalysisSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: summarizeChartAnalysis,
  compact: compactChartAnalysis,
  async execute({ series, indicators }, ctx) {
    return reader.analyzeChart({ keyNumbers: {}, series: { series, indicators }, context: `${series.symbol} technical chart` }, { signal: ctx.signal });
  },
});

export function summarizeChartAnalysis(analysis: ChartAnalysisOutput): string {
  const first = analysis.observations.find((o) => o.kind !== 'method');
  const how = analysis.method === 'numeric' ? 'numeric chart reading' : `chart read by ${analysis.model}`;
  return `${how}: ${analysis.observations.filter((o) => o.kind !== 'method').length} observations${first ? ` (${first.kind})` : ''}`;
}

/** Synthesis needs the observations and how they were made; usage goes to run.completed instead. */
export function compactChartAnalysis(analysis: ChartAnalysisOutput) {
  return { method: analysis.method, model: analysis.model, observations: analysis.observations };
}
