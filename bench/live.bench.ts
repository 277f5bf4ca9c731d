/**
 * Live daily bars: upstream requests (and wall time) through the real daily-bars chain — clients, span cache,
 * single-flight, limiters — against fake Tiingo and Yahoo servers on 127.0.0.1 (40 ms simulated latency), with the
 * real clock (the fakes serve sessions up to the last completed one).
 *  - The seed question's series (NVDA with 260 sessions of warm-up, SOXX and SMH over the past quarter), cold then
 *    warm, with Tiingo first; with Yahoo only (no keys: its ~1 request/s budget shows in the wall time); and with
 *    Tiingo answering 429 (the fall-through to Yahoo; the three first requests leave together, so each meets the 429
 *    before the cooldown is known).
 *  - 50 concurrent runs over 5 symbols (NVDA AAPL AMZN MSFT AMD), each asking for the quarter (260 warm-up) and the
 *    year of every symbol: ours (cache + single-flight + the free-plan limiter) vs no cache, no single-flight and no
 *    limiter, side by side. "Time at the free plan" is what Tiingo's 50 requests an hour make of a request count.
 */
import { loadConfig } from '../src/config.js';
import { FaultInjector } from '../src/faults.js';
import { silentLogger } from '../src/logger.js';
import { createBarsChain } from '../src/tools/market/bars/create-bars-chain.js';
import type { DailyBarsChain } from '../src/tools/market/bars/bars-chain.js';
import { MemoryCache } from '../src/tools/market/cache.js';
import { lastCompletedSession } from '../src/tools/market/calendar/trading-calendar.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { WindowedTokenBucket } from '../src/tools/market/rate-limiter.js';
import { startFakeTiingo, TIINGO_HOURLY_LIMIT_DETAIL } from '../test/fakes/tiingo-server.js';
import { startFakeYahoo } from '../test/fakes/yahoo-server.js';
import type { BenchResult } from './types.js';

const RUNS = 50;
const SYMBOLS = ['NVDA', 'AAPL', 'AMZN', 'MSFT', 'AMD'];
const LATENCY_MS = 40;
const offline = new OfflineMarketData();

// The windows the rules router asks for "past quarter" / "past year": calendar months back from the last session.
const to = lastCompletedSession(Date.now());
const monthsBack = (iso: string, months: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};
const quarterFrom = monthsBack(to, 3);
const yearFrom = monthsBack(to, 12);
const SEED_SERIES = [
  { symbol: 'NVDA', range: { from: quarterFrom, to, warmupBars: 260 } },
  { symbol: 'SOXX', range: { from: quarterFrom, to, warmupBars: 1 } },
  { symbol: 'SMH', range: { from: quarterFrom, to, warmupBars: 1 } },
];

async function setup(options: { tiingo: boolean; caching?: boolean; tiingo429?: boolean }) {
  const tiingo = options.tiingo ? await startFakeTiingo({ latencyMs: LATENCY_MS }) : undefined;
  const yahoo = await startFakeYahoo({ latencyMs: LATENCY_MS });
  if (options.tiingo429) tiingo?.inject('*', { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } }, 1000);
  const config = loadConfig({
    MARKET_DATA: 'live',
    YAHOO_CHART_URL: yahoo.url,
    ...(tiingo ? { TIINGO_API_KEY: tiingo.apiKey, TIINGO_API_URL: tiingo.url } : {}),
  });
  const caching = options.caching ?? true;
  // The baseline runs without limiters: at 50/hour it could not finish at all.
  const open = () => new WindowedTokenBucket({ windows: [] });
  const chain = createBarsChain(config, {
    offline,
    logger: silentLogger,
    cache: new MemoryCache(),
    faults: new FaultInjector(),
    caching,
    timeoutMs: 20_000,
    limiters: caching ? undefined : { tiingo: open(), yahoo: open() },
  });
  const upstream = () => ({ tiingo: tiingo?.count() ?? 0, yahoo: yahoo.count() });
  return { chain, upstream, close: async () => Promise.all([tiingo?.close(), yahoo.close()]) };
}

async function seedSeries(chain: DailyBarsChain): Promise<{ ms: number; sources: string[] }> {
  const t0 = performance.now();
  const series = await Promise.all(SEED_SERIES.map((s) => chain.getDailyBars(s.symbol, s.range)));
  return { ms: performance.now() - t0, sources: [...new Set(series.map((s) => s.source))] };
}

async function seedScenario(name: string, options: { tiingo: boolean; tiingo429?: boolean }): Promise<BenchResult[]> {
  const s = await setup(options);
  try {
    const cold = await seedSeries(s.chain);
    const afterCold = s.upstream();
    const warm = await seedSeries(s.chain);
    const afterWarm = s.upstream();
    const count = (u: { tiingo: number; yahoo: number }) => u.tiingo + u.yahoo;
    const split = (u: { tiingo: number; yahoo: number }) => `tiingo ${u.tiingo}, yahoo ${u.yahoo}`;
    return [
      { name, metric: 'upstream requests, cold', value: count(afterCold), unit: 'requests', note: `${split(afterCold)}; served by ${cold.sources.join(', ')}` },
      { name, metric: 'wall time, cold', value: cold.ms, unit: 'ms' },
      { name, metric: 'upstream requests, warm (same question again)', value: count(afterWarm) - count(afterCold), unit: 'requests' },
      { name, metric: 'wall time, warm', value: warm.ms, unit: 'ms' },
    ];
  } finally {
    await s.close();
  }
}

async function loadScenario(caching: boolean) {
  const s = await setup({ tiingo: true, caching });
  try {
    const t0 = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: RUNS }, () =>
        Promise.all(
          SYMBOLS.flatMap((symbol) => [
            s.chain.getDailyBars(symbol, { from: quarterFrom, to, warmupBars: 260 }),
            s.chain.getDailyBars(symbol, { from: yearFrom, to, warmupBars: 1 }),
          ]),
        ),
      ),
    );
    const wallMs = performance.now() - t0;
    const failed = results.filter((r) => r.status === 'rejected').length;
    return { upstream: s.upstream(), wallMs, failed, stats: s.chain.cacheStats };
  } finally {
    await s.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  out.push(...(await seedScenario(`seed question series (NVDA, SOXX, SMH; ${quarterFrom} → ${to}), Tiingo → Yahoo`, { tiingo: true })));
  out.push(...(await seedScenario('seed question series, Yahoo only (no keys)', { tiingo: false })));
  out.push(...(await seedScenario('seed question series, Tiingo answering 429', { tiingo: true, tiingo429: true })));
  const ours = await loadScenario(true);
  const base = await loadScenario(false);
  const name = `${RUNS} concurrent runs × ${SYMBOLS.length} symbols × 2 windows (quarter + year)`;
  const total = (u: { tiingo: number; yahoo: number }) => u.tiingo + u.yahoo;
  out.push(
    { name, metric: 'upstream requests, cache + single-flight', value: total(ours.upstream), unit: 'requests', note: `${ours.stats.coalesced} coalesced, ${ours.stats.hits} cache hits; ${ours.failed} failed runs` },
    { name, metric: 'upstream requests, no cache/single-flight', value: total(base.upstream), unit: 'requests', note: `${base.failed} failed runs` },
    { name, metric: 'wall time, cache + single-flight (free-plan limiter)', value: ours.wallMs, unit: 'ms' },
    { name, metric: 'wall time, no cache/single-flight (no limiter)', value: base.wallMs, unit: 'ms', note: 'only possible without a rate limit' },
    { name, metric: 'time the baseline needs at Tiingo’s free plan (50/hour)', value: total(base.upstream) / 50, unit: 'h', note: 'computed from its request count' },
  );
  return out;
}
