/**
 * Tool `render_chart`: a technical, relative-performance or comparison chart → PNG artifacts. The chat-size PNG is
 * the announced `artifact` (the executor emits `artifact.created` from it); a vision-size PNG is stored beside it
 * for `analyze_chart`. When rendering fails for good, the executor runs the declared fallback,
 * `chart_numeric_reading`, so the run still gets a chart reading.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { indicatorSetSchema } from './indicators/indicator-set.js';
import { relativePerformanceSchema } from './indicators/relative-performance-schema.js';
import { checkFonts } from '../render/charts/font-check.js';
import type { Rasterizer } from '../render/charts/rasterizer.js';
import { MAX_LINES } from '../render/charts/line-chart-data.js';
import { toChartInput } from './chart-input.js';
import { windowInputSchema } from './indicators/window.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const renderChartInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('technical'), symbol: z.string().min(1).max(20), series: barSeriesSchema, indicators: indicatorSetSchema }),
  z.object({ kind: z.literal('relative'), performance: relativePerformanceSchema }),
  z.object({
    kind: z.literal('comparison'),
    series: z.array(barSeriesSchema).min(1).max(MAX_LINES),
    from: isoDate.optional(),
    to: isoDate.optional(),
    window: windowInputSchema.optional(),
  }),
]);

export const renderChartOutputSchema = z.object({
  kind: z.enum(['technical', 'relative', 'comparison']),
  /** What the executor announces as `artifact.created` (a reference: the bytes are in the artifact store). */
  artifact: z.object({ name: z.string(), kind: z.literal('chart'), mime: z.string(), alt: z.string() }),
  keyNumbers: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  width: z.number().int(),
  height: z.number().int(),
  /** The copy sized for vision models (within a 1568-px long edge). */
  /** The vision-size copy, rendered only when the vision model reads images. */
  vision: z.object({ name: z.string(), width: z.number().int(), height: z.number().int() }).optional(),
});
export type RenderChartOutput = z.infer<typeof renderChartOutputSchema>;

const fontsChecked = new WeakMap<Rasterizer, Promise<unknown>>();

/** The font self-check, once per rasterizer; a failure fails this render (→ the fallback) and is checked again next time. */
function fontsReady(rasterizer: Rasterizer): Promise<unknown> {
  let checked = fontsChecked.get(rasterizer);
  if (!checked) {
    checked = checkFonts({ rasterizer });
    fontsChecked.set(rasterizer, checked);
    checked.catch(() => fontsChecked.delete(rasterizer));
  }
  return checked;
}

export const renderChartTool = defineTool({
  name: 'render_chart',
  description:
    'Renders a chart as PNG for the thread and for the vision model. kind "technical" {symbol, series, indicators}: candlesticks ' +
    'with SMA 20/50/200, Bollinger, volume (none for indices), MACD and RSI panels; at least six months shown, the asked window shaded. kind "relative" {performance} (the relative_performance output): lines ' +
    `rebased to 100. kind "comparison" {series[] (≤ ${MAX_LINES}), window | from+to}: several tickers rebased to 100 at the window's ` +
    'base close (the last close before `from`, or the close on `from` with base "from_close"), the same returns relative_performance ' +
    "reports; without a window, each series' own get_bars window. Key numbers are printed on the chart.",
  input: renderChartInputSchema,
  output: renderChartOutputSchema,
  timeoutMs: 20_000,
  retry: { retries: 1 },
  concurrencyKey: 'render',
  fallback: {
    tool: 'chart_numeric_reading',
    // Only the technical chart has a numeric stand-in; a failed line chart is simply a gap.
    args: (a) => (a.kind === 'technical' ? { series: a.series, indicators: a.indicators } : undefined),
    reason: 'chart renderer failed → switched to numeric analysis',
  },
  summarize: (out) => `${out.kind} chart ${out.width}×${out.height} (${out.artifact.name})`,
  compact: (out) => ({ kind: out.kind, chart: out.artifact.name, alt: out.artifact.alt, keyNumbers: out.keyNumbers }),
  async execute(input, ctx) {
    const renderer = ctx.services.charts;
    await fontsReady(renderer.rasterizer);
    ctx.emit(`rendering the ${input.kind} chart`);
    // The vision-size copy only when the vision model looks at images (the builtin numeric reader does not).
    // Two templates, so the two sizes overlap: one's encoding (libvips threads) runs while the other lays out (JS).
    const wantsVision = ctx.services.vision?.readsImage === true && input.kind === 'technical';
    const chart = toChartInput(input);
    // Fault injection: `render_chart=block:<ms>` stalls the thread that renders (a worker when CHART_WORKERS > 0).
    const blockMs = ctx.services.faults.blockMs(['render_chart']);
    const options = { signal: ctx.signal, ...(blockMs !== undefined ? { blockMs } : {}) };
    const [chat, vision] = await Promise.all([renderer.render(chart, 'chat', options), wantsVision ? renderer.render(chart, 'vision', options) : undefined]);
    const name = `${ctx.stepId}.png`;
    const visionName = `${ctx.stepId}.vision.png`;
    await Promise.all([
      ctx.services.artifacts.save(ctx.runId, name, chat.png, 'image/png'),
      vision ? ctx.services.artifacts.save(ctx.runId, visionName, vision.png, 'image/png') : undefined,
    ]);
    ctx.log.debug({ timings: { chat: chat.timings, vision: vision?.timings } }, 'chart rendered');
    return {
      kind: input.kind,
      artifact: { name, kind: 'chart' as const, mime: 'image/png', alt: chat.alt },
      keyNumbers: chat.keyNumbers,
      width: chat.width,
      height: chat.height,
      ...(vision ? { vision: { name: visionName, width: vision.width, height: vision.height } } : {}),
    };
  },
});
