/**
 * The run API of a web process in distributed mode: the same contract as the one-process API (src/pipeline/run/
 * run-api.ts), served from Redis, so surfaces cannot tell the difference.
 *
 *  - startRun: claims the platform event id (`SET NX`, so a redelivery to any web process finds the same run),
 *    writes `run.created` as seq 1 of the run's stream, and enqueues the run on BullMQ with job id = run id.
 *    The worker that picks it up continues the stream from seq 2.
 *  - reads fold the stream; once it has expired, the archived history (DATA_DIR, shared) answers instead.
 *  - subscribe: replay from the stream, then follow on the process's one blocking connection (stream-follower.ts).
 *  - cancelRun: a key the picking-up worker checks plus a pub/sub message the owning worker acts on; the worker
 *    appends `run.cancelled` (only the owner writes a run's stream).
 */
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isTerminal, reduceRun, runEventSchema, type RunEvent, type RunState } from '../pipeline/index.js';
import { followUpContext } from '../pipeline/run/follow-up.js';
import { chatExtrasApi, type ChatExtrasWork } from '../pipeline/run/chat-extras-api.js';
import { displayableQuestion } from '../pipeline/route/normalize-question.js';
import { createRedactor } from '../secrets.js';
import {
  feedbackSchema,
  type RunApi,
  type RunSummary,
  type StartRunInput,
  type StartedRun,
  type StoredFeedback,
  type ThreadRef,
} from '../pipeline/run/run-api.js';
import type { RunArchive } from '../store/run-archive.js';
import type { ArtifactStore } from '../tools/artifacts.js';
import { streamId, type RedisKeys } from './redis-keys.js';
import { RUN_JOB_NAME, type RunJob } from './run-job.js';
import type { StreamFollower } from './stream-follower.js';

export type RedisRunApiDeps = {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly queue: Queue<RunJob>;
  readonly follower: StreamFollower;
  readonly artifacts: ArtifactStore;
  readonly archive: RunArchive;
  readonly logger: Logger;
  /** Seconds a platform event id stays claimed. @default 3600 (Slack retries for ~5 min) */
  readonly eventClaimSeconds?: number;
  /** Seconds thread → last run and feedback are kept. @default 30 days */
  readonly keepSeconds?: number;
  /** @default 4000 */
  readonly maxQuestionChars?: number;
  /** Runs listed by the index (older ones drop out of the list, not out of the store). @default 5000 */
  readonly maxIndexedRuns?: number;
  /** Configured secret values, cut out of `run.created` as the one-process API does. */
  readonly secrets?: readonly string[];
  /**
   * The chat methods' work (the process's own pipeline: router, tools, the shared market-data cache); absent = the
   * surfaces offer no mention-less follow-ups, suggestions or chart controls. A chart redraw runs here, in the web
   * process, not on a worker: see docs/operations.md ("Chat extras in distributed mode").
   */
  readonly extras?: ChatExtrasWork;
};

const storedFeedbackSchema = feedbackSchema.extend({ runId: z.string(), at: z.string() });

const threadKey = (t: ThreadRef) => `${t.platform}:${t.team ?? ''}:${t.channel ?? ''}:${t.thread}`;

export function createRedisRunApi(deps: RedisRunApiDeps): RunApi {
  const { redis, keys, queue, follower, logger } = deps;
  const keepSeconds = deps.keepSeconds ?? 30 * 86_400;
  const redactor = createRedactor(deps.secrets ?? []);

  /** The run's events: its live stream, or its archived history once the stream expired. */
  async function history(runId: string): Promise<RunEvent[]> {
    const events = await follower.read(runId);
    return events.length > 0 ? events : deps.archive.read(runId);
  }

  async function getRun(runId: string): Promise<RunState | undefined> {
    const events = await history(runId);
    return events.length ? reduceRun(events, runId) : undefined;
  }

  /** Resolves with the final state, following the stream only when someone asks (`done` is lazy). */
  function doneOf(runId: string): () => Promise<RunState> {
    let done: Promise<RunState> | undefined;
    return () =>
      (done ??= new Promise<RunState>((resolve) => {
        const seen: RunEvent[] = [];
        const stop = follower.subscribe(runId, 0, (event) => {
          seen.push(event);
          if (isTerminal(event)) {
            stop();
            resolve(reduceRun(seen, runId));
          }
        });
      }));
  }

  const started = (runId: string, deduplicated: boolean): StartedRun => {
    const done = doneOf(runId);
    return {
      runId,
      deduplicated,
      get done() {
        return done();
      },
    };
  };

  async function startRun(input: StartRunInput): Promise<StartedRun> {
    const runId = randomBytes(16).toString('base64url');
    const eventId = input.source.eventId;
    if (eventId) {
      const claimed = await redis.set(keys.eventClaim(eventId), runId, 'EX', deps.eventClaimSeconds ?? 3_600, 'NX');
      if (claimed !== 'OK') {
        const existing = await redis.get(keys.eventClaim(eventId));
        if (existing) return started(existing, true);
      }
    }
    const question = displayableQuestion(typeof input.question === 'string' ? input.question : '').slice(0, deps.maxQuestionChars ?? 4000);
    const previous = input.followUp ? await getRun(input.followUp) : undefined;
    const context = input.context ?? (previous ? followUpContext(previous) : undefined);
    const created: RunEvent = { runId, seq: 1, ts: new Date().toISOString(), type: 'run.created', data: redactor.value({ question, source: input.source, ...(input.request ? { request: input.request } : {}) }) };
    const batch = redis.multi().xadd(keys.stream(runId), streamId(1), 'e', JSON.stringify(created)).zadd(keys.runIndex, Date.now(), runId);
    if (input.source.thread) batch.set(keys.thread(threadKey({ ...input.source, thread: input.source.thread })), runId, 'EX', keepSeconds);
    await batch.exec();
    await queue.add(RUN_JOB_NAME, { runId, ...(context ? { context } : {}) }, { jobId: runId });
    // Keep the index bounded (newest kept); a trim now and then is enough.
    if (Math.random() < 0.05) void redis.zremrangebyrank(keys.runIndex, 0, -(deps.maxIndexedRuns ?? 5_000) - 1).catch(() => undefined);
    return started(runId, false);
  }

  async function cancelRun(runId: string, by: string): Promise<boolean> {
    const state = await getRun(runId);
    if (!state || state.done) return false;
    await redis.multi().set(keys.cancel(runId), by, 'EX', 600).publish(keys.cancelChannel, JSON.stringify({ runId, by })).exec();
    return true;
  }

  async function listRuns(limit = 50): Promise<RunSummary[]> {
    const runIds = await redis.zrevrange(keys.runIndex, 0, Math.max(0, limit - 1));
    const summaries: RunSummary[] = [];
    // First and last entry of every listed stream in one round trip.
    const batch = redis.multi();
    for (const runId of runIds) batch.xrange(keys.stream(runId), '-', '+', 'COUNT', 1).xrevrange(keys.stream(runId), '+', '-', 'COUNT', 1);
    const replies = (await batch.exec()) ?? [];
    for (const [i, runId] of runIds.entries()) {
      const first = entryEvent(replies[2 * i]?.[1]);
      const last = entryEvent(replies[2 * i + 1]?.[1]);
      let created = first;
      let ended = last && isTerminal(last) ? last : undefined;
      if (!created) {
        const archived = await deps.archive.read(runId);
        created = archived[0];
        const tail = archived[archived.length - 1];
        ended = tail && isTerminal(tail) ? tail : undefined;
      }
      if (created?.type !== 'run.created') continue;
      summaries.push({
        runId,
        question: created.data.question,
        status: ended ? (ended.type === 'run.completed' ? 'completed' : ended.type === 'run.failed' ? 'failed' : 'cancelled') : 'running',
        createdAt: created.ts,
        ...(ended ? { endedAt: ended.ts } : {}),
        platform: created.data.source.platform,
      });
    }
    return summaries;
  }

  return {
    startRun,
    cancelRun,
    getRun,
    getEvents: history,
    subscribe(runId, afterSeq, listener) {
      let stop: (() => void) | undefined;
      let active = true;
      // A run whose stream expired is replayed from its archive (it has ended: nothing live to follow).
      void redis.exists(keys.stream(runId)).then(async (exists) => {
        if (!active) return;
        if (exists) {
          stop = follower.subscribe(runId, afterSeq, listener);
          return;
        }
        for (const event of await deps.archive.read(runId)) if (active && event.seq > afterSeq) listener(event);
      });
      return () => {
        active = false;
        stop?.();
      };
    },
    listRuns,
    async getArtifact(runId, name) {
      const artifact = (await getRun(runId))?.artifacts.find((a) => a.name === name);
      if (!artifact) return undefined;
      const bytes = await deps.artifacts.read(runId, name);
      return bytes ? { artifact, bytes } : undefined;
    },
    async recordFeedback(runId, feedback) {
      if (!(await getRun(runId))) return false;
      const stored: StoredFeedback = { ...feedbackSchema.parse(feedback), runId, at: new Date().toISOString() };
      await redis.multi().rpush(keys.feedback(runId), JSON.stringify(stored)).expire(keys.feedback(runId), keepSeconds).exec();
      return true;
    },
    async getFeedback(runId) {
      const items = await redis.lrange(keys.feedback(runId), 0, -1);
      return items.flatMap((item) => {
        const parsed = storedFeedbackSchema.safeParse(safeJson(item));
        return parsed.success ? [parsed.data as StoredFeedback] : [];
      });
    },
    async lastRunInThread(thread) {
      return (await redis.get(keys.thread(threadKey(thread)))) ?? undefined;
    },
    // A web process runs no pipelines: its in-flight work is SSE streams, which the HTTP server drains.
    drain: async () => {
      logger.debug('web process drained (runs continue on the workers)');
    },
    ...(deps.extras ? chatExtrasApi(deps.extras, getRun) : {}),
  };
}

function entryEvent(reply: unknown): RunEvent | undefined {
  const entries = reply as [string, string[]][] | undefined;
  const fields = entries?.[0]?.[1];
  if (!fields) return undefined;
  const parsed = runEventSchema.safeParse(safeJson(fields[fields.indexOf('e') + 1]));
  return parsed.success ? parsed.data : undefined;
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
