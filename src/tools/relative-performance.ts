/**
 * Tool `relative_performance`: {series[], benchmark?, window? | from+to, alts?} → per-symbol window returns, the
 * subjects' spread against the benchmark in percentage points, and rebased-to-100 lines for the relative chart.
 * Roles: the benchmark symbol is 'benchmark', symbols in `alts` are 'alt' (other views of the sector), the rest
 * (the first series first) are 'subject'. Without a benchmark (a group ranked on its own) spreads are null.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { assertChronological } from './indicators/assert-chronological.js';
import { computeRelativePerformance } from './indicators/compute-relative-performance.js';
import { relativePerformanceSchema, type RelativePerformance } from './indicators/relative-performance-schema.js';
import { windowInputSchema } from './indicators/window.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const relativePerformanceInputSchema = z.object({
  series: z.array(barSeriesSchema).min(1).max(20),
  benchmark: z.string().min(1).max(20).nullable().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  window: windowInputSchema.optional(),
  alts: z.array(z.string().min(1).max(20)).max(10).optional(),
});

export const relativePerformanceTool = defineTool({
  name: 'relative_performance',
  description:
    'Price performance of one or more symbols over a window, optionally against a benchmark: base/end close (split-adjusted), ' +
    'return %, subject minus benchmark in percentage points, and each series rebased to 100. The window is `window` ' +
    '{from, to, base?} (or `from` + `to`; `window` wins when both are given); each return runs from the last close strictly before `from` (base "from_close": ' +
    'the close on `from`, e.g. an anchor from find_anchor) to the last close on or before `to`. Without a window, each ' +
    "series' own get_bars window is used. The benchmark, when given, must be one of the series; omit it to rank a group " +
    '(spreads are then null). `alts` marks extra benchmark views (e.g. SMH beside ^SOX). Fetch the bars with warmupBars ≥ 1 ' +
    'so the base close is in the series.',
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
  if (!benchmark && subjects.length > 3) {
    const ranked = [...subjects].sort((a, b) => b.returnPct - a.returnPct);
    return `${subjects.length} ranked: ${ranked[0].symbol} ${pct(ranked[0].returnPct)} first, ${ranked.at(-1)!.symbol} ${pct(ranked.at(-1)!.returnPct)} last, ${result.window.from} → ${result.window.to}`;
  }
  const head = subjects.map((row) => `${row.symbol} ${pct(row.returnPct)}`).join(', ');
  const tail = benchmark ? `${head ? ' vs ' : ''}${benchmark.symbol} ${pct(benchmark.returnPct)}` : '';
  return `${head}${tail}, ${result.window.from} → ${result.window.to}`;
}

/** What synthesis sees: the table and the window, not the rebased lines. */
export function compactRelativePerformance(result: RelativePerformance) {
  return { benchmark: result.benchmark, window: result.window, rows: result.rows, source: result.source, ...(result.notes.length ? { notes: result.notes } : {}) };
}
