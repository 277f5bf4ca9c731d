/**
 * Tool `beta`: {series, benchmark, window?} → beta (cov / var of daily simple returns) and the Pearson correlation
 * of one symbol against a benchmark, over the same window. Each series' returns are taken on its own window path
 * and paired by the date they end on, so a session one of them lacks drops out instead of shifting the pairs.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { round4 } from './indicators/round.js';
import { describeWindow, measuredWindow, measuredWindowSchema, resolveWindow, windowInputSchema, type ResolvedWindow, type WindowInput } from './indicators/window.js';
import { checkSeries, provenance, provenanceShape } from './metric-common.js';

export const BETA_METHOD = 'cov / var of daily simple returns paired by date on the window path; correlation = Pearson of the same pairs';

export const betaInputSchema = z.object({
  series: barSeriesSchema,
  benchmark: barSeriesSchema.describe('the series measured against (a get_bars output), e.g. SPY'),
  window: windowInputSchema.optional(),
});

export const betaOutputSchema = z.object({
  ...provenanceShape,
  /** The benchmark's symbol. */
  benchmark: z.string(),
  /** The subject's window (the benchmark is measured over the same calendar window). */
  window: measuredWindowSchema,
  beta: z.number(),
  /** Pearson correlation; null when the subject did not move at all (no variance). */
  correlation: z.number().nullable(),
  /** Paired daily returns used. */
  sessions: z.number().int(),
  method: z.string(),
});
export type Beta = z.infer<typeof betaOutputSchema>;

/** Daily simple returns on a window path, keyed by the session they end on. */
function returnsByDate(series: BarSeries, w: ResolvedWindow): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = w.baseIndex + 1; i <= w.endIndex; i++) out.set(series.bars[i].date, series.bars[i].close / series.bars[i - 1].close - 1);
  return out;
}

export function computeBeta(series: BarSeries, benchmark: BarSeries, window?: WindowInput): Beta {
  checkSeries('beta', series);
  checkSeries('beta', benchmark);
  const w = resolveWindow(series, window);
  // The benchmark over the same calendar window (the subject's own, when none was given).
  const wb = resolveWindow(benchmark, { from: w.from, to: w.to, base: w.base });
  const theirs = returnsByDate(benchmark, wb);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [date, r] of returnsByDate(series, w)) {
    const other = theirs.get(date);
    if (other !== undefined) {
      xs.push(r);
      ys.push(other);
    }
  }
  if (xs.length < 2) {
    throw new BotError('insufficient_data', `beta: ${series.symbol} and ${benchmark.symbol} share ${xs.length} daily return(s) in ${describeWindow(w)}; at least 2 are needed`, {
      details: { symbol: series.symbol, benchmark: benchmark.symbol, pairs: xs.length },
    });
  }
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < xs.length; i++) {
    cov += (xs[i] - mx) * (ys[i] - my);
    vx += (xs[i] - mx) ** 2;
    vy += (ys[i] - my) ** 2;
  }
  if (vy === 0) {
    throw new BotError('insufficient_data', `beta: ${benchmark.symbol} did not move in ${describeWindow(wb)}, so beta against it is undefined`, {
      details: { symbol: series.symbol, benchmark: benchmark.symbol },
    });
  }
  return {
    ...provenance(series),
    benchmark: benchmark.symbol,
    window: measuredWindow(series, w),
    beta: round4(cov / vy),
    correlation: vx === 0 ? null : round4(cov / Math.sqrt(vx * vy)),
    sessions: xs.length,
    method: BETA_METHOD,
  };
}

export const betaTool = defineTool({
  name: 'beta',
  description:
    'Beta and correlation of one symbol against a benchmark ("beta of TSLA vs SPY", "correlation between GOOGL and META"): beta = ' +
    'cov/var of daily simple returns over the same sessions (paired by date), Pearson correlation, the number of pairs, and the window. ' +
    'Default conventions (the router supplies them): benchmark SPY, window the past year. `series` and `benchmark` are get_bars outputs ' +
    '(warmupBars ≥ 1) covering the window; without `window`, the subject series\' get_bars window.',
  input: betaInputSchema,
  output: betaOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} beta ${out.beta.toFixed(2)} vs ${out.benchmark}` +
    `${out.correlation === null ? '' : `, correlation ${out.correlation.toFixed(2)}`} (${out.sessions} daily returns, ${describeWindow(out.window)})`,
  async execute({ series, benchmark, window }, ctx) {
    ctx.signal.throwIfAborted();
    return computeBeta(series, benchmark, window);
  },
});
