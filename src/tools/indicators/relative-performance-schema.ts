/** The `relative_performance` tool's output (also the relative chart's input). */
import { z } from 'zod';
import { WINDOW_BASES } from './window.js';

export const performanceRowSchema = z.object({
  symbol: z.string(),
  role: z.enum(['subject', 'benchmark', 'alt']),
  /** The base close's session (the path's first point) and the last session used. */
  startDate: z.string(),
  endDate: z.string(),
  startClose: z.number(),
  endClose: z.number(),
  /** Price return over the window in percent, e.g. 23.25 */
  returnPct: z.number(),
  /** Subject's return minus the benchmark's, in percentage points (subjects only; null without a benchmark). */
  vsBenchmarkPp: z.number().nullable(),
});

export const relativePerformanceSchema = z.object({
  /** The benchmark's symbol; null when a group is ranked without one. */
  benchmark: z.string().nullable(),
  /**
   * Actual trading dates of the window: `from` is the base close's session, `to` the last close used; `sessions`
   * the daily moves between them. `requested` is the calendar window asked for, `firstDate` its first session.
   */
  window: z.object({
    from: z.string(),
    to: z.string(),
    sessions: z.number().int(),
    base: z.enum(WINDOW_BASES),
    firstDate: z.string(),
    requested: z.object({ from: z.string(), to: z.string() }),
  }),
  rows: z.array(performanceRowSchema),
  /** Each symbol rebased to 100 at its base close. */
  rebased: z.array(z.object({ symbol: z.string(), points: z.array(z.object({ date: z.string(), value: z.number() })) })),
  source: z.string(),
  /** What a reader must know about the figures (a series that starts inside the window). */
  notes: z.array(z.string()),
});
export type RelativePerformance = z.infer<typeof relativePerformanceSchema>;
export type PerformanceRow = z.infer<typeof performanceRowSchema>;
