/**
 * Which run last answered in a Slack thread, so a mention in that thread ("and AMD?") is a follow-up that inherits
 * the previous run's benchmark, period and intent. Kept in memory, with a scan of the run API as fallback (after a
 * restart the run store reloads past runs, and their `source` still names the thread).
 */
import type { RunApi, RunContext } from '../../pipeline/api.js';
import type { RunState } from '../../pipeline/reduce.js';

const key = (team: string | undefined, channel: string, thread: string) => `${team ?? ''}:${channel}:${thread}`;

export class ThreadRuns {
  private readonly last = new Map<string, string>();
  constructor(private readonly runs: RunApi, private readonly max = 5000) {}

  remember(team: string | undefined, channel: string, thread: string, runId: string): void {
    const k = key(team, channel, thread);
    this.last.delete(k);
    this.last.set(k, runId);
    if (this.last.size > this.max) this.last.delete(this.last.keys().next().value as string);
  }

  previous(team: string | undefined, channel: string, thread: string): RunState | undefined {
    const known = this.last.get(key(team, channel, thread));
    if (known) return this.runs.getRun(known);
    for (const runId of this.runs.listRuns(500)) {
      const state = this.runs.getRun(runId);
      const source = state?.source;
      if (source?.platform === 'slack' && source.channel === channel && source.thread === thread && (!team || !source.team || source.team === team)) {
        return state;
      }
    }
    return undefined;
  }

  /** The follow-up context for a new question in this thread, or undefined when the thread has no usable run. */
  contextFor(team: string | undefined, channel: string, thread: string): RunContext | undefined {
    const prev = this.previous(team, channel, thread);
    if (!prev?.entities) return undefined;
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
}
