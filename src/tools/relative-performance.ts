/**
 * Tool `relative_performance`: {series[], benchmark, from, to, alts?} → per-symbol window returns, the subject's
 * spread against the benchmark in percentage points, and rebased-to-100 lines for the relative chart.
 * Roles: the benchmark symbol is 'benchmark', symbols in `alts` are 'alt' (other views of the sector), the rest
 * (the first series first) are 'subject'.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { assertChronological } from './indicators/assert-chronological.js';
import { computeRelativePerformance } from './indicators/compute-relative-performance.js';
import { relativePerformanceSchema, type RelativePerformance } from './indicators/relative-performance-schema.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const relativePerformanceInputSchema = z.object({
  series: z.array(barSeriesSchema).min(1).max(20),
  benchmark: z.string().min(1).max(20),
  from: isoDate,
  to: isoDate,
  alts: z.array(z.string().min(1).max(20)).max(10).optional(),
});

export const relativePerformanceTool = defineTool({
  name: 'relative_performance',
  description:
    'Price performance of one or more symbols against a benchmark over a window: start/end close (split-adjusted), ' +
    'return %, subject minus benchmark in percentage points, and each series rebased to 100. The window starts at the ' +
    'close of the last session on or before `from` and ends at the last session on or before `to`. The benchmark must ' +
    'be one of the series; `alts` marks extra benchmark views (e.g. SMH beside ^SOX). Fetch the bars with warmupBars ≥ 1 so ' +
    'the session before `from` (the base close) is in the series.',
  input: relativePerformanceInputSchema,
  output: relativePerformanceSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: summarizeRelativePerformance,
  compact: compactRelativePerformance,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    for (const series of input.series) assertChronological(series);
    return computeRelativePerformance(input);
  },
});

export function summarizeRelativePerformance(result: RelativePerformance): string {
  const pct = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
  const benchmark = result.rows.find((row) => row.role === 'benchmark');
  const subjects = result.rows.filter((row) => row.role === 'subject');
  const head = subjects.map((row) => `${row.symbol} ${pct(row.returnPct)}`).join(', ');
  const tail = benchmark ? `${head ? ' vs ' : ''}${benchmark.symbol} ${pct(benchmark.returnPct)}` : '';
  return `${head}${tail}, ${result.window.from} → ${result.window.to}`;
}

/** What synthesis sees: the table and the window, not the rebased lines. */
export function compactRelativePerformance(result: RelativePerformance) {
  return { benchmark: result.benchmark, window: result.window, rows: result.rows, source: result.source };
}
