/**
 * Which run last answered in a chat thread (Slack or Discord), so a mention in that thread is a follow-up.
 * Kept in memory (bounded, most recent last), with a scan of the run API as fallback: after a restart the run store
 * reloads past runs, and their `source` still names the thread.
 */
import type { RunApi, RunContext } from '../pipeline/run/run-api.js';
import type { RunSource } from '../pipeline/events/events.js';
import { followUpContext } from '../pipeline/run/follow-up.js';
import type { RunState } from '../pipeline/events/reduce.js';

/** A thread: its id, plus the channel and workspace where the platform's thread ids are only unique within them. */
export type ThreadRef = { thread: string; channel?: string; team?: string };

export class ThreadRuns {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly runs: RunApi,
    private readonly platform: RunSource['platform'],
    private readonly max = 5000,
  ) {}

  remember(ref: ThreadRef, runId: string): void {
    const k = key(ref);
    this.last.delete(k);
    this.last.set(k, runId);
    if (this.last.size > this.max) this.last.delete(this.last.keys().next().value as string);
  }

  previous(ref: ThreadRef): RunState | undefined {
    const known = this.last.get(key(ref));
    if (known) return this.runs.getRun(known);
    for (const runId of this.runs.listRuns(500)) {
      const state = this.runs.getRun(runId);
      if (state?.source && this.matches(state.source, ref)) return state;
    }
    return undefined;
  }

  /** The follow-up context for a new question in this thread, or undefined when the thread has no usable run. */
  contextFor(ref: ThreadRef): RunContext | undefined {
    const prev = this.previous(ref);
    return prev ? followUpContext(prev) : undefined;
  }

  private matches(source: RunSource, ref: ThreadRef): boolean {
    return (
      source.platform === this.platform &&
      source.thread === ref.thread &&
      (!ref.channel || !source.channel || source.channel === ref.channel) &&
      (!ref.team || !source.team || source.team === ref.team)
    );
  }
}

const key = (ref: ThreadRef) => `${ref.team ?? ''}:${ref.channel ?? ''}:${ref.thread}`;
