/**
 * Whole runs, question → route → plan → execute → synthesize, with live data from the fake Finnhub: the real
 * rules router, executor, tools, provider chain and client. Nothing of ours is mocked.
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
import { sharedCharts } from '../../../helpers/tool-fixtures.js';
import { NumericChartReader } from '../../../../src/tools/chart-reading/numeric-chart-reader.js';
import type { ArtifactStore } from '../../../../src/tools/artifacts.js';
import { createToolRegistry } from '../../../../src/tools/index.js';
import { createMarketData } from '../../../../src/tools/market/create-market-data.js';
import { OfflineMarketData } from '../../../../src/tools/market/offline-provider.js';
import { startFakeFinnhub, type FakeFinnhub } from '../../../fakes/finnhub-server.js';

let fake: (FakeFinnhub & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const offline = new OfflineMarketData();

function pipelineFor(env: Record<string, string>) {
  const faults = new FaultInjector();
  const data = createMarketData(loadConfig(env), { logger: silentLogger, faults, offline, probe: false });
  const services = { market: data.market, company: data.company, artifacts: {} as ArtifactStore, charts: sharedCharts(), vision: new NumericChartReader(), faults };
  return createPipeline({
    registry: createToolRegistry(),
    services,
    events: new MemoryEventLog(),
    router: createRulesRouter(data.market, undefined, { companyData: data.company !== undefined }),
    synthesis: new BuiltinSynthesis(),
    limits: new ConcurrencyLimits(),
    logger: silentLogger,
    random: () => 0,
  });
}

describe('live runs against the fake Finnhub', () => {
  it('"What\'s the P/E of AAPL?" is one get_fundamentals step, and the answer carries Finnhub\'s figure', async () => {
    fake = await startFakeFinnhub();
    const pipeline = pipelineFor({ FINNHUB_API_KEY: fake.apiKey, FINNHUB_API_URL: fake.url });
    const state = await (await pipeline.startRun({ question: "What's the P/E of AAPL?", source: { platform: 'test' } })).done;
    expect(state.status).toBe('completed');
    expect(state.steps.map((s) => s.tool)).toEqual(['get_fundamentals']);
    expect(state.steps[0].status).toBe('succeeded');
    expect(state.steps[0].summary).toMatch(/P\/E 34\.60 TTM/);
    expect(state.answer).toMatch(/34\.6/);
    expect(fake.count('/stock/metric')).toBe(1);
  });

  it('offline, the same question ends with the needs-live-data reason, not a crash', async () => {
    const pipeline = pipelineFor({});
    const state = await (await pipeline.startRun({ question: "What's the P/E of AAPL?", source: { platform: 'test' } })).done;
    expect(['completed', 'failed']).toContain(state.status);
    const step = state.steps.find((s) => s.tool === 'get_fundamentals');
    expect(step?.status).toBe('failed');
    expect(step?.attempts).toBe(1); // needs_live_data is not retried
    expect(JSON.stringify(state)).toMatch(/FINNHUB_API_KEY/);
  });
});
