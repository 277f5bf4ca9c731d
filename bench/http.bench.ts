/**
 * HTTP surface benchmarks (server and clients share this process and its 2 cores, so the figures are a floor):
 *  1. SSE fan-out: S subscribers on one run, E events appended; deliveries per second (S × E ÷ time until every
 *     stream has ended after the terminal event).
 *  2. 200 concurrent offline runs through the HTTP API (POST /api/runs, then follow its SSE stream to the terminal
 *     event), with the JSONL run store recording: runs/s, p50/p99 latency (POST → terminal event), peak RSS.
 *     Goal: ≥ 20 runs/s, p99 < 2 s, RSS < 500 MB.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppServer } from '../test/adapters/http/helpers/app-server.js';
import { percentile, type BenchResult } from './types.js';

const QUESTIONS = [
  'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?',
  'AAPL vs MSFT YTD',
  'What do the technicals look like for AMD?',
  'How did TSLA do over the past month?',
];

/** The app + store + HTTP server as tests build it, without the rate limit and the console (they would skew the load). */
function stack(dataDir: string) {
  return startAppServer({ CHART_RASTERIZER: process.env.CHART_RASTERIZER }, { dataDir, http: { rateLimit: false, console: false } });
}

/** Follows an SSE stream with a plain http.get until the server ends it; returns bytes read. Cheap on purpose. */
function follow(port: number, pathname: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent, headers: { accept: 'text/event-stream' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function fanOut(subscribers: number, eventsPerRun: number): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-bench-sse-'));
  const s = await stack(dataDir);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const runId = `bench${subscribers}x${eventsPerRun}`;
    s.app.events.append(runId, 'run.created', { question: 'fan-out', source: { platform: 'test' } });
    const readers = Array.from({ length: subscribers }, () => follow(s.port, `/api/runs/${runId}/events`, agent));
    while (s.http.sseStats().open < subscribers) await new Promise((r) => setTimeout(r, 5));
    const text = 'NVDA closed the quarter 12.3% higher than ^SOX, '; // a typical synthesis delta
    const t0 = performance.now();
    for (let i = 0; i < eventsPerRun; i++) {
      s.app.events.append(runId, 'synthesis.delta', { text });
      if (i % 50 === 49) await new Promise((r) => setImmediate(r)); // let sockets drain, as a real run would
    }
    s.app.events.append(runId, 'run.cancelled', { by: 'bench' });
    const bytes = await Promise.all(readers);
    const seconds = (performance.now() - t0) / 1000;
    const delivered = subscribers * (eventsPerRun + 1);
    const stats = s.http.sseStats();
    return [
      {
        name: `sse fan-out ${subscribers} subscribers × ${eventsPerRun} events`,
        metric: 'deliveries/s',
        value: delivered / seconds,
        unit: 'events/s',
        note: `${(bytes.reduce((a, b) => a + b, 0) / 1e6 / seconds).toFixed(1)} MB/s; dropped ${stats.dropped}`,
      },
    ];
  } finally {
    agent.destroy();
    await s.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function concurrentRuns(count: number): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-bench-runs-'));
  const s = await stack(dataDir);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  // Plain node:http clients (cheaper than fetch): they share the process with the server being measured.
  const post = (question: string) =>
    new Promise<{ id: string; eventsUrl: string }>((resolve, reject) => {
      const body = JSON.stringify({ question });
      const req = http.request(
        { host: '127.0.0.1', port: s.port, path: '/api/runs', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(text)) : reject(new Error(`POST /api/runs: ${res.statusCode} ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  try {
    // Warm up (module caches, dataset load, JIT) outside the measurement.
    for (const q of QUESTIONS) {
      const { eventsUrl } = await post(q);
      await follow(s.port, eventsUrl, agent);
    }
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
    const latencies: number[] = [];
    const t0 = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const started = performance.now();
        const { id, eventsUrl } = await post(QUESTIONS[i % QUESTIONS.length]);
        await follow(s.port, eventsUrl, agent);
        latencies.push(performance.now() - started);
        return (await s.app.pipeline.getRun(id))?.status;
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    await s.store.flush();
    const completed = outcomes.filter((o) => o === 'completed').length;
    const note = `${completed}/${count} completed; MAX_CONCURRENT_RUNS=${s.app.config.MAX_CONCURRENT_RUNS}; store on`;
    return [
      { name: `${count} concurrent offline runs via HTTP+SSE`, metric: 'throughput', value: count / seconds, unit: 'runs/s', note },
      { name: `${count} concurrent offline runs via HTTP+SSE`, metric: 'p50 latency', value: percentile(latencies, 50), unit: 'ms' },
      { name: `${count} concurrent offline runs via HTTP+SSE`, metric: 'p99 latency', value: percentile(latencies, 99), unit: 'ms' },
      { name: `${count} concurrent offline runs via HTTP+SSE`, metric: 'peak RSS', value: peakRss / 1e6, unit: 'MB', note: 'whole process (server + clients)' },
    ];
  } finally {
    agent.destroy();
    await s.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The same load with the clients in a separate process, as real clients are: the server's process is measured alone. */
async function concurrentRunsExternalClients(count: number): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-bench-runs-ext-'));
  const s = await stack(dataDir);
  try {
    const clients = (n: number) =>
      new Promise<{ seconds: number; latencies: number[]; ids: string[] }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'http-clients.ts'), String(s.port), String(n), ...QUESTIONS], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`clients exited ${code}`))));
      });
    await clients(QUESTIONS.length); // warm-up outside the measurement
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
    const result = await clients(count);
    clearInterval(sampler);
    await s.store.flush();
    const states = await Promise.all(result.ids.map((id: string) => s.app.pipeline.getRun(id)));
    const completed = states.filter((state) => state?.status === 'completed').length;
    const name = `${count} concurrent offline runs via HTTP+SSE, clients in another process`;
    return [
      { name, metric: 'throughput', value: count / result.seconds, unit: 'runs/s', note: `${completed}/${count} completed; goal ≥ 20` },
      { name, metric: 'p50 latency', value: percentile(result.latencies, 50), unit: 'ms' },
      { name, metric: 'p99 latency', value: percentile(result.latencies, 99), unit: 'ms', note: 'goal < 2000' },
      { name, metric: 'peak RSS', value: peakRss / 1e6, unit: 'MB', note: 'server process only; goal < 500' },
    ];
  } finally {
    await s.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchResult[]> {
  // The server-only RSS first: a process's RSS does not shrink back after the in-process load, so measured later it
  // would carry that phase's leftovers.
  const external = await concurrentRunsExternalClients(200);
  return [...(await fanOut(10, 2000)), ...(await fanOut(200, 500)), ...(await concurrentRuns(200)), ...external];
}
