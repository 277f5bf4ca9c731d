/**
 * The platform-neutral status view, reduced from RunState. Slack, Discord, the CLI and the web console all start
 * from this and only decide how to draw it.
 */
import type { RunState, StepState } from '../../pipeline/index.js';

export type StatusLineState = 'pending' | 'running' | 'done' | 'error' | 'skipped' | 'replaced';

export type StatusLine = {
  id: string;
  label: string;
  state: StatusLineState;
  /** Summary when done, error message, retry/fallback note, or skip reason. */
  detail?: string;
  durationMs?: number;
  /** When the step started (ISO), so a live display can show how long a running step has taken. */
  startedAt?: string;
  attempts: number;
};

export type StatusView = {
  title: string;
  /** One line: "Running 3 of 9 steps", "Done in 1.2 s", "Failed: …". */
  headline: string;
  lines: StatusLine[];
  /** Fallbacks and revisions, e.g. "chart renderer failed → switched to numeric analysis". */
  notes: string[];
  status: RunState['status'];
  done: boolean;
};

const LINE_STATE: Record<StepState['status'], StatusLineState> = {
  pending: 'pending',
  running: 'running',
  retrying: 'running',
  succeeded: 'done',
  failed: 'error',
  skipped: 'skipped',
  replaced: 'replaced',
};

export function statusView(state: RunState): StatusView {
  const lines = state.steps.map(toLine);
  const finished = lines.filter((l) => l.state !== 'pending' && l.state !== 'running').length;
  return {
    title: titleOf(state),
    headline: headlineOf(state, finished, lines.length),
    lines,
    notes: [...new Set(state.revisions.filter((r) => r.removed.length > 0).map((r) => r.reason))],
    status: state.status,
    done: state.done,
  };
}

function toLine(step: StepState): StatusLine {
  const state = LINE_STATE[step.status];
  let detail: string | undefined;
  if (step.status === 'succeeded') detail = step.summary;
  else if (step.status === 'failed') detail = step.error?.message;
  else if (step.status === 'retrying' || step.status === 'running') detail = step.note;
  else if (step.status === 'skipped') detail = step.note;
  else if (step.status === 'replaced') detail = step.note ?? (step.replacedBy ? `replaced by ${step.replacedBy}` : undefined);
  return { id: step.id, label: step.label, state, detail, durationMs: step.durationMs, startedAt: step.startedAt, attempts: step.attempts };
}

function titleOf(state: RunState): string {
  const e = state.entities;
  if (!e || e.tickers.length === 0) return state.question ? truncate(state.question, 80) : 'Analysis';
  const vs = e.benchmark ? ` vs ${e.benchmarkLabel ?? e.benchmark}` : '';
  return `${e.tickers.join(', ')}${vs} — ${e.period.label}`;
}

function headlineOf(state: RunState, finished: number, total: number): string {
  switch (state.status) {
    case 'created':
    case 'routing':
      return 'Reading the question…';
    case 'planning':
      return 'Planning…';
    case 'running':
      return total === 0 ? 'Working…' : finished === total ? 'Writing the answer…' : `Running: ${finished} of ${total} steps done`;
    case 'completed':
      return `Done${state.usage ? ` in ${formatMs(state.usage.durationMs)}` : ''}`;
    case 'failed':
      return `Failed: ${state.error?.message ?? 'unknown error'}`;
    case 'cancelled':
      return `Cancelled${state.cancelledBy ? ` by ${state.cancelledBy}` : ''}`;
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
