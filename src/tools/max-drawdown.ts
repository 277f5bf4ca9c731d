/**
 * Tool `max_drawdown`: {series, window?} → the largest peak-to-trough fall of closes on the window's path (the base
 * close, then every session's close in the window; the base close counts as a possible peak), with the peak and
 * trough sessions, when (if ever) the path got back to the peak, and the current drawdown from the path's high.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { round2, round4 } from './indicators/round.js';
import { describeWindow, measuredWindow, measuredWindowSchema, resolveWindow, windowInputSchema, type WindowInput } from './indicators/window.js';
import { checkSeries, price, provenance, provenanceShape, signedPct } from './metric-common.js';

export const MAX_DRAWDOWN_METHOD = 'largest peak-to-trough fall of daily closes on the window path (the base close, then each session close in the window)';

export const maxDrawdownInputSchema = z.object({ series: barSeriesSchema, window: windowInputSchema.optional() });

const pointSchema = z.object({ date: z.string(), close: z.number() });

export const maxDrawdownOutputSchema = z.object({
  ...provenanceShape,
  window: measuredWindowSchema,
  /** Percent from the peak close to the trough close: ≤ 0 (0 when the path never fell below an earlier close). */
  drawdownPct: z.number(),
  /** The peak before the largest fall, and its trough (both the base session when the path never fell). */
  peak: pointSchema,
  trough: pointSchema,
  /** First session after the trough that closed at or above the peak; null when it has not recovered. */
  recoveryDate: z.string().nullable(),
  /** From the highest close on the path (the earliest, on a tie) to the last close: ≤ 0. */
  current: z.object({ peak: pointSchema, last: pointSchema, drawdownPct: z.number() }),
  method: z.string(),
});
export type MaxDrawdown = z.infer<typeof maxDrawdownOutputSchema>;

export function computeMaxDrawdown(series: BarSeries, window?: WindowInput): MaxDrawdown {
  checkSeries('max_drawdown', series);
  const w = resolveWindow(series, window);
  const bars = series.bars;
  let peak = w.baseIndex;
  let best = { pct: 0, peak: w.baseIndex, trough: w.baseIndex };
  for (let i = w.baseIndex + 1; i <= w.endIndex; i++) {
    if (bars[i].close > bars[peak].close) peak = i;
    const pct = (bars[i].close / bars[peak].close - 1) * 100;
    if (pct < best.pct) best = { pct, peak, trough: i };
  }
  let recovery: number | null = null;
  if (best.pct < 0) {
    for (let i = best.trough + 1; i <= w.endIndex && recovery === null; i++) if (bars[i].close >= bars[best.peak].close) recovery = i;
  }
  const point = (i: number) => ({ date: bars[i].date, close: bars[i].close });
  return {
    ...provenance(series),
    window: measuredWindow(series, w),
    drawdownPct: round4(best.pct),
    peak: point(best.peak),
    trough: point(best.trough),
    recoveryDate: recovery === null ? null : bars[recovery].date,
    // `peak` ends as the path's highest close (the earliest of equal highs).
    current: { peak: point(peak), last: point(w.endIndex), drawdownPct: round4((bars[w.endIndex].close / bars[peak].close - 1) * 100) },
    method: MAX_DRAWDOWN_METHOD,
  };
}

export const maxDrawdownTool = defineTool({
  name: 'max_drawdown',
  description:
    'Maximum drawdown of one symbol over a window ("max drawdown of TSLA this year", "biggest drop from peak since March"): the largest ' +
    'peak-to-trough fall of daily closes in % (negative), the peak and trough dates and closes, the recovery date if any, and the current ' +
    'drawdown from the window high. The path is the base close (last close before `window.from`, or the close on `from` with base ' +
    '"from_close") followed by every close in the window; without `window`, the get_bars window. `series`: get_bars with warmupBars ≥ 1.',
  input: maxDrawdownInputSchema,
  output: maxDrawdownOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} max drawdown ${signedPct(out.drawdownPct)} (${out.peak.date} ${price(out.peak.close)} → ${out.trough.date} ${price(out.trough.close)}), ${describeWindow(out.window)}`,
  async execute({ series, window }, ctx) {
    ctx.signal.throwIfAborted();
    return computeMaxDrawdown(series, window);
  },
});
