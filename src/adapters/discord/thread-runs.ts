/**
 * Which run last answered in a Discord thread, so a mention there ("and AMD?") is a follow-up that inherits the
 * previous run's tickers, benchmark, period and intent. Kept in memory, with a scan of the run API as fallback
 * (after a restart the run store reloads past runs, and their `source.thread` still names the thread).
 */
import type { RunApi, RunContext } from '../../pipeline/api.js';
import type { RunState } from '../../pipeline/reduce.js';

export class ThreadRuns {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly runs: RunApi,
    private readonly max = 5000,
  ) {}

  remember(threadId: string, runId: string): void {
    this.last.delete(threadId);
    this.last.set(threadId, runId);
    if (this.last.size > this.max) this.last.delete(this.last.keys().next().value as string);
  }

  previous(threadId: string): RunState | undefined {
    const known = this.last.get(threadId);
    if (known) return this.runs.getRun(known);
    for (const runId of this.runs.listRuns(500)) {
      const state = this.runs.getRun(runId);
      if (state?.source?.platform === 'discord' && state.source.thread === threadId) return state;
    }
    return undefined;
  }

  /** Follow-up context for a new question in this thread; undefined when the thread has no usable run. */
  contextFor(threadId: string): RunContext | undefined {
    const prev = this.previous(threadId);
    return prev ? contextFromRun(prev) : undefined;
  }
}

/** The context a run hands on (to a follow-up or a Retry): its resolved entities and intent. */
export function contextFromRun(prev: RunState): RunContext | undefined {
  if (!prev.entities) return undefined;
  const { tickers, benchmark, altBenchmarks, benchmarkLabel, period } = prev.entities;
  return {
    previousRunId: prev.runId,
    inherit: {
      tickers,
      benchmark,
      altBenchmarks,
      ...(benchmarkLabel !== undefined ? { benchmarkLabel } : {}),
      period,
      ...(prev.intent ? { intent: prev.intent } : {}),
    },
  };
}
