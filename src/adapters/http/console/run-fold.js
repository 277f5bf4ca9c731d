// The browser's copy of src/pipeline/reduce.ts: RunState as a pure fold over run events. The console starts from
// the REST snapshot (the server's fold) and applies SSE events after snapshot.lastSeq, so both must agree;
// test/adapters/http/console-fold.test.ts checks this copy against the server's reduceRun on real runs.

/** @returns {import('./run-fold').RunState} */
export function initialRunState(runId) {
  return { runId, status: 'created', question: '', plannedSteps: [], steps: [], revisions: [], artifacts: [], answer: '', lastSeq: 0, done: false };
}

export function foldEvents(events, runId = events[0]?.runId ?? '') {
  let state = initialRunState(runId);
  for (const event of events) state = applyEvent(state, event);
  return state;
}

const ACTIVE = new Set(['pending', 'running', 'retrying']);

export function applyEvent(prev, event) {
  // Events already folded (a replay overlapping the snapshot) are ignored: seq is the cursor.
  if (event.seq <= prev.lastSeq) return prev;
  const state = { ...prev, lastSeq: event.seq };
  const d = event.data;
  const updateStep = (stepId, patch) => {
    state.steps = state.steps.map((step) => (step.id === stepId ? { ...step, ...patch(step) } : step));
  };
  switch (event.type) {
    case 'run.created':
      state.question = d.question;
      state.source = d.source;
      state.createdAt = event.ts;
      state.status = 'routing';
      break;
    case 'route.completed':
      state.intent = d.intent;
      state.entities = d.entities;
      state.router = d.router;
      state.status = 'planning';
      break;
    case 'plan.created':
      state.planner = d.planner;
      state.plannedSteps = d.steps;
      state.steps = d.steps.map((step) => ({ ...step, status: 'pending', attempts: 0 }));
      state.status = 'running';
      break;
    case 'plan.revised': {
      const replacement = d.added[0]?.id;
      state.steps = state.steps.map((step) =>
        d.removed.includes(step.id) && step.status !== 'succeeded' ? { ...step, status: 'replaced', replacedBy: replacement, note: d.reason } : step,
      );
      const known = new Set(state.steps.map((s) => s.id));
      for (const step of d.added) {
        if (!known.has(step.id)) state.steps = [...state.steps, { ...step, status: 'pending', attempts: 0, replaces: d.removed[0] }];
      }
      state.revisions = [...state.revisions, { reason: d.reason, added: d.added.map((s) => s.id), removed: d.removed }];
      break;
    }
    case 'step.started':
      updateStep(d.stepId, (step) => ({
        status: 'running',
        attempts: d.attempt,
        startedAt: step.startedAt ?? event.ts,
        note: d.attempt > 1 ? `attempt ${d.attempt}` : undefined,
      }));
      break;
    case 'step.progress':
      updateStep(d.stepId, () => ({ note: d.message }));
      break;
    case 'step.retrying':
      updateStep(d.stepId, () => ({ status: 'retrying', error: d.error, note: `retrying in ${d.delayMs} ms after: ${d.error.message}` }));
      break;
    case 'step.succeeded':
      updateStep(d.stepId, () => ({ status: 'succeeded', durationMs: d.durationMs, summary: d.summary, endedAt: event.ts, note: undefined }));
      break;
    case 'step.failed':
      updateStep(d.stepId, (step) => ({
        status: d.final ? 'failed' : step.status,
        error: d.error,
        durationMs: d.durationMs ?? step.durationMs,
        endedAt: d.final ? event.ts : step.endedAt,
      }));
      break;
    case 'step.skipped':
      updateStep(d.stepId, () => ({ status: 'skipped', note: d.reason, endedAt: event.ts }));
      break;
    case 'artifact.created':
      state.artifacts = [...state.artifacts, d];
      break;
    case 'synthesis.delta':
      state.answer = state.answer + d.text;
      break;
    case 'run.completed':
      state.status = 'completed';
      state.answer = d.answer;
      state.artifacts = d.artifacts;
      state.usage = d.usage;
      state.flagged = d.flagged;
      state.done = true;
      state.endedAt = event.ts;
      break;
    case 'run.failed':
      state.status = 'failed';
      state.error = d.error;
      if (d.partialAnswer) state.answer = d.partialAnswer;
      state.done = true;
      state.endedAt = event.ts;
      break;
    case 'run.cancelled':
      state.status = 'cancelled';
      state.cancelledBy = d.by;
      state.done = true;
      state.endedAt = event.ts;
      state.steps = state.steps.map((step) => (ACTIVE.has(step.status) ? { ...step, status: 'skipped', note: 'cancelled' } : step));
      break;
    default:
      // An event type this console does not know yet (a newer server): keep the cursor, change nothing.
      break;
  }
  return state;
}
