/**
 * The run store: keeps every run's events beyond the process (embedded default: JSONL files under DATA_DIR; a Redis
 * implementation comes with scale-out). It is a reader of the event log like any other surface: it records what the
 * log broadcasts, and at start-up it loads past runs back into the log so snapshots and SSE replay survive a restart.
 */
import type { RunStatus } from '../pipeline/events/reduce.js';

export type RunSummary = {
  runId: string;
  question: string;
  status: RunStatus;
  /** ISO timestamp of `run.created`. */
  createdAt: string;
  endedAt?: string;
  platform?: string;
};

export type RunStoreOpenResult = {
  /** Runs loaded back into the event log. */
  restored: number;
  /** Runs that had no terminal event (the process died mid-run); each got a `run.failed` with code `interrupted`. */
  interrupted: string[];
  /** Runs deleted by retention. */
  expired: number;
  /** Files that could not be read at all (logged, left on disk). */
  unreadable: number;
};

export interface RunStore {
  /** Loads past runs into the event log, marks interrupted ones, applies retention, then records new events. */
  open(): Promise<RunStoreOpenResult>;
  /** Recent runs, most recent first. */
  list(limit?: number): Promise<RunSummary[]>;
  /** Resolves once every event received so far is durably written. */
  flush(): Promise<void>;
  /** Stops recording and flushes. Idempotent. */
  close(): Promise<void>;
}
