/** The `relative_performance` tool's output (also the relative chart's input). */
import { z } from 'zod';

export const performanceRowSchema = z.object({
  symbol: z.string(),
  role: z.enum(['subject', 'benchmark', 'alt']),
  startDate: z.string(),
  endDate: z.string(),
  startClose: z.number(),
  endClose: z.number(),
  /** Price return over the window in percent, e.g. 23.25 */
  returnPct: z.number(),
  /** Subject's return minus the benchmark's, in percentage points (subjects only). */
  vsBenchmarkPp: z.number().nullable(),
});

export const relativePerformanceSchema = z.object({
  benchmark: z.string(),
  /** Actual trading dates of the window: first and last close used. */
  window: z.object({ from: z.string(), to: z.string(), sessions: z.number().int() }),
  rows: z.array(performanceRowSchema),
  /** Each symbol rebased to 100 at the window's first close. */
  rebased: z.array(z.object({ symbol: z.string(), points: z.array(z.object({ date: z.string(), value: z.number() })) })),
  source: z.string(),
});
export type RelativePerformance = z.infer<typeof relativePerformanceSchema>;
export type PerformanceRow = z.infer<typeof performanceRowSchema>;
