/**
 * What a run job carries on the BullMQ queue: the run id (also the job id, so a run is queued at most once) and the
 * follow-up context the web process resolved. The question and source are in the run's stream (`run.created`),
 * the one source of truth a worker reads when it picks the run up — the first time or after another worker died.
 */
import { z } from 'zod';
import { entitiesSchema } from '../pipeline/index.js';
import type { RunContext } from '../pipeline/run/run-api.js';

const inheritedSchema = entitiesSchema
  .pick({ tickers: true, benchmark: true, altBenchmarks: true, benchmarkLabel: true, period: true })
  .partial()
  .extend({ intent: z.string().optional() });

export const runJobSchema = z.object({
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  context: z.object({ previousRunId: z.string().optional(), inherit: inheritedSchema.optional() }).optional(),
});
export type RunJob = { runId: string; context?: RunContext };

export const RUN_JOB_NAME = 'run';

export const cancelMessageSchema = z.object({ runId: z.string(), by: z.string() });
