/**
 * The real daily-bars chain (sources, span cache, health, limiters) built by `createBarsChain` from a config that
 * points each client at a fake provider on 127.0.0.1, with a pinned clock and the logs captured as lines.
 * Default clock: 2026-11-26 10:00 New York — Thanksgiving, NYSE closed, so the last completed session is 2026-11-25.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../../src/config.js';
import { FaultInjector, parseFaults } from '../../../../src/faults.js';
import { REDACT_PATHS } from '../../../../src/logger.js';
import { MemoryCache } from '../../../../src/tools/market/cache.js';
import { createBarsChain } from '../../../../src/tools/market/bars/create-bars-chain.js';
import { OfflineMarketData } from '../../../../src/tools/market/offline-provider.js';
import { startFakeAlpaca, type FakeAlpacaOptions } from '../../../fakes/alpaca-server.js';
import { startFakeTiingo, type FakeTiingoOptions } from '../../../fakes/tiingo-server.js';
import { startFakeYahoo, type FakeYahooOptions } from '../../../fakes/yahoo-server.js';

export const THANKSGIVING_10AM = Date.parse('2026-11-26T15:00:00Z');
export const offline = new OfflineMarketData();

export type BarsHarnessOptions = {
  tiingo?: boolean | FakeTiingoOptions;
  alpaca?: boolean | FakeAlpacaOptions;
  yahoo?: boolean | FakeYahooOptions;
  /** BARS_PROVIDERS; default: the configured providers' default order. */
  order?: string;
  env?: Record<string, string>;
  faults?: string;
  caching?: boolean;
  timeoutMs?: number;
};

export type BarsHarness = Awaited<ReturnType<typeof startBarsHarness>>;

export async function startBarsHarness(options: BarsHarnessOptions = {}) {
  const clock = { now: THANKSGIVING_10AM };
  const now = () => clock.now;
  const opt = <T extends object>(v: boolean | T | undefined): T | undefined => (v === undefined || v === false ? undefined : v === true ? ({} as T) : v);
  const tiingoOptions = opt<FakeTiingoOptions>(options.tiingo);
  const alpacaOptions = opt<FakeAlpacaOptions>(options.alpaca);
  const yahooOptions = opt<FakeYahooOptions>(options.yahoo);
  const tiingo = tiingoOptions ? await startFakeTiingo({ now, ...tiingoOptions }) : undefined;
  const alpaca = alpacaOptions ? await startFakeAlpaca({ now, ...alpacaOptions }) : undefined;
  const yahoo = yahooOptions ? await startFakeYahoo({ now, ...yahooOptions }) : undefined;
  const env: Record<string, string> = { MARKET_DATA: 'live', ...options.env };
  if (tiingo) Object.assign(env, { TIINGO_API_KEY: tiingo.apiKey, TIINGO_API_URL: tiingo.url });
  if (alpaca) Object.assign(env, { ALPACA_API_KEY_ID: alpaca.keyId, ALPACA_API_SECRET_KEY: alpaca.secretKey, ALPACA_DATA_URL: alpaca.url });
  // Never the real Yahoo: without a fake, an unused port on loopback.
  env.YAHOO_CHART_URL = yahoo?.url ?? 'http://127.0.0.1:9';
  if (options.order) env.BARS_PROVIDERS = options.order;
  else if (!yahoo) env.BARS_PROVIDERS = [tiingo && 'tiingo', alpaca && 'alpaca', 'offline'].filter(Boolean).join(',');
  const config = loadConfig(env);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  const cache = new MemoryCache();
  const chain = createBarsChain(config, {
    offline,
    logger,
    cache,
    now,
    caching: options.caching,
    faults: new FaultInjector(parseFaults(options.faults)),
    timeoutMs: options.timeoutMs ?? 2_000,
  });
  const secrets = [tiingo?.apiKey, alpaca?.keyId, alpaca?.secretKey].filter((s): s is string => Boolean(s));
  return {
    tiingo,
    alpaca,
    yahoo,
    chain,
    config,
    cache,
    clock,
    lines,
    secrets,
    /** Every request every fake saw, in one list. */
    requests: () => [...(tiingo?.requests ?? []), ...(alpaca?.requests ?? []), ...(yahoo?.requests ?? [])],
    close: async () => {
      await Promise.all([tiingo?.close(), alpaca?.close(), yahoo?.close()]);
    },
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean; retryAfterMs?: number; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection, got a value');
}

/** The full provider messages a chain error carries (upstream text included), joined. */
export function reasonsOf(error: { details?: Record<string, unknown> }): string {
  return ((error.details?.reasons as { message: string }[] | undefined) ?? []).map((r) => r.message).join(' | ');
}

/** Largest day-over-day close change in a series, as a fraction (a split left unadjusted shows as ~0.9). */
export function largestDailyMove(bars: readonly { close: number }[]): number {
  let worst = 0;
  for (let i = 1; i < bars.length; i++) worst = Math.max(worst, Math.abs(bars[i].close / bars[i - 1].close - 1));
  return worst;
}
