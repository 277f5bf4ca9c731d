/**
 * The run event log's contract: one envelope, one discriminated union of event types (DESIGN.md's table).
 * Every surface (SSE, Slack, Discord, CLI, web console, run store) reads these and nothing else.
 * Each type has its zod schema so that readers across a process boundary can validate what they receive.
 */
import { z } from 'zod';

/** Longest question a run takes, on every surface; longer input gets a polite `question_too_long`. */
export const MAX_QUESTION_CHARS = 2000;

export const errorDataSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() });

export const sourceSchema = z.object({
  platform: z.enum(['cli', 'http', 'slack', 'discord', 'test']),
  team: z.string().optional(),
  channel: z.string().optional(),
  thread: z.string().optional(),
  user: z.string().optional(),
  /** Platform event id used to dedupe redeliveries. */
  eventId: z.string().optional(),
});
export type RunSource = z.infer<typeof sourceSchema>;

export const anchorSchema = z.object({
  /** The lowest / highest close in `in`, or the session of the 52-week (intraday) high / low. */
  kind: z.enum(['lowest_close', 'highest_close', 'high_52w', 'low_52w']),
  /** Whose prices the anchor is read from (the first subject). */
  ticker: z.string().optional(),
  /** Where to look (calendar dates); the 52-week anchors look at the last 252 sessions. */
  in: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type Anchor = z.infer<typeof anchorSchema>;

export const periodSchema = z.object({
  label: z.string(),
  /** Inclusive ISO dates (YYYY-MM-DD) of the requested window, before snapping to trading days. */
  from: z.string(),
  to: z.string(),
  /**
   * An event in the data the window starts at ("since the March low"): resolved to a dated close when the prices
   * are in (the find_anchor step); until then `from` is where the search starts.
   */
  anchor: anchorSchema.optional(),
  /** "last N sessions": the window holds exactly N sessions. */
  sessions: z.number().int().positive().optional(),
});
export type Period = z.infer<typeof periodSchema>;

export const entitiesSchema = z.object({
  tickers: z.array(z.string()),
  benchmark: z.string().nullable(),
  /** Further views of the benchmark (e.g. SOXX and SMH next to ^SOX for semiconductors). */
  altBenchmarks: z.array(z.string()).default([]),
  benchmarkLabel: z.string().nullable().optional(),
  period: periodSchema,
  /** Words that looked like tickers but resolved to nothing in the directory. */
  unknown: z.array(z.string()).default([]),
  /** The figures the question asks for ("max_drawdown", "moving_average" with its length…); empty for an overview. */
  metrics: z.array(z.object({ name: z.string(), window: z.number().int().positive().optional() })).optional(),
  /** A named group the tickers came from ("the Magnificent Seven"), when the question ranks its members. */
  group: z.object({ id: z.string(), label: z.string() }).optional(),
});
export type Entities = z.infer<typeof entitiesSchema>;

export const planStepViewSchema = z.object({
  id: z.string(),
  tool: z.string(),
  label: z.string(),
  dependsOn: z.array(z.string()),
  optional: z.boolean().optional(),
});
export type PlanStepView = z.infer<typeof planStepViewSchema>;

export const artifactSchema = z.object({
  name: z.string(),
  kind: z.enum(['chart']),
  mime: z.string(),
  /** Where a browser or a bot fetches it (`/api/runs/<id>/artifacts/<name>`); the bytes come from the run API. */
  url: z.string().optional(),
  alt: z.string(),
  stepId: z.string().optional(),
});
export type Artifact = z.infer<typeof artifactSchema>;

export const stageUsageSchema = z.object({
  model: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  durationMs: z.number(),
  calls: z.number(),
});
export const usageSchema = z.object({
  stages: z.record(z.string(), stageUsageSchema),
  totalTokens: z.number(),
  totalCostUsd: z.number(),
  durationMs: z.number(),
});
export type Usage = z.infer<typeof usageSchema>;

/**
 * A run that did not come from a question: a watchlist digest or an alert that fired (src/watch/). It bypasses
 * natural-language routing: the intent and plan follow from the request itself (src/pipeline/run/structured-run.ts).
 */
export const structuredRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('digest'),
    tickers: z.array(z.string().min(1).max(20)).min(1).max(25),
    /** The session the digest is about (YYYY-MM-DD). */
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    trigger: z.enum(['scheduled', 'now']),
  }),
  z.object({
    kind: z.literal('alert'),
    alertId: z.string().min(1).max(64),
    symbol: z.string().min(1).max(20),
    /** The condition as the person wrote it ("NVDA rsi above 70"). */
    condition: z.string().max(200),
    /** What fired it, computed by the evaluator from the bars ("RSI(14) 71.3 on 2026-05-14, up from 68.9"). */
    figure: z.string().max(300),
    /** The session it fired on. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    createdBy: z.string().max(200).optional(),
  }),
]);
export type StructuredRequest = z.infer<typeof structuredRequestSchema>;

export const eventDataSchemas = {
  'run.created': z.object({ question: z.string(), source: sourceSchema, request: structuredRequestSchema.optional() }),
  'route.completed': z.object({
    intent: z.string(),
    entities: entitiesSchema,
    router: z.string(),
    confidence: z.number().optional(),
    /** What the router took for granted ("no period named: the past 3 months"), in words a person reads. */
    assumptions: z.array(z.string()).optional(),
    /** Words about time, symbols or metrics the router could not read ("since the fed meeting"); named in the answer. */
    unparsed: z.array(z.string()).optional(),
    /** Best matches for near-misses, shown as "Reading 'Nvidea' as NVDA". */
    corrections: z.array(z.object({ typed: z.string(), read: z.string() })).optional(),
    /** The shape of answer asked for: a yes/no, a winner among the tickers, a ranking (leader and laggard). */
    asks: z.enum(['yes_no', 'winner', 'ranking']).optional(),
  }),
  'plan.created': z.object({ steps: z.array(planStepViewSchema), planner: z.string() }),
  'plan.revised': z.object({
    reason: z.string(),
    added: z.array(planStepViewSchema),
    removed: z.array(z.string()),
    planner: z.string().optional(),
  }),
  'step.started': z.object({ stepId: z.string(), attempt: z.number() }),
  'step.progress': z.object({ stepId: z.string(), message: z.string() }),
  'step.retrying': z.object({ stepId: z.string(), attempt: z.number(), error: errorDataSchema, delayMs: z.number() }),
  'step.succeeded': z.object({ stepId: z.string(), durationMs: z.number(), summary: z.string() }),
  'step.failed': z.object({ stepId: z.string(), error: errorDataSchema, final: z.boolean(), durationMs: z.number().optional() }),
  'step.skipped': z.object({ stepId: z.string(), reason: z.string() }),
  'artifact.created': artifactSchema,
  'synthesis.delta': z.object({ text: z.string() }),
  'run.completed': z.object({
    answer: z.string(),
    artifacts: z.array(artifactSchema),
    usage: usageSchema,
    /** Figures in the answer that appear in no tool output (the synthesis check). */
    flagged: z.array(z.string()).optional(),
  }),
  'run.failed': z.object({ error: errorDataSchema, partialAnswer: z.string().optional() }),
  'run.cancelled': z.object({ by: z.string() }),
} as const;

export type RunEventType = keyof typeof eventDataSchemas;
export const RUN_EVENT_TYPES = Object.keys(eventDataSchemas) as RunEventType[];
export type RunEventData<T extends RunEventType> = z.infer<(typeof eventDataSchemas)[T]>;

export type RunEventOf<T extends RunEventType> = {
  runId: string;
  seq: number;
  /** ISO timestamp */
  ts: string;
  type: T;
  data: RunEventData<T>;
};
export type RunEvent = { [T in RunEventType]: RunEventOf<T> }[RunEventType];

export const TERMINAL_EVENT_TYPES = ['run.completed', 'run.failed', 'run.cancelled'] as const;
export type TerminalEventType = (typeof TERMINAL_EVENT_TYPES)[number];
export function isTerminal(event: { type: string }): boolean {
  return (TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** Validates an event read from outside the process (SSE, JSONL, Redis). */
export const runEventSchema = z
  .object({ runId: z.string(), seq: z.number().int().positive(), ts: z.string(), type: z.enum(RUN_EVENT_TYPES as [RunEventType, ...RunEventType[]]), data: z.unknown() })
  .superRefine((event, ctx) => {
    const result = eventDataSchemas[event.type].safeParse(event.data);
    if (!result.success) ctx.addIssue({ code: 'custom', message: `bad data for ${event.type}: ${result.error.message}` });
  })
  .transform((event) => event as unknown as RunEvent);
