/**
 * A worker process's side of distributed mode: a BullMQ Worker that takes run jobs and executes them with the
 * ordinary pipeline (`adoptRun`), while the stream writer mirrors every new event to the run's Redis stream.
 *
 * A killed worker loses nothing: its jobs' locks stop being renewed, BullMQ's stalled check (every
 * `stalledCheckMs`) moves them back to the queue after `lockMs`, and the next worker reads the run's stream and runs
 * it again *continuing the same stream* from its last seq — readers see one contiguous log and exactly one terminal
 * event. A job that stalls more than once more is failed by BullMQ; we then end its run `failed` with a reason,
 * so no run is left without a terminal event.
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isTerminal, type RunEvent } from '../pipeline/index.js';
import type { LogRunApi } from '../pipeline/run/log-run-api.js';
import type { RunArchive } from '../store/run-archive.js';
import type { RedisKeys } from './redis-keys.js';
import { appendRunEvent } from './append-script.js';
import { cancelMessageSchema, runJobSchema, type RunJob } from './run-job.js';
import type { StreamFollower } from './stream-follower.js';
import type { StreamWriter } from './stream-writer.js';

export type RunWorkerDeps = {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly pipeline: LogRunApi;
  readonly writer: StreamWriter;
  readonly follower: StreamFollower;
  readonly archive: RunArchive;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly lockMs: number;
  readonly stalledCheckMs: number;
  readonly streamTtlSeconds: number;
};

export type RunWorker = {
  /** Runs this worker holds right now. */
  active(): number;
  /** Stops taking jobs and waits for the runs it holds to end (graceful shutdown). */
  close(): Promise<void>;
};

export async function startRunWorker(deps: RunWorkerDeps): Promise<RunWorker> {
  const { redis, keys, pipeline, writer, follower, logger } = deps;
  const held = new Set<string>();
  /** Runs whose lock this worker lost while alive: another worker owns them now; ours stop writing. */
  const lost = new Set<string>();

  const processRun = async (job: Job<RunJob>): Promise<string> => {
    const { runId, context } = runJobSchema.parse(job.data);
    const history = await follower.read(runId);
    if (history[0]?.type !== 'run.created') {
      logger.error({ runId }, 'run job without a run stream; nothing to run');
      return 'missing';
    }
    if (history.some(isTerminal)) return 'already ended';
    if (history.length > 1) logger.warn({ runId, lastSeq: history.length, attempt: job.attemptsStarted }, 'taking over a run whose worker stopped; continuing its stream');
    held.add(runId);
    writer.own(runId);
    try {
      const done = pipeline.adoptRun(runId, history, context);
      const cancelledBy = await redis.get(keys.cancel(runId));
      if (cancelledBy) await pipeline.cancelRun(runId, cancelledBy);
      const state = await done;
      return state.status;
    } finally {
      held.delete(runId);
      await writer.release(runId);
      const events = pipeline.events.history(runId);
      if (!lost.delete(runId)) await deps.archive.write(runId, events).catch((error: Error) => logger.warn({ runId, err: { message: error.message } }, 'could not archive the run'));
      pipeline.events.drop(runId);
    }
  };

  const worker = new Worker<RunJob>(keys.queueName, processRun, {
    connection: redis.duplicate(),
    prefix: keys.bullPrefix,
    concurrency: deps.concurrency,
    // The lock is renewed every lockMs/2 while this process lives; when it dies the lock lapses after lockMs and
    // the next stalled check (every stalledCheckMs) hands the run to another worker: detection within
    // lockMs + stalledCheckMs. Runs are I/O-bound (chart rendering is the longest CPU slice, well under a second),
    // so a short lock does not stall healthy jobs.
    lockDuration: deps.lockMs,
    stalledInterval: deps.stalledCheckMs,
    maxStalledCount: 1,
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 86_400 },
  });
  worker.on('error', (error) => logger.warn({ err: { message: error.message } }, 'run worker error'));
  // Alive but too slow to renew (a CPU stall): another worker may already run these. Stop writing their streams
  // and stop the local work, so a run never has two writers; the local cancel stays in this process's memory.
  worker.on('lockRenewalFailed', (jobIds) => {
    logger.error({ runIds: jobIds }, 'could not renew run locks; handing these runs over');
    for (const runId of jobIds) {
      if (!held.has(runId)) continue;
      lost.add(runId);
      writer.disown(runId);
      void pipeline.cancelRun(runId, 'worker lost its lock');
    }
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    // Stalled past the limit (or any failure around the pipeline): end the run readably if it has not ended.
    void endUnfinished(redis, keys, follower, job.data.runId, error.message, deps.streamTtlSeconds).catch((err: Error) => logger.error({ runId: job.data.runId, err: { message: err.message } }, 'could not end a failed run'));
  });
  await worker.waitUntilReady();

  // Cancels published by any web process; the worker holding the run appends `run.cancelled` and stops it.
  const subscriber = redis.duplicate();
  subscriber.on('message', (_channel: string, message: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = cancelMessageSchema.safeParse(raw);
    if (parsed.success && held.has(parsed.data.runId)) void pipeline.cancelRun(parsed.data.runId, parsed.data.by);
  });
  await subscriber.subscribe(keys.cancelChannel);

  return {
    active: () => held.size,
    async close() {
      await worker.close();
      await subscriber.quit().catch(() => undefined);
    },
  };
}

/** Appends `run.failed` after the last event of a run that has no terminal event (written by whoever notices). */
export async function endUnfinished(redis: Redis, keys: RedisKeys, follower: StreamFollower, runId: string, reason: string, ttlSeconds: number): Promise<boolean> {
  const events = await follower.read(runId);
  const last = events[events.length - 1];
  if (!last || isTerminal(last)) return false;
  const failed: RunEvent = {
    runId,
    seq: last.seq + 1,
    ts: new Date().toISOString(),
    type: 'run.failed',
    data: { error: { code: 'interrupted', message: `The analysis was interrupted and could not be resumed (${reason}). Please try again.`, retryable: true } },
  };
  try {
    return await appendRunEvent(redis, keys, failed, JSON.stringify(failed), true, ttlSeconds);
  } catch {
    return false; // someone appended meanwhile: the run is going on (or ended) elsewhere
  }
}
