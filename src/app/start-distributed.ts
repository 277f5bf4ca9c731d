/**
 * Distributed mode (REDIS_URL set): builds the Redis side of the app for the process's role and starts it.
 *  - web: HTTP API + SSE + console + Slack/Discord ingress over the Redis run API (runs are enqueued, events read
 *    from streams); redelivery dedupe in Redis.
 *  - worker: a BullMQ worker running pipelines, mirroring events to streams; a /healthz endpoint on PORT.
 *  - all: both in one process.
 * Stopping: the web side first (stop taking runs, drain SSE), then the worker finishes the runs it holds.
 */
import { createServer, type Server } from 'node:http';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { secretValues } from '../secrets.js';
import { createRedis } from '../distributed/redis-connection.js';
import { redisKeys, type RedisKeys } from '../distributed/redis-keys.js';
import { RedisArtifactStore } from '../distributed/redis-artifact-store.js';
import { RedisEventDedupe } from '../distributed/redis-event-dedupe.js';
import { createRedisRunApi } from '../distributed/redis-run-api.js';
import type { RunJob } from '../distributed/run-job.js';
import { startRunWorker, type RunWorker } from '../distributed/run-worker.js';
import { StreamFollower } from '../distributed/stream-follower.js';
import { StreamWriter } from '../distributed/stream-writer.js';
import { MemoryEventLog } from '../pipeline/events/event-log.js';
import { FileArtifactStore } from '../store/artifact-store.js';
import { RunArchive } from '../store/run-archive.js';
import type { App, AppOverrides } from './create-app.js';
import { RedisCache } from '../distributed/redis-cache.js';
import { RedisRateLimiter, redisClientLimit } from '../distributed/redis-rate-limits.js';
import { barsWindows } from '../tools/market/bars/create-bars-chain.js';
import { finnhubWindows } from '../tools/market/create-market-data.js';
import { rateLimitSettings } from '../adapters/http/rate-limit.js';
import { startSurfaces, type StartSurfacesOptions } from './start-surfaces.js';

export type SharedRedis = {
  /** For requests people wait on: commands time out (5 s) rather than hang while Redis is away. */
  redis: Redis;
  /** For the worker's writes and BullMQ: commands wait out an outage (an event is never dropped). */
  durable: Redis;
  keys: RedisKeys; artifacts: RedisArtifactStore; marketDeps: NonNullable<AppOverrides['marketDeps']> };

/** The connection and stores createApp needs before it builds the pipeline (artifacts must be shared). */
export function connectShared(config: Config & { REDIS_URL: string }, logger: Logger): SharedRedis {
  const redis = createRedis(config.REDIS_URL, logger, 'marketdesk', { commandTimeoutMs: 5_000 });
  const durable = createRedis(config.REDIS_URL, logger, 'marketdesk-durable');
  const keys = redisKeys(config.REDIS_PREFIX);
  const artifacts = new RedisArtifactStore({ redis, keys, local: new FileArtifactStore(config.DATA_DIR), logger, ttlSeconds: config.RUN_STREAM_TTL_SECONDS });
  // Market data: one cache and one set of upstream limits for the whole deployment (a 429 pauses every process).
  const barsLimiters = Object.fromEntries((['tiingo', 'alpaca', 'yahoo'] as const).map((id) => [id, new RedisRateLimiter(redis, keys, `bars:${id}`, barsWindows(id, config))]));
  const marketDeps = { cache: new RedisCache(redis, keys, logger), limiter: new RedisRateLimiter(redis, keys, 'finnhub', finnhubWindows(config)), barsLimiters };
  return { redis, durable, keys, artifacts, marketDeps };
}

export type RunningRoles = {
  /** Base URL of the HTTP server (web/all) or the health endpoint (worker). */
  url: string;
  describe(): Record<string, string>;
  summary(): string;
  stop(): Promise<void>;
};

export async function startDistributed(app: App, shared: SharedRedis, options: StartSurfacesOptions = {}): Promise<RunningRoles> {
  const { config, logger } = app;
  const { redis, keys } = shared;
  const role = config.MARKETDESK_ROLE;
  const blocking = createRedis(config.REDIS_URL ?? '', logger, 'marketdesk-follow');
  const follower = new StreamFollower({ shared: redis, blocking, keys, logger });
  const archive = new RunArchive(config.DATA_DIR);
  const stops: (() => Promise<void>)[] = [];
  const details: Record<string, string> = { role, redis: `prefix ${keys.prefix}` };
  let url = '';
  let worker: RunWorker | undefined;
  let writer: StreamWriter | undefined;

  if (role === 'web' || role === 'all') {
    const queue = new Queue<RunJob>(keys.queueName, {
      connection: redis,
      prefix: keys.bullPrefix,
      // Completed jobs only need to live long enough to dedupe a second enqueue; history is in the stream/store.
      defaultJobOptions: { attempts: 1, removeOnComplete: { age: 3_600, count: 10_000 }, removeOnFail: { age: 86_400 } },
    });
    const runs = createRedisRunApi({ redis, keys, queue, follower, artifacts: shared.artifacts, archive, logger, maxQuestionChars: 4000, secrets: secretValues(config), extras: app.pipeline.chat });
    // The run store keeps retention over DATA_DIR; it records its own (empty) log, never the worker's.
    // The per-client limit on starting runs is one budget across every web process.
    const limit = options.http?.rateLimit ?? rateLimitSettings(config);
    const rateLimit = limit === false ? false : { ...limit, shared: redisClientLimit(redis, keys, limit.capacity ?? 10, limit.refillPerSecond ?? 0.5) };
    const surfaces = await startSurfaces(app, { ...options, http: { ...options.http, rateLimit }, runs, dedupe: new RedisEventDedupe(redis, keys), storeEvents: new MemoryEventLog() });
    url = surfaces.url;
    Object.assign(details, surfaces.describe());
    stops.push(async () => {
      await surfaces.stop();
      await queue.close();
    });
  }
  if (role === 'worker' || role === 'all') {
    writer = new StreamWriter({ redis: shared.durable, keys, events: app.events, logger, ttlSeconds: config.RUN_STREAM_TTL_SECONDS });
    worker = await startRunWorker({
      redis: shared.durable,
      keys,
      pipeline: app.pipeline,
      writer,
      follower,
      archive,
      logger,
      concurrency: config.WORKER_CONCURRENCY,
      lockMs: config.WORKER_LOCK_MS,
      stalledCheckMs: config.WORKER_STALLED_CHECK_MS,
      streamTtlSeconds: config.RUN_STREAM_TTL_SECONDS,
    });
    details.worker = `concurrency ${config.WORKER_CONCURRENCY}, lock ${config.WORKER_LOCK_MS} ms, stalled check ${config.WORKER_STALLED_CHECK_MS} ms`;
    const running = worker;
    stops.push(async () => {
      // Finishes the runs it holds (the 20 s force-exit in index.ts bounds it); a run cut off there is taken over
      // by another worker, like after a crash.
      await running.close();
      writer?.close();
    });
    if (role === 'worker') {
      const health = await listenHealth(config, () => ({ ok: true, role, activeRuns: running.active() }));
      url = health.url;
      stops.push(() => new Promise<void>((resolve) => health.server.close(() => resolve())));
    }
  }

  return {
    url,
    describe: () => details,
    summary: () => `${role} (${Object.entries(details).filter(([k]) => k !== 'store' && k !== 'role').map(([k, v]) => `${k}: ${v}`).join(', ')})`,
    async stop() {
      for (const stop of stops) await stop().catch((error: Error) => logger.warn({ err: { message: error.message } }, 'error while stopping'));
      await follower.close();
      await app.close(); // the chart workers, once this process renders no more
      blocking.disconnect();
      await Promise.all([redis.quit(), shared.durable.quit()]).catch(() => undefined);
    },
  };
}

/** A worker's only HTTP endpoint: /healthz, for supervisors and the tests' readiness wait. */
async function listenHealth(config: Config, status: () => Record<string, unknown>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(status()));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'a worker serves /healthz only' } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return { server, url: `http://${config.HOST}:${port}` };
}
