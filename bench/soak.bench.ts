/**
 * `npm run bench -- soak`: thousands of varied runs through the real stack as `npm start` composes it (createApp +
 * startSurfaces: the JSONL run store writing to a temp DATA_DIR, the HTTP server up), 32 in flight.
 * Reports runs/s, latency p50/p99 (startRun → terminal event), peak RSS, and RSS growth per 1 000 runs after the
 * first 1 000 (the event log keeps every run's events in memory until retention, so some growth is by design).
 * The mix is varied on purpose (issue 14: a 4-question mix hid memory use): 19 symbols × 12 question shapes ×
 * 8 windows, plus malformed questions; distinct questions mean distinct charts, so the chart cache cannot hide work.
 * SOAK_RUNS (default 3000) sets the count; SOAK_MAX_RSS_MB (default 900) is the memory bound — exceeding it fails
 * the bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { createApp } from '../src/app/create-app.js';
import { startSurfaces } from '../src/app/start-surfaces.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { percentile, type BenchResult } from './types.js';

const SYMBOLS = ['NVDA', 'AMD', 'AAPL', 'MSFT', 'TSLA', 'GOOGL', 'META', 'AMZN', 'INTC', 'QCOM', 'AVGO', 'TSM', 'SPY', 'QQQ', 'SMH', 'SOXX', 'XLK', 'XLC', '^SOX'];
const WINDOWS = ['YTD', 'over the past year', 'over the past 6 months', 'over the past quarter', 'over the past 30 days', 'since 2026-01-02', 'from 2026-02-02 to 2026-04-30', 'in March'];
const SHAPES: ((t: string, u: string, w: string) => string)[] = [
  (t, u, w) => `${t} vs ${u} ${w}`,
  (t) => `${t} technicals`,
  (t) => `${t} price`,
  (t, _u, w) => `${t} drawdown ${w}`,
  (t, _u, w) => `${t} volatility ${w}`,
  (t, _u, w) => `beta of ${t} vs SPY ${w}`,
  (t) => `${t} 52-week range`,
  (t) => `${t} since its March low`,
  (t, _u, w) => `How has ${t} performed relative to its sector ${w}, and what do the technicals look like?`,
  (t, u) => `Which did better, ${t} or ${u}, over the past quarter?`,
  (t) => `${t} close on 2026-03-02`,
  (t) => `${t} 50-day moving average`,
];
const BAD = ['NVDA since 2026-02-30', 'gold vs SPY YTD', 'NVDA over the past NaN days', 'hello', 'NVDA since 2099-01-01', 'NVDА vs SOX', 'NVDA \x1b[31m vs SPY', '$ZZZZ price'];

/** Deterministic pseudo-random mix (so two runs of the bench ask the same questions). */
function questions(n: number): string[] {
  let seed = 14;
  const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  return Array.from({ length: n }, (_, i) => (i % 10 === 9 ? pick(BAD) : pick(SHAPES)(pick(SYMBOLS), pick(SYMBOLS), pick(WINDOWS))));
}

export default async function run(): Promise<BenchResult[]> {
  const total = Number(process.env.SOAK_RUNS ?? 3_000);
  const bound = Number(process.env.SOAK_MAX_RSS_MB ?? 900);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-soak-'));
  const app = createApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', API_RATE_PER_MINUTE: '0' }), { logger: silentLogger });
  const surfaces = await startSurfaces(app, { http: { rateLimit: false } });
  const mix = questions(total);
  const distinct = new Set(mix).size;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const rssAt = new Map<number, number>();
  let finished = 0;
  const limit = pLimit(32);
  const started = performance.now();
  await Promise.all(
    mix.map((question) =>
      limit(async () => {
        const t0 = performance.now();
        const { done } = await app.pipeline.startRun({ question, source: { platform: 'http' } });
        const state = await done;
        latencies.push(performance.now() - t0);
        statuses[state.status] = (statuses[state.status] ?? 0) + 1;
        finished++;
        if (finished % 1_000 === 0) {
          // Settle the garbage first when exposed (node --expose-gc), so the figure is what is kept, not what is pending.
          (globalThis as { gc?: () => void }).gc?.();
          rssAt.set(finished, process.memoryUsage().rss);
        }
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await surfaces.store.flush();
  const storeHealth = surfaces.store.health();
  await surfaces.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const marks = [...rssAt.entries()].sort((a, b) => a[0] - b[0]);
  const growth = marks.length >= 2 ? (marks[marks.length - 1][1] - marks[0][1]) / ((marks[marks.length - 1][0] - marks[0][0]) / 1_000) : NaN;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const within = mb(peakRss) <= bound;
  const name = `${total} varied runs (${distinct} distinct questions), 32 in flight`;
  const results: BenchResult[] = [
    { name, metric: 'throughput', value: total / seconds, unit: 'runs/s', note: `${seconds.toFixed(1)} s; ${Object.entries(statuses).map(([s, n]) => `${n} ${s}`).join(', ')}` },
    { name, metric: 'latency p50', value: percentile(latencies, 50), unit: 'ms', note: 'startRun → terminal event, queueing included' },
    { name, metric: 'latency p99', value: percentile(latencies, 99), unit: 'ms', note: `max ${Math.max(...latencies).toFixed(0)} ms` },
    { name, metric: 'peak RSS', value: mb(peakRss), unit: 'MB', note: `bound ${bound} MB: ${within ? 'within' : 'EXCEEDED'}` },
    { name, metric: 'RSS growth per 1 000 runs', value: mb(growth), unit: 'MB', note: marks.length >= 2 ? `from run ${marks[0][0]} to ${marks[marks.length - 1][0]}: ${marks.map(([n, r]) => `${n}:${mb(r).toFixed(0)}`).join(' ')} MB` : 'needs ≥ 2 000 runs' },
    { name, metric: 'store write failures', value: storeHealth.writeFailures, unit: 'count', note: storeHealth.ok ? 'store healthy' : `store degraded: ${storeHealth.lastError}` },
  ];
  if (!within) throw new Error(`peak RSS ${mb(peakRss).toFixed(0)} MB exceeds the bound of ${bound} MB`);
  return results;
}
