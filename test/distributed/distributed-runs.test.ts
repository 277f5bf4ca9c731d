/**
 * Distributed mode in one process, against the machine's Redis (never mocked; a unique prefix, removed afterwards):
 * the web side's run API (createRedisRunApi) and a BullMQ run worker executing the real offline pipeline meet only
 * in Redis, as they do across processes. The multi-process behaviour (SIGKILL, two web processes, npm start) is in
 * test/e2e/scale-out.test.ts.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { createRedis } from '../../src/distributed/redis-connection.js';
import { RedisArtifactStore } from '../../src/distributed/redis-artifact-store.js';
import { RedisEventDedupe } from '../../src/distributed/redis-event-dedupe.js';
import { redisKeys, streamId } from '../../src/distributed/redis-keys.js';
import { createRedisRunApi } from '../../src/distributed/redis-run-api.js';
import type { RunJob } from '../../src/distributed/run-job.js';
import { endUnfinished, startRunWorker, type RunWorker } from '../../src/distributed/run-worker.js';
import { StreamFollower } from '../../src/distributed/stream-follower.js';
import { StreamWriter } from '../../src/distributed/stream-writer.js';
import { appendRunEvent } from '../../src/distributed/append-script.js';
import { FileArtifactStore } from '../../src/store/artifact-store.js';
import { RunArchive } from '../../src/store/run-archive.js';
import { isTerminal, type RunApi, type RunEvent } from '../../src/pipeline/index.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../e2e/helpers/redis-test.js';
import { testLogger } from '../helpers/tool-fixtures.js';

const PREFIX = uniquePrefix('distributed');
const keys = redisKeys(PREFIX);
const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-distributed-'));
const redis = createRedis(REDIS_URL, testLogger, 'test');
const blocking = createRedis(REDIS_URL, testLogger, 'test-blocking');
const follower = new StreamFollower({ shared: redis, blocking, keys, logger: testLogger });
const archive = new RunArchive(dataDir);
const artifacts = new RedisArtifactStore({ redis, keys, local: new FileArtifactStore(path.join(dataDir, 'worker')), logger: testLogger, ttlSeconds: 600 });

let app: App;
let writer: StreamWriter;
let worker: RunWorker;
let queue: Queue<RunJob>;
let runs: RunApi;
let webArtifacts: RedisArtifactStore;

beforeAll(async () => {
  // The worker's pipeline: offline data, builtin models, get_bars slowed so a run can be cancelled mid-way.
  app = createApp(loadConfig({ DATA_DIR: dataDir, MARKETDESK_FAULTS: 'get_bars=slow:400' }), { logger: testLogger, artifacts, random: () => 0 });
  writer = new StreamWriter({ redis, keys, events: app.events, logger: testLogger, ttlSeconds: 600 });
  worker = await startRunWorker({ redis, keys, pipeline: app.pipeline, writer, follower, archive, logger: testLogger, concurrency: 4, lockMs: 5_000, stalledCheckMs: 2_000, streamTtlSeconds: 600 });
  queue = new Queue<RunJob>(keys.queueName, { connection: redis, prefix: keys.bullPrefix });
  // The web side reads artifacts from Redis only (a different machine has no access to the worker's disk).
  webArtifacts = new RedisArtifactStore({ redis, keys, local: new FileArtifactStore(path.join(dataDir, 'web')), logger: testLogger, ttlSeconds: 600 });
  runs = createRedisRunApi({ redis, keys, queue, follower, artifacts: webArtifacts, archive, logger: testLogger });
}, 30_000);

afterAll(async () => {
  await worker?.close();
  writer?.close();
  await queue?.close();
  await follower.close();
  blocking.disconnect();
  await deletePrefix(REDIS_URL, PREFIX);
  await redis.quit();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

function expectContiguousWithOneTerminal(events: readonly RunEvent[]): void {
  expect(events.length).toBeGreaterThan(2);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter(isTerminal)).toHaveLength(1);
  expect(isTerminal(events[events.length - 1])).toBe(true);
}

describe('Redis run API + BullMQ worker', () => {
  it('a started run is executed by the worker; snapshot, events, list, chart and archive are served from Redis', async () => {
    const started = await runs.startRun({ question: 'How did NVDA do vs SOXX last month?', source: { platform: 'test' } });
    const final = await started.done;
    expect(final.status).toBe('completed');
    const events = await runs.getEvents(started.runId);
    expectContiguousWithOneTerminal(events);
    expect((await runs.getRun(started.runId))?.status).toBe('completed');
    expect((await runs.listRuns(10)).map((r) => r.runId)).toContain(started.runId);
    const chart = final.artifacts[0];
    expect(chart).toBeDefined();
    const content = await runs.getArtifact(started.runId, chart.name);
    expect(content?.bytes.subarray(1, 4).toString()).toBe('PNG');
    // The finished stream expires; the archive holds the history beyond it.
    expect(await redis.ttl(keys.stream(started.runId))).toBeGreaterThan(0);
    await expect.poll(() => existsSync(path.join(dataDir, 'runs', started.runId, 'events.jsonl'))).toBe(true);
    await redis.del(keys.stream(started.runId));
    expect((await runs.getRun(started.runId))?.status).toBe('completed');
    expect((await runs.getEvents(started.runId)).length).toBe(events.length);
    // SSE resume of a run whose stream expired: replayed from the archive, exactly the events after the cursor.
    const resumed: number[] = [];
    runs.subscribe(started.runId, 3, (event) => resumed.push(event.seq));
    await expect.poll(() => resumed.length).toBe(events.length - 3);
    expect(resumed).toEqual(events.slice(3).map((e) => e.seq));
  }, 30_000);

  it('the same platform event id starts one run, whichever process sees it first', async () => {
    const source = { platform: 'slack' as const, eventId: `Ev${Date.now()}`, channel: 'C1', thread: '1.0' };
    const [a, b] = await Promise.all([
      runs.startRun({ question: 'AMD vs NVDA over the past quarter', source }),
      runs.startRun({ question: 'AMD vs NVDA over the past quarter', source }),
    ]);
    expect(a.runId).toBe(b.runId);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    expect((await b.done).status).toBe('completed');
    expect(await runs.lastRunInThread({ platform: 'slack', channel: 'C1', thread: '1.0' })).toBe(a.runId);
  }, 30_000);

  it('chat extras on the web side: thread triage, suggestions, a follow-up and a chart redraw, with no run in the web process', async () => {
    // The web process's own pipeline (offline data, no faults) gives the routing and the renderer; the run itself
    // was executed by the worker, so everything about it comes from Redis (or the archive) through the run API.
    const webApp = createApp(loadConfig({ DATA_DIR: path.join(dataDir, 'web-app') }), { logger: testLogger, artifacts: webArtifacts, random: () => 0 });
    const chat = createRedisRunApi({ redis, keys, queue, follower, artifacts: webArtifacts, archive, logger: testLogger, extras: webApp.pipeline.chat });
    const source = { platform: 'slack' as const, channel: 'C2', thread: `${Date.now()}.000100` };
    const seed = await (await chat.startRun({ question: 'How has NVDA performed relative to the semiconductor sector over the past quarter?', source })).done;
    expect(seed.status).toBe('completed');
    expect(webApp.events.has(seed.runId)).toBe(false);

    expect(await chat.readsAsQuestion!('and AMD?')).toBe(true);
    expect(await chat.readsAsQuestion!('thanks!')).toBe(false);
    const suggestions = await chat.suggestFollowUps!(seed.runId);
    expect(suggestions.map((s) => s.label)).toEqual(['Add AMD', 'Past year', 'Show technicals', 'vs SPY']);
    expect(await chat.suggestFollowUps!('no-such-run')).toEqual([]);

    // A thread reply without a mention: the surface finds the thread's last run in Redis and asks a follow-up.
    const previous = await chat.lastRunInThread({ platform: 'slack', channel: 'C2', thread: source.thread });
    expect(previous).toBe(seed.runId);
    const followUp = await (await chat.startRun({ question: 'and AMD?', source, followUp: previous })).done;
    expect(followUp.status).toBe('completed');
    // Inherited from the worker's run, read from Redis: the benchmark and the period (as in one process).
    expect(followUp.entities?.tickers).toEqual(['AMD']);
    expect(followUp.entities?.benchmark).toBe(seed.entities?.benchmark);
    expect(followUp.entities?.period).toEqual(seed.entities?.period);

    const chart = seed.artifacts.find((a) => a.kind === 'chart');
    expect(chart).toBeDefined();
    const redrawn = await chat.redrawChart!(seed.runId, { chart: chart!.name, window: 'YTD' });
    expect(redrawn.name).toBe(chart!.name);
    expect(redrawn.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(redrawn.caption).toMatch(/^YTD \(\d{4}-01-01 → /);
    // The original chart is untouched (a redraw is returned, never stored over the run's artifact).
    expect((await chat.getArtifact(seed.runId, chart!.name))?.bytes.equals(redrawn.bytes)).toBe(false);
    // Once the stream has expired the archive still answers a click.
    await expect.poll(() => existsSync(path.join(dataDir, 'runs', seed.runId, 'events.jsonl'))).toBe(true);
    await redis.del(keys.stream(seed.runId));
    expect((await chat.redrawChart!(seed.runId, { chart: chart!.name, window: '1Y' })).caption).toMatch(/^past year/);
    // Bad input is a clear error, never a crash.
    await expect(chat.redrawChart!(seed.runId, { chart: '../etc/passwd', window: 'YTD' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(chat.redrawChart!('no-such-run', { chart: chart!.name })).rejects.toMatchObject({ code: 'run_not_found' });
    await expect(chat.redrawChart!(seed.runId, { chart: 'chart_nope.png' })).rejects.toMatchObject({ code: 'chart_not_found' });
    // Without the work plugged in (a web process built without a pipeline) the methods are absent, as before.
    expect(runs.readsAsQuestion).toBeUndefined();
  }, 60_000);

  it('a cancel asked on the web side reaches the worker holding the run; one terminal event', async () => {
    const started = await runs.startRun({ question: 'How has AAPL performed this year?', source: { platform: 'test' } });
    const seen: RunEvent[] = [];
    await new Promise<void>((resolve) => {
      const stop = runs.subscribe(started.runId, 0, (event) => {
        seen.push(event);
        if (event.type === 'step.started') {
          stop();
          resolve();
        }
      });
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(await runs.cancelRun(started.runId, 'tester')).toBe(true);
    const final = await started.done;
    expect(final.status).toBe('cancelled');
    expectContiguousWithOneTerminal(await runs.getEvents(started.runId));
    expect(await runs.cancelRun(started.runId, 'tester')).toBe(false);
  }, 30_000);

  it('a run another worker had started continues the same stream from its last seq', async () => {
    // What a worker killed mid-run leaves: run.created and route.completed in the stream, the job back in the queue.
    const runId = `taken-over-${Date.now()}`;
    const created: RunEvent = { runId, seq: 1, ts: new Date().toISOString(), type: 'run.created', data: { question: 'How did NVDA do vs SOXX last month?', source: { platform: 'test' } } };
    const routed = { runId, seq: 2, ts: new Date().toISOString(), type: 'step.progress', data: { stepId: 'earlier', message: 'from the worker that died' } } as RunEvent;
    for (const event of [created, routed]) await redis.xadd(keys.stream(runId), streamId(event.seq), 'e', JSON.stringify(event));
    await queue.add('run', { runId }, { jobId: runId });
    const events = await new Promise<RunEvent[]>((resolve) => {
      const all: RunEvent[] = [];
      runs.subscribe(runId, 0, (event) => {
        all.push(event);
        if (isTerminal(event)) resolve(all);
      });
    });
    expectContiguousWithOneTerminal(events);
    expect(events[1].type).toBe('step.progress');
    expect(events[2].type).toBe('route.completed');
    expect(events.at(-1)?.type).toBe('run.completed');
  }, 30_000);

  it('a run that cannot be resumed ends failed with a readable reason, once', async () => {
    const runId = `unresumable-${Date.now()}`;
    const created: RunEvent = { runId, seq: 1, ts: new Date().toISOString(), type: 'run.created', data: { question: 'q', source: { platform: 'test' } } };
    await redis.xadd(keys.stream(runId), streamId(1), 'e', JSON.stringify(created));
    expect(await endUnfinished(redis, keys, follower, runId, 'job stalled more than allowable limit', 600)).toBe(true);
    expect(await endUnfinished(redis, keys, follower, runId, 'again', 600)).toBe(false);
    const state = await runs.getRun(runId);
    expect(state?.status).toBe('failed');
    expect(state?.error?.code).toBe('interrupted');
    expect(state?.error?.message).toMatch(/interrupted.*stalled/);
  });
});

describe('stream writer and follower', () => {
  it('a retried write is harmless and a late subscriber gets exactly the events after its cursor', async () => {
    const runId = `writer-${Date.now()}`;
    writer.own(runId);
    const appended = [
      app.events.append(runId, 'run.created', { question: 'q', source: { platform: 'test' } }),
      app.events.append(runId, 'step.progress', { stepId: 's', message: 'one' }),
      app.events.append(runId, 'step.progress', { stepId: 's', message: 'two' }),
    ];
    await writer.release(runId);
    // The same write again (a retry after a reconnect) is refused by Redis and ignored.
    await expect(redis.xadd(keys.stream(runId), streamId(2), 'e', JSON.stringify(appended[1]))).rejects.toThrow(/equal or smaller/);
    expect(await redis.xlen(keys.stream(runId))).toBe(3);
    const got: number[] = [];
    const stop = follower.subscribe(runId, 1, (event) => got.push(event.seq));
    writer.own(runId);
    app.events.append(runId, 'run.failed', { error: { code: 'x', message: 'done' } });
    await writer.release(runId);
    await expect.poll(() => got).toEqual([2, 3, 4]);
    stop();
    app.events.drop(runId);
    // A second writer (a worker that stalled past its lock) cannot append after the terminal event.
    const late = { runId, seq: 5, ts: new Date().toISOString(), type: 'run.completed', data: { answer: 'late', artifacts: [], usage: {} } };
    expect(await appendRunEvent(redis, keys, late, JSON.stringify(late), true, 600)).toBe(false);
    expect(await redis.xlen(keys.stream(runId))).toBe(4);
    expect(await redis.ttl(keys.stream(runId))).toBeGreaterThan(0);
  });

  it('shared dedupe: a key claimed once is a duplicate everywhere within its TTL', async () => {
    const dedupe = new RedisEventDedupe(redis, keys, 60);
    const other = new RedisEventDedupe(redis, keys, 60);
    expect(await dedupe.claim(['slack:Ev1', 'slack:msg-1'])).toBe(true);
    expect(await other.claim(['slack:Ev2', 'slack:msg-1'])).toBe(false);
    expect(await other.claim([undefined])).toBe(true);
  });
});
