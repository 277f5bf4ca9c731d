/**
 * The seed question end to end in process, with the setup: Finnhub free key (candles 403), Tiingo and Yahoo,
 * all fakes, on Thanksgiving 2026. The real rules router, plan, executor, tools, builtin synthesis and the real
 * daily-bars chain; nothing of ours is mocked. (`npm start` against the same fakes is the e2e the entry-point
 * restructuring will add.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config.js';
import { FaultInjector } from '../../../../src/faults.js';
import { silentLogger } from '../../../../src/logger.js';
import { BuiltinSynthesis } from '../../../../src/pipeline/synthesize/builtin-synthesis.js';
import { ConcurrencyLimits } from '../../../../src/pipeline/execute/concurrency-limits.js';
import { MemoryEventLog } from '../../../../src/pipeline/events/event-log.js';
import { createRulesRouter } from '../../../../src/pipeline/route/rules-router.js';
import { createPipeline } from '../../../../src/pipeline/run/run.js';
import { NumericChartReader } from '../../../../src/tools/chart-reading/numeric-chart-reader.js';
import { createToolRegistry } from '../../../../src/tools/index.js';
import { createMarketData } from '../../../../src/tools/market/create-market-data.js';
import { sessionsBetween } from '../../../../src/tools/market/calendar/trading-calendar.js';
import { memoryArtifacts, sharedCharts } from '../../../helpers/tool-fixtures.js';
import { fixtureBar } from '../../../fakes/bars-fixtures.js';
import type { StartedFake } from '../../../fakes/bars-fake-server.js';
import { startFakeFinnhub, type FakeFinnhub } from '../../../fakes/finnhub-server.js';
import { startFakeTiingo, TIINGO_HOURLY_LIMIT_DETAIL, type FakeTiingo } from '../../../fakes/tiingo-server.js';
import { startFakeYahoo, YAHOO_CONSENT_PAGE, type FakeYahoo } from '../../../fakes/yahoo-server.js';
import { offline, THANKSGIVING_10AM } from './bars-harness.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
const now = () => THANKSGIVING_10AM;

let finnhub: (FakeFinnhub & { close(): Promise<void> }) | undefined;
let tiingo: StartedFake<FakeTiingo> | undefined;
let yahoo: StartedFake<FakeYahoo> | undefined;
afterEach(async () => {
  await Promise.all([finnhub?.close(), tiingo?.close(), yahoo?.close()]);
  finnhub = tiingo = yahoo = undefined;
});

async function ask(question: string, script: (fakes: { tiingo: FakeTiingo; yahoo: FakeYahoo }) => void = () => undefined) {
  finnhub = await startFakeFinnhub({ nowSec: () => Math.floor(now() / 1000) });
  tiingo = await startFakeTiingo({ now });
  yahoo = await startFakeYahoo({ now });
  script({ tiingo, yahoo });
  const env = { MARKET_DATA: 'live', FINNHUB_API_KEY: finnhub.apiKey, FINNHUB_API_URL: finnhub.url, TIINGO_API_KEY: tiingo.apiKey, TIINGO_API_URL: tiingo.url, YAHOO_CHART_URL: yahoo.url };
  const faults = new FaultInjector();
  const data = createMarketData(loadConfig(env), { logger: silentLogger, faults, offline, now });
  const pipeline = createPipeline({
    registry: createToolRegistry(),
    services: { market: data.market, company: data.company, artifacts: memoryArtifacts(), charts: sharedCharts(), vision: new NumericChartReader(), faults },
    events: new MemoryEventLog(),
    router: createRulesRouter(data.market, undefined, { companyData: data.company !== undefined }),
    synthesis: new BuiltinSynthesis(),
    limits: new ConcurrencyLimits(),
    logger: silentLogger,
    random: () => 0,
  });
  return (await pipeline.startRun({ question, source: { platform: 'test' } })).done;
}

const pct = (from: number, to: number) => `${to >= from ? '+' : '−'}${Math.abs((to / from - 1) * 100).toFixed(1)}%`;

describe('the seed question with live data on Thanksgiving 2026', () => {
  it('answers for the quarter ending 2026-11-25 with the fake series’ figures, naming Tiingo and the as-of date', async () => {
    const state = await ask(SEED);
    expect(state.status).toBe('completed');
    const bars = state.steps.filter((s) => s.tool === 'get_bars');
    const sessions = sessionsBetween('2026-08-24', '2026-11-25'); // 66: Labor Day is closed
    expect(bars.map((s) => s.summary)).toEqual(Array(3).fill(`${sessions} sessions 2026-08-25 → 2026-11-25 (Tiingo)`));
    // relative_performance measures from the base close: the last close strictly before the window's first day
    // (2026-08-25 is a session, so the base is Monday 2026-08-24's close; eval/README.md, "Base close")
    for (const symbol of ['NVDA', 'SOXX', 'SMH']) {
      const [first, last] = [fixtureBar(symbol, '2026-08-24')!.close, fixtureBar(symbol, '2026-11-25')!.close];
      expect(state.answer).toMatch(new RegExp(`\\| ${symbol}[^|]*\\| ${first.toFixed(2)} \\| ${last.toFixed(2)} \\| \\${pct(first, last)} \\|`));
    }
    expect(state.answer).toContain(`close ${fixtureBar('NVDA', '2026-11-25')!.close.toFixed(2)} on 2026-11-25`);
    expect(state.answer).toMatch(/Tiingo, as of 2026-11-25/);
    expect(finnhub!.count('/stock/candle')).toBe(0);
  });

  it('Tiingo throttled: Yahoo serves and the answer says so', async () => {
    const state = await ask(SEED, ({ tiingo }) => tiingo.inject('*', { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } }, 10));
    expect(state.status).toBe('completed');
    expect(state.answer).toMatch(/Yahoo Finance \(unofficial\), as of 2026-11-25/);
    expect(state.answer).toMatch(/_Source: Yahoo Finance \(unofficial\), as of 2026-11-25\./);
    expect(state.answer).not.toMatch(/offline dataset/);
  });

  it('every bars provider down: no offline figures for the live window, and each provider’s reason is readable', async () => {
    const state = await ask(SEED, ({ tiingo, yahoo }) => {
      tiingo.inject('*', { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } }, 10);
      yahoo.inject('*', { status: 200, raw: YAHOO_CONSENT_PAGE, contentType: 'text/html' }, 10);
    });
    const text = JSON.stringify(state);
    expect(text).toMatch(/No daily bars for NVDA \(2026-08-25 → 2026-11-25\): Tiingo is rate-limited until 16:00 UTC; Yahoo Finance \(unofficial\) refused the request \(a web page instead of data\)[^;]*; offline dataset ends 2026-05-15\./);
    expect(text).not.toMatch(/63 sessions 2026-02/);
    expect(state.answer ?? '').not.toMatch(/offline dataset, as of/);
  });
});
