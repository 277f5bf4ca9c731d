/**
 * The run API: the only thing surfaces (HTTP, Slack, Discord, CLI) use. They start runs, cancel them and read
 * the event log; they never reach into the executor.
 */
import type { Entities, RunEvent, RunSource } from '../events/events.js';
import type { EventListener, Unsubscribe } from '../events/event-log.js';
import type { RunState } from '../events/reduce.js';

export type RunContext = {
  /** The run this one follows up (same thread). */
  previousRunId?: string;
  /** Entities inherited from the previous run: "and AMD?" keeps the benchmark and period. */
  inherit?: Partial<Pick<Entities, 'tickers' | 'benchmark' | 'altBenchmarks' | 'benchmarkLabel' | 'period'>> & { intent?: string };
};

export type StartRunInput = {
  question: string;
  source: RunSource;
  context?: RunContext;
};

export type StartedRun = {
  runId: string;
  /** True when `source.eventId` was seen before: the existing run is returned, no new run starts. */
  deduplicated: boolean;
  /** Resolves with the final state after the terminal event. Never rejects. */
  done: Promise<RunState>;
};

export interface RunApi {
  startRun(input: StartRunInput): StartedRun;
  /** Cancels a running run; false when unknown or already ended. */
  cancelRun(runId: string, by: string): boolean;
  /** State folded from the run's events; undefined when unknown. */
  getRun(runId: string): RunState | undefined;
  /** Event history of a run. */
  getEvents(runId: string): readonly RunEvent[];
  /** Replays events after `afterSeq`, then follows live. */
  subscribe(runId: string, afterSeq: number, listener: EventListener): Unsubscribe;
  /** Run ids, most recent first. */
  listRuns(limit?: number): string[];
  /** Resolves when every in-flight run has ended (graceful shutdown). */
  drain(timeoutMs: number): Promise<void>;
}
