/**
 * Tool `analyze_chart`: the vision role reads a rendered chart. It gets the vision-size PNG (read back from the
 * artifact store) and the chart's key numbers as text, so a model never has to read figures off pixels. The builtin
 * vision is the numeric chart reader, which works from `series`/`indicators` and says its reading is numeric.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { indicatorSetSchema } from './indicators/indicator-set.js';
import { renderChartOutputSchema } from './render-chart.js';
import { chartAnalysisSchema, compactChartAnalysis, summarizeChartAnalysis } from './chart-numeric-reading.js';

export const analyzeChartInputSchema = z.object({
  chart: renderChartOutputSchema,
  series: barSeriesSchema.optional(),
  indicators: indicatorSetSchema.optional(),
});

export const analyzeChartTool = defineTool({
  name: 'analyze_chart',
  description:
    'Reads a chart produced by render_chart with the vision model (image + key numbers as text) and returns observations: ' +
    'trend, breakouts, crossovers, divergences, volume spikes, support/resistance. Pass the series and indicators of a ' +
    'technical chart too: the builtin reader works from them.',
  input: analyzeChartInputSchema,
  output: chartAnalysisSchema,
  timeoutMs: 60_000,
  retry: { retries: 1 },
  concurrencyKey: 'vision',
  summarize: summarizeChartAnalysis,
  compact: compactChartAnalysis,
  async execute({ chart, series, indicators }, ctx) {
    const { vision } = ctx.services;
    // Only a model that looks at the image gets it (render_chart made the vision-size copy for it).
    const name = chart.vision?.name ?? chart.artifact.name;
    const data = vision.readsImage ? await ctx.services.artifacts.read(ctx.runId, name) : undefined;
    if (vision.readsImage && !data) throw new BotError('artifact_missing', `the chart image ${name} is not in this run's artifacts`);
    ctx.emit(`reading the chart with ${vision.id}`);
    const analysis = await vision.analyzeChart(
      {
        image: data ? { data, mime: 'image/png', width: chart.vision?.width, height: chart.vision?.height } : undefined,
        keyNumbers: chart.keyNumbers,
        series: series && indicators ? { series, indicators } : undefined,
        context: chart.artifact.alt,
      },
      { signal: ctx.signal },
    );
    if (analysis.usage) ctx.services.usage?.record('vision', analysis.usage);
    return analysis;
  },
});
