/**
 * Live-data load: 50 concurrent runs, each asking for quote + fundamentals of the same 5 symbols (NVDA AAPL AMZN
 * MSFT AMD), through the real executor, tools, provider chain and Finnhub client, against the fake Finnhub on
 * 127.0.0.1 (40 ms simulated latency). Each run needs 15 upstream calls (5 × /quote, /stock/metric,
 * /stock/profile2). Compared side by side:
 *  - ours: shared cache + in-flight coalescing + the production limiter (60/min, 30/s), the fake enforcing the
 *    same limits (so a 429 would show);
 *  - baseline: no cache, no coalescing, no limiter, a fake without limits (at 60/min it could not finish: the
 *    "time at the free plan" row is what 60/min makes of that request count).
 */
import { FaultInjector } from '../src/faults.js';
import { silentLogger } from '../src/logger.js';
import { ConcurrencyLimits } from '../src/pipeline/execute/concurrency-limits.js';
import { MemoryEventLog } from '../src/pipeline/events/event-log.js';
import { executePlan } from '../src/pipeline/execute/executor.js';
import type { Step } from '../src/pipeline/plan/plan-schema.js';
import type { ArtifactStore } from '../src/tools/artifacts.js';
import { createToolRegistry } from '../src/tools/index.js';
import { FinnhubClient } from '../src/tools/market/finnhub/finnhub-client.js';
import { FinnhubCompanyData } from '../src/tools/market/finnhub/finnhub-company-data.js';
import { FinnhubProvider } from '../src/tools/market/finnhub/finnhub-provider.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { ProviderChain } from '../src/tools/market/provider-chain.js';
import { WindowedTokenBucket } from '../src/tools/market/rate-limiter.js';
import type { ToolServices } from '../src/tools/services.js';
import { startFakeFinnhub } from '../test/fakes/finnhub-server.js';
import type { BenchResult } from './types.js';
import { ChartRenderer } from '../src/render/charts/chart-renderer.js';
import { NumericChartReader } from '../src/tools/chart-reading/numeric-chart-reader.js';

const RUNS = 50;
const SYMBOLS = ['NVDA', 'AAPL', 'AMZN', 'MSFT', 'AMD'];
const FREE_PLAN = [
  { limit: 30, windowMs: 1_000 },
  { limit: 60, windowMs: 60_000 },
];
const OURS = [
  { limit: 30, windowMs: 1_050 },
  { limit: 60, windowMs: 60_500 },
];

const plan: Step[] = SYMBOLS.flatMap((symbol) => [
  { id: `quote_${symbol}`, tool: 'get_quote', args: { symbol }, label: `${symbol} quote` },
  { id: `fund_${symbol}`, tool: 'get_fundamentals', args: { symbol }, label: `${symbol} fundamentals` },
]);

const noArtifacts = {} as ArtifactStore;

async function scenario(cached: boolean) {
  const fake = await startFakeFinnhub({ latencyMs: 40, windows: cached ? FREE_PLAN : [] });
  try {
    const client = new FinnhubClient({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      limiter: new WindowedTokenBucket({ windows: cached ? OURS : [] }),
      caching: cached,
      logger: silentLogger,
      timeoutMs: 10_000,
    });
    const services: ToolServices = {
      market: new ProviderChain([new FinnhubProvider(client), new OfflineMarketData()]),
      company: new FinnhubCompanyData(client),
      artifacts: noArtifacts,
      charts: new ChartRenderer(),
      vision: new NumericChartReader(),
      faults: new FaultInjector(),
    };
    const registry = createToolRegistry();
    const limits = new ConcurrencyLimits(); // shared by all runs, as in the app (finnhub: 4)
    const log = new MemoryEventLog();
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        executePlan(plan, {
          runId: `bench_${i}`,
          registry,
          services,
          emit: (type, data) => void log.append(`bench_${i}`, type, data),
          logger: silentLogger,
          signal: new AbortController().signal,
          limits,
        }),
      ),
    );
    const wallMs = performance.now() - t0;
    const failed = results.flatMap((r) => [...r.outcomes.values()]).filter((o) => o.status !== 'succeeded').length;
    return { upstream: fake.count(), rejected: fake.requests.filter((r) => r.status === 429).length, wallMs, failed, stats: client.cacheStats };
  } finally {
    await fake.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const ours = await scenario(true);
  const base = await scenario(false);
  const name = `${RUNS} concurrent runs × ${SYMBOLS.length} symbols (quote + fundamentals)`;
  const freePlanMinutes = Math.max(0, base.upstream - 60) / 60;
  return [
    { name, metric: 'upstream requests, cache + coalescing', value: ours.upstream, unit: 'requests', note: `${ours.stats.coalesced} coalesced, ${ours.stats.hits} cache hits; ${ours.rejected} × 429; ${ours.failed} failed steps` },
    { name, metric: 'upstream requests, no cache/coalescing', value: base.upstream, unit: 'requests', note: `${base.failed} failed steps` },
    { name, metric: 'wall time, cache + coalescing (60/min limiter)', value: ours.wallMs, unit: 'ms' },
    { name, metric: 'wall time, no cache/coalescing (no limiter)', value: base.wallMs, unit: 'ms', note: 'only possible without a rate limit' },
    { name, metric: 'time the baseline needs at the free plan (60/min)', value: freePlanMinutes, unit: 'min', note: 'after the first 60; computed from its request count' },
  ];
}
