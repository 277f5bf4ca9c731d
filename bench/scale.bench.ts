/**
 * Scale-out, side by side in one run on this machine:
 *  1. Throughput and latency of 200 concurrent offline runs (charts included) posted over HTTP and followed over
 *     SSE to their terminal event, in three topologies started through the real entry point:
 *       embedded      one process, no Redis (MAX_CONCURRENT_RUNS=32)
 *       1 worker      a web process + one worker process (WORKER_CONCURRENCY=32), the machine's Redis
 *       2 workers     a web process + two worker processes (32 each)
 *     runs/s = runs / (last terminal − first POST); latency = POST → terminal event at the client, p50/p99.
 *  2. The latency Redis adds between an event's append (worker: log → XADD) and its delivery to a reader
 *     (web: XREAD on the blocking connection), p50/p99, against the embedded log's in-memory fan-out.
 * Every Redis key is under a fresh prefix, removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ROOT, scriptArgv } from '../test/e2e/helpers/entry-commands.js';
import { startEntry, type EntryProcess } from '../test/e2e/helpers/entry-process.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../test/e2e/helpers/redis-test.js';
import { collectSse } from '../test/e2e/helpers/sse-collect.js';
import { createRedis } from '../src/distributed/redis-connection.js';
import { redisKeys } from '../src/distributed/redis-keys.js';
import { StreamFollower } from '../src/distributed/stream-follower.js';
import { StreamWriter } from '../src/distributed/stream-writer.js';
import { MemoryEventLog } from '../src/pipeline/events/event-log.js';
import { percentile, type BenchResult } from './types.js';

const RUNS = Number(process.env.SCALE_BENCH_RUNS ?? 200);
const QUESTIONS = [
  'How did NVDA do vs SOXX last month?',
  'AMD vs NVDA over the past quarter',
  'How has AAPL performed this year?',
  'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?',
];

type Topology = { name: string; web: Record<string, string>; workers: number };

async function runTopology(topology: Topology, prefix: string): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-bench-scale-'));
  const base = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', API_RATE_PER_MINUTE: '0', MAX_CONCURRENT_RUNS: '32' };
  const distributed: Record<string, string> = topology.workers > 0 ? { REDIS_URL, REDIS_PREFIX: prefix } : {};
  const processes: EntryProcess[] = [];
  try {
    const start = (env: Record<string, string>) => startEntry({ command: scriptArgv('start'), cwd: ROOT, env: { ...base, ...distributed, ...env }, readyTimeoutMs: 90_000 });
    const started = await Promise.all([
      start(topology.web),
      ...Array.from({ length: topology.workers }, () => start({ MARKETDESK_ROLE: 'worker', WORKER_CONCURRENCY: '32' })),
    ]);
    processes.push(...started);
    const web = started[0];
    // One warm-up run (first chart render loads fonts) before the clock starts.
    await runOnce(web.url, QUESTIONS[0]);
    const t0 = performance.now();
    const latencies = await Promise.all(Array.from({ length: RUNS }, (_, i) => runOnce(web.url, QUESTIONS[i % QUESTIONS.length])));
    const wallS = (Math.max(...latencies.map((l) => l.endedAt)) - t0) / 1000;
    const completed = latencies.filter((l) => l.status === 'run.completed').length;
    const ms = latencies.map((l) => l.ms);
    const note = `${completed}/${RUNS} completed`;
    return [
      { name: topology.name, metric: 'runs/s', value: RUNS / wallS, unit: 'runs/s', note },
      { name: topology.name, metric: 'latency p50', value: percentile(ms, 50), unit: 'ms', note },
      { name: topology.name, metric: 'latency p99', value: percentile(ms, 99), unit: 'ms', note },
    ];
  } finally {
    await Promise.all(processes.map((p) => p.kill()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runOnce(url: string, question: string): Promise<{ ms: number; endedAt: number; status: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  if (response.status !== 202) throw new Error(`POST /api/runs: HTTP ${response.status}`);
  const { id } = (await response.json()) as { id: string };
  const frames = await collectSse(`${url}/api/runs/${id}/events`, 300_000);
  const endedAt = performance.now();
  return { ms: endedAt - started, endedAt, status: frames.at(-1)?.type ?? 'none' };
}

/** Append → reader delivery, Redis streams vs the in-memory log, events paced 1 per ms over 20 runs. */
async function appendToReader(prefix: string): Promise<BenchResult[]> {
  const logger = pino({ level: 'silent' });
  const keys = redisKeys(prefix);
  const redis = createRedis(REDIS_URL, logger, 'bench-writer');
  const shared = createRedis(REDIS_URL, logger, 'bench-reader');
  const blocking = createRedis(REDIS_URL, logger, 'bench-blocking');
  const EVENTS_PER_RUN = 100;
  const runIds = Array.from({ length: 20 }, (_, i) => `bench-latency-${i}`);
  const measure = async (useRedis: boolean): Promise<number[]> => {
    const log = new MemoryEventLog();
    const writer = useRedis ? new StreamWriter({ redis, keys, events: log, logger, ttlSeconds: 60 }) : undefined;
    const follower = useRedis ? new StreamFollower({ shared, blocking, keys, logger }) : undefined;
    const sentAt = new Map<string, number>();
    const samples: number[] = [];
    const received = new Promise<void>((resolve) => {
      let count = 0;
      for (const runId of runIds) {
        const listener = (event: { runId: string; seq: number }) => {
          const at = sentAt.get(`${event.runId}:${event.seq}`);
          if (at !== undefined) samples.push(performance.now() - at);
          if (++count === runIds.length * EVENTS_PER_RUN) resolve();
        };
        writer?.own(runId);
        if (follower) follower.subscribe(runId, 0, listener);
        else log.subscribe(runId, 0, listener);
      }
    });
    for (let i = 0; i < EVENTS_PER_RUN; i++) {
      for (const runId of runIds) {
        sentAt.set(`${runId}:${i + 1}`, performance.now());
        log.append(runId, 'step.progress', { stepId: 's', message: `event ${i}` });
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await received;
    writer?.close();
    await follower?.close();
    return samples;
  };
  try {
    const memory = await measure(false);
    const viaRedis = await measure(true);
    const n = `${viaRedis.length} events, 20 runs`;
    return [
      { name: 'append→reader, embedded log', metric: 'p50', value: percentile(memory, 50), unit: 'ms', note: `${memory.length} events` },
      { name: 'append→reader, embedded log', metric: 'p99', value: percentile(memory, 99), unit: 'ms', note: `${memory.length} events` },
      { name: 'append→reader, Redis stream', metric: 'p50', value: percentile(viaRedis, 50), unit: 'ms', note: n },
      { name: 'append→reader, Redis stream', metric: 'p99', value: percentile(viaRedis, 99), unit: 'ms', note: n },
    ];
  } finally {
    await Promise.all([redis.quit(), shared.quit()]);
    blocking.disconnect();
  }
}

export default async function scaleBench(): Promise<BenchResult[]> {
  const prefix = uniquePrefix('bench-scale');
  try {
    const results: BenchResult[] = [];
    results.push(...(await appendToReader(prefix)));
    const topologies: Topology[] = [
      { name: `embedded, ${RUNS} runs`, web: {}, workers: 0 },
      { name: `1 web + 1 worker, ${RUNS} runs`, web: { MARKETDESK_ROLE: 'web' }, workers: 1 },
      { name: `1 web + 2 workers, ${RUNS} runs`, web: { MARKETDESK_ROLE: 'web' }, workers: 2 },
    ];
    for (const topology of topologies) {
      process.stderr.write(`  ${topology.name}…\n`);
      results.push(...(await runTopology(topology, prefix)));
    }
    return results;
  } finally {
    await deletePrefix(REDIS_URL, prefix);
  }
}
