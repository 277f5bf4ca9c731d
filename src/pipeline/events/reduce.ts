/**
 * Run state is a pure fold over the run's events. Every surface renders from this (never from executor internals),
 * so a replayed log renders exactly like a live one.
 */
import type { ErrorData as ErrorDataLike } from '../../errors.js';
import type { Artifact, Entities, PlanStepView, RunEvent, RunSource, Usage } from './events.js';

export type StepStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'skipped' | 'replaced';

export type StepState = PlanStepView & {
  status: StepStatus;
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  summary?: string;
  error?: ErrorDataLike;
  /** Latest progress or retry message. */
  note?: string;
  /** Set when a fallback step replaced this one. */
  replacedBy?: string;
  /** Set on a step added by a revision: the step it stands in for. */
  replaces?: string;
};

export type RunStatus = 'created' | 'routing' | 'planning' | 'running' | 'completed' | 'failed' | 'cancelled';

export type RunState = {
  runId: string;
  status: RunStatus;
  question: string;
  source?: RunSource;
  createdAt?: string;
  endedAt?: string;
  intent?: string;
  entities?: Entities;
  router?: string;
  planner?: string;
  /** The plan as first created (to compare plan vs execution). */
  plannedSteps: PlanStepView[];
  /** Steps in display order, including ones added by revisions. */
  steps: StepState[];
  revisions: { reason: string; added: string[]; removed: string[] }[];
  artifacts: Artifact[];
  /** Streamed answer text so far (synthesis deltas), replaced by the final answer on completion. */
  answer: string;
  flagged?: string[];
  usage?: Usage;
  error?: ErrorDataLike;
  cancelledBy?: string;
  lastSeq: number;
  done: boolean;
};

export function initialRunState(runId: string): RunState {
  return { runId, status: 'created', question: '', plannedSteps: [], steps: [], revisions: [], artifacts: [], answer: '', lastSeq: 0, done: false };
}

export function reduceRun(events: readonly RunEvent[], runId = events[0]?.runId ?? ''): RunState {
  let state = initialRunState(runId);
  for (const event of events) state = applyEvent(state, event);
  return state;
}

/** Applies one event. Returns a new state object (steps array copied on change) so renderers can diff cheaply. */
export function applyEvent(prev: RunState, event: RunEvent): RunState {
  // Events at or below the state's sequence are already in it (a reader that joins a REST snapshot with an SSE
  // replay sees an overlap): applying is idempotent per seq.
  if (event.seq <= prev.lastSeq) return prev;
  const state: RunState = { ...prev, lastSeq: event.seq };
  const updateStep = (stepId: string, patch: (step: StepState) => Partial<StepState>) => {
    state.steps = state.steps.map((step) => (step.id === stepId ? { ...step, ...patch(step) } : step));
  };
  switch (event.type) {
    case 'run.created':
      state.question = event.data.question;
      state.source = event.data.source;
      state.createdAt = event.ts;
      state.status = 'routing';
      break;
    case 'route.completed':
      state.intent = event.data.intent;
      state.entities = event.data.entities;
      state.router = event.data.router;
      state.status = 'planning';
      break;
    case 'plan.created':
      state.planner = event.data.planner;
      state.plannedSteps = event.data.steps;
      state.steps = event.data.steps.map((step) => ({ ...step, status: 'pending', attempts: 0 }));
      state.status = 'running';
      break;
    case 'plan.revised': {
      const { added, removed, reason } = event.data;
      const replacement = added[0]?.id;
      state.steps = state.steps.map((step) =>
        removed.includes(step.id) && step.status !== 'succeeded' ? { ...step, status: 'replaced', replacedBy: replacement, note: reason } : step,
      );
      const known = new Set(state.steps.map((s) => s.id));
      for (const step of added) {
        if (!known.has(step.id)) state.steps = [...state.steps, { ...step, status: 'pending', attempts: 0, replaces: removed[0] }];
      }
      state.revisions = [...state.revisions, { reason, added: added.map((s) => s.id), removed }];
      break;
    }
    case 'step.started':
      updateStep(event.data.stepId, (step) => ({
        status: 'running',
        attempts: event.data.attempt,
        startedAt: step.startedAt ?? event.ts,
        note: event.data.attempt > 1 ? `attempt ${event.data.attempt}` : undefined,
      }));
      break;
    case 'step.progress':
      updateStep(event.data.stepId, () => ({ note: event.data.message }));
      break;
    case 'step.retrying':
      updateStep(event.data.stepId, () => ({
        status: 'retrying',
        error: event.data.error,
        note: `retrying in ${event.data.delayMs} ms after: ${event.data.error.message}`,
      }));
      break;
    case 'step.succeeded':
      updateStep(event.data.stepId, () => ({ status: 'succeeded', durationMs: event.data.durationMs, summary: event.data.summary, endedAt: event.ts, note: undefined }));
      break;
    case 'step.failed':
      updateStep(event.data.stepId, (step) => ({
        status: event.data.final ? 'failed' : step.status,
        error: event.data.error,
        durationMs: event.data.durationMs ?? step.durationMs,
        endedAt: event.data.final ? event.ts : step.endedAt,
      }));
      break;
    case 'step.skipped':
      updateStep(event.data.stepId, () => ({ status: 'skipped', note: event.data.reason, endedAt: event.ts }));
      break;
    case 'artifact.created':
      // By name: a run taken over after its worker died renders its charts again (same names), and each chart
      // must be listed — and posted — once.
      state.artifacts = [...state.artifacts.filter((a) => a.name !== event.data.name), event.data];
      break;
    case 'synthesis.delta':
      state.answer = state.answer + event.data.text;
      break;
    case 'run.completed':
      state.status = 'completed';
      state.answer = event.data.answer;
      state.artifacts = event.data.artifacts;
      state.usage = event.data.usage;
      state.flagged = event.data.flagged;
      state.done = true;
      state.endedAt = event.ts;
      break;
    case 'run.failed':
      state.status = 'failed';
      state.error = event.data.error;
      if (event.data.partialAnswer) state.answer = event.data.partialAnswer;
      state.done = true;
      state.endedAt = event.ts;
      break;
    case 'run.cancelled':
      state.status = 'cancelled';
      state.cancelledBy = event.data.by;
      state.done = true;
      state.endedAt = event.ts;
      // Steps still waiting or running will never finish: show them as skipped, not spinning forever.
      state.steps = state.steps.map((step) =>
        step.status === 'pending' || step.status === 'running' || step.status === 'retrying' ? { ...step, status: 'skipped', note: 'cancelled' } : step,
      );
      break;
  }
  return state;
}
