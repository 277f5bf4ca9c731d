/**
 * The run API over one process's event log: everything a surface needs (start with dedupe and follow-up context,
 * cancel, read, follow, artifacts, drain), with the work itself plugged in as `execute`. The pipeline plugs in
 * route → plan → execute → synthesize; tests plug in scripts of realistic events, so adapters are always tested
 * against this same shell.
 *
 * Guarantees: `execute` never throws out of here, and every run ends with exactly one terminal event (a crash
 * becomes `run.failed internal_error`; a drain that times out marks the run `run.failed shutdown`).
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { BotError } from '../../errors.js';
import type { ArtifactStore } from '../../tools/artifacts.js';
import type { EventLog } from '../events/event-log.js';
import { isTerminal, type RunEvent, type RunEventData, type RunEventType, type RunSource, type StructuredRequest } from '../events/events.js';
import { reduceRun, type RunState } from '../events/reduce.js';
import { followUpContext } from './follow-up.js';
import { chatExtrasApi, type ChatExtrasWork } from './chat-extras-api.js';
import { createRedactor } from '../../secrets.js';
import { displayableQuestion } from '../route/normalize-question.js';
import { feedbackSchema, type FeedbackStore, type RunApi, type RunContext, type RunSummary, type StartRunInput, type ThreadRef } from './run-api.js';

export type Emit = <T extends RunEventType>(type: T, data: RunEventData<T>) => void;

/** One run's work, after `run.created`: must end the run with a terminal event unless `signal` was aborted. */
export type RunExecutor = (run: {
  runId: string;
  question: string;
  source: RunSource;
  context?: RunContext;
  request?: StructuredRequest;
  signal: AbortSignal;
  emit: Emit;
}) => Promise<void>;

export type LogRunApiDeps = {
  readonly events: EventLog;
  readonly artifacts: ArtifactStore;
  readonly execute: RunExecutor;
  readonly logger: Logger;
  /** Where 👍/👎 are kept. @default in memory */
  readonly feedback?: FeedbackStore;
  /** @default 32 */
  readonly maxConcurrentRuns?: number;
  /** Longest question kept in `run.created`. @default 4000 */
  readonly maxQuestionChars?: number;
  /** Chat extras the work can serve (the pipeline: routing, suggestions, chart redraws); absent = not offered. */
  readonly extras?: ChatExtrasWork;
  /**
   * Configured secret values: cut out of every event before it is appended, so no reader of the log (SSE, the run
   * store, chat, the CLI) can show a key an upstream echoed back.
   */
  readonly secrets?: readonly string[];
};

export type LogRunApi = RunApi & {
  readonly events: EventLog;
  adoptRun(runId: string, history: readonly RunEvent[], context?: RunContext): Promise<RunState>;
};

type Live = { controller: AbortController; done: Promise<RunState> };

const threadKey = (t: ThreadRef) => `${t.platform}:${t.team ?? ''}:${t.channel ?? ''}:${t.thread}`;

export function createLogRunApi(deps: LogRunApiDeps): LogRunApi {
  const { events, logger } = deps;
  const live = new Map<string, Live>();
  const seenEventIds = new LRUCache<string, string>({ max: 10_000 });
  const threads = new LRUCache<string, string>({ max: 10_000 });
  const runLimit = pLimit(deps.maxConcurrentRuns ?? 32);
  const feedbackStore = deps.feedback ?? memoryFeedback();
  const redactor = createRedactor(deps.secrets ?? []);

  const stateOf = (runId: string): RunState | undefined => {
    const history = events.history(runId);
    return history.length ? reduceRun(history, runId) : undefined;
  };

  async function startRun(input: StartRunInput) {
    const eventId = input.source.eventId;
    const existing = eventId ? seenEventIds.get(eventId) : undefined;
    if (existing) {
      return { runId: existing, deduplicated: true, done: live.get(existing)?.done ?? Promise.resolve(stateOf(existing) ?? reduceRun([], existing)) };
    }
    const runId = randomBytes(16).toString('base64url');
    if (eventId) seenEventIds.set(eventId, runId);
    const question = displayableQuestion(typeof input.question === 'string' ? input.question : '').slice(0, deps.maxQuestionChars ?? 4000);
    const previous = input.followUp ? stateOf(input.followUp) : undefined;
    const context = input.context ?? (previous ? followUpContext(previous) : undefined);
    if (input.source.thread) threads.set(threadKey({ ...input.source, thread: input.source.thread }), runId);
    events.append(runId, 'run.created', redactor.value({ question, source: input.source, ...(input.request ? { request: input.request } : {}) }));
    const done = launch(runId, question, input.source, context, input.request);
    return { runId, deduplicated: false, done };
  }

  /** Runs the work for a run whose `run.created` is already in the log; events continue after the last seq. */
  function launch(runId: string, question: string, source: RunSource, context: RunContext | undefined, request: StructuredRequest | undefined): Promise<RunState> {
    const controller = new AbortController();
    const emit: Emit = (type, data) => void events.append(runId, type, redactor.value(data));
    const done = runLimit(() => (controller.signal.aborted ? undefined : deps.execute({ runId, question, source, context, ...(request ? { request } : {}), signal: controller.signal, emit })))
      .catch((error) => {
        // Last line of defence: any bug in the work still ends the run with one readable terminal event.
        logger.error({ err: error, runId }, 'run crashed');
        emit('run.failed', { error: { code: 'internal_error', message: 'Something went wrong on our side while answering. Please try again.' } });
      })
      .then(() => {
        if (!events.history(runId).some(isTerminal)) {
          logger.error({ runId }, 'run ended without a terminal event');
          emit('run.failed', { error: { code: 'internal_error', message: 'The analysis stopped without an answer. Please try again.' } });
        }
        live.delete(runId);
        return reduceRun(events.history(runId), runId);
      });
    live.set(runId, { controller, done });
    return done;
  }

  /**
   * Takes over a run started elsewhere (a queue worker): `history` is what its stream holds so far, from
   * `run.created` on. Ended runs resolve at once; otherwise the work runs (again, after a worker died) and its
   * events continue from the last seq, so readers see one contiguous log with exactly one terminal event.
   */
  function adoptRun(runId: string, history: readonly RunEvent[], context?: RunContext): Promise<RunState> {
    const running = live.get(runId);
    if (running) return running.done;
    const created = history[0];
    if (created?.type !== 'run.created') return Promise.reject(new BotError('internal_error', `run ${runId} has no run.created event`));
    events.restore(runId, history);
    if (history.some(isTerminal)) return Promise.resolve(reduceRun(history, runId));
    if (created.data.source.thread) threads.set(threadKey({ ...created.data.source, thread: created.data.source.thread }), runId);
    return launch(runId, created.data.question, created.data.source, context, created.data.request);
  }

  async function cancelRun(runId: string, by: string): Promise<boolean> {
    const run = live.get(runId);
    if (!run || run.controller.signal.aborted) return false;
    if (events.history(runId).some(isTerminal)) return false;
    events.append(runId, 'run.cancelled', { by });
    run.controller.abort(new BotError('cancelled', `cancelled by ${by}`));
    return true;
  }

  async function listRuns(limit = 50): Promise<RunSummary[]> {
    const summaries: RunSummary[] = [];
    for (const runId of events.runIds()) {
      const history = events.history(runId);
      const created = history[0];
      if (created?.type !== 'run.created') continue;
      const last = history[history.length - 1];
      const ended = isTerminal(last) ? last : undefined;
      summaries.push({
        runId,
        question: created.data.question,
        status: ended ? (ended.type === 'run.completed' ? 'completed' : ended.type === 'run.failed' ? 'failed' : 'cancelled') : 'running',
        createdAt: created.ts,
        ...(ended ? { endedAt: ended.ts } : {}),
        platform: created.data.source.platform,
      });
    }
    summaries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return summaries.slice(0, limit);
  }

  async function lastRunInThread(thread: ThreadRef): Promise<string | undefined> {
    const known = threads.get(threadKey(thread));
    if (known && events.has(known)) return known;
    // After a restart the store reloads past runs; their `source` still names the thread.
    for (const summary of await listRuns(500)) {
      const source = stateOf(summary.runId)?.source;
      if (source && matches(source, thread)) return summary.runId;
    }
    return undefined;
  }

  async function drain(timeoutMs: number): Promise<void> {
    const pending = [...live.values()].map((r) => r.done);
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(pending), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    for (const [runId, run] of live) {
      // Still running at shutdown: mark it, so nothing is silently lost.
      events.append(runId, 'run.failed', { error: { code: 'shutdown', message: 'The server shut down before this analysis finished. Please ask again.' } });
      run.controller.abort(new BotError('shutdown', 'server shutting down'));
    }
  }

  return {
    events,
    adoptRun,
    startRun,
    cancelRun,
    getRun: async (runId) => stateOf(runId),
    getEvents: async (runId) => events.history(runId),
    subscribe: (runId, afterSeq, listener) => events.subscribe(runId, afterSeq, listener),
    listRuns,
    async getArtifact(runId, name) {
      const artifact = stateOf(runId)?.artifacts.find((a) => a.name === name);
      if (!artifact) return undefined;
      const bytes = await deps.artifacts.read(runId, name);
      if (!bytes) return undefined;
      const localPath = deps.artifacts.localPath?.(runId, name);
      return { artifact, bytes, ...(localPath ? { localPath } : {}) };
    },
    async recordFeedback(runId, feedback) {
      if (!events.has(runId)) return false;
      await feedbackStore.record({ ...feedbackSchema.parse(feedback), runId, at: new Date().toISOString() });
      return true;
    },
    getFeedback: (runId) => feedbackStore.read(runId),
    lastRunInThread,
    drain,
    ...(deps.extras ? chatExtrasApi(deps.extras, async (runId) => stateOf(runId)) : {}),
  };
}

function memoryFeedback(): FeedbackStore {
  const items: Parameters<FeedbackStore['record']>[0][] = [];
  return {
    record: async (feedback) => void items.push(feedback),
    read: async (runId) => items.filter((f) => f.runId === runId),
  };
}

function matches(source: RunSource, ref: ThreadRef): boolean {
  return (
    source.platform === ref.platform &&
    source.thread === ref.thread &&
    (!ref.channel || !source.channel || source.channel === ref.channel) &&
    (!ref.team || !source.team || source.team === ref.team)
  );
}
