/**
 * What chat surfaces ask of a finished run beyond its events (issue 18): whether a thread reply is a question,
 * the suggested next questions, and a chart redrawn for another window or benchmark. The types are part of the run
 * API (run-api.ts); the pipeline implements them in follow-up-triage.ts, suggest-follow-ups.ts and chart-redraw.ts.
 */
import { z } from 'zod';

/** The windows a chart control offers, and the words the router reads for each (its own period parser). */
export const CHART_WINDOWS = ['1M', '3M', 'YTD', '1Y', '5Y'] as const;
export type ChartWindow = (typeof CHART_WINDOWS)[number];
export const CHART_WINDOW_PHRASE: Record<ChartWindow, string> = {
  '1M': 'past month',
  '3M': 'past 3 months',
  YTD: 'YTD',
  '1Y': 'past year',
  '5Y': 'past 5 years',
};

/** A chart control click, validated where it enters (a button value is user-controlled input). */
export const chartRedrawSchema = z.object({
  /** The artifact name of the chart being replaced (`chart_nvda.png`). */
  chart: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/),
  window: z.enum(CHART_WINDOWS).optional(),
  /** A benchmark symbol to compare against instead of the run's. */
  benchmark: z.string().regex(/^\^?[A-Z0-9.-]{1,12}$/).optional(),
});
export type ChartRedraw = z.infer<typeof chartRedrawSchema>;

export type RedrawnChart = {
  /** The same name as the chart it replaces. */
  name: string;
  mime: string;
  alt: string;
  bytes: Buffer;
  /** What the chart now shows, for the controls' state. */
  window?: ChartWindow;
  benchmark: string | null;
  /** The window the chart covers, in words ("past year (2025-05-15 → 2026-05-15)"). */
  caption: string;
};

/** A suggested next question: a button label and the question it asks (as a follow-up of the run). */
export type FollowUpSuggestion = { label: string; question: string };
