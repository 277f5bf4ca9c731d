import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../../src/faults.js';
import { silentLogger } from '../../../../src/logger.js';
import type { AnyTool, ToolContext } from '../../../../src/tools/define-tool.js';
import { getEarningsTool } from '../../../../src/tools/get-earnings.js';
import { getFundamentalsTool } from '../../../../src/tools/get-fundamentals.js';
import { getNewsTool } from '../../../../src/tools/get-news.js';
import { getPeersTool } from '../../../../src/tools/get-peers.js';
import { getRecommendationsTool } from '../../../../src/tools/get-recommendations.js';
import { FinnhubCompanyData } from '../../../../src/tools/market/finnhub/finnhub-company-data.js';
import { OfflineMarketData } from '../../../../src/tools/market/offline-provider.js';
import type { ToolServices } from '../../../../src/tools/services.js';
import { rejection, startHarness, type Harness } from './finnhub-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NOW = new Date('2026-11-23T15:00:00Z');
const offline = new OfflineMarketData();

function context(company?: ToolServices['company']): ToolContext {
  const services = { market: offline, faults: new FaultInjector(), company } as unknown as ToolServices;
  return { signal: new AbortController().signal, runId: 'run_t', stepId: 'step_t', emit: () => undefined, log: silentLogger, services };
}

async function live() {
  h = await startHarness({ fake: { nowSec: () => Math.floor(NOW.getTime() / 1000) } });
  return context(new FinnhubCompanyData(h.client, () => NOW));
}

/** Runs a tool the way the executor does: input parsed, output parsed, summary made. */
async function run(tool: AnyTool, args: unknown, ctx: ToolContext) {
  const output = tool.output.parse(await tool.execute(tool.input.parse(args), ctx));
  return { output, summary: tool.summarize?.(output) ?? '' };
}

const TOOLS = [getFundamentalsTool, getNewsTool, getPeersTool, getRecommendationsTool, getEarningsTool] as AnyTool[];

describe('company-data tools', () => {
  it('keep the catalogue names', () => {
    expect(TOOLS.map((t) => t.name)).toEqual(['get_fundamentals', 'get_news', 'get_peers', 'get_recommendations', 'get_earnings']);
  });

  it('offline, each answers needs_live_data and says how to fix it', async () => {
    for (const tool of TOOLS) {
      const error = await rejection(Promise.resolve().then(() => tool.execute({ symbol: 'AAPL' }, context())));
      expect(error.code).toBe('needs_live_data');
      expect(error.message).toMatch(/needs live data: set FINNHUB_API_KEY/);
    }
  });

  it('get_fundamentals: P/E TTM and forward, EPS, margins, 52-week range, beta, market cap', async () => {
    const { output, summary } = await run(getFundamentalsTool, { symbol: 'AAPL' }, await live());
    expect(output).toMatchObject({
      symbol: 'AAPL',
      name: 'Apple Inc',
      peTTM: 34.6,
      forwardPE: 30.2,
      epsTTM: 6.6,
      grossMarginTTM: 46.5,
      netMarginTTM: 24.3,
      beta: 1.24,
      marketCapMillions: 3_395_000,
      week52HighDate: '2026-10-02',
      source: 'Finnhub',
      asOf: '2026-11-23',
    });
    expect(summary).toBe('AAPL: P/E 34.60 TTM, 30.20 forward; EPS 6.60; net margin 24.3% (Finnhub, 2026-11-23)');
    expect(h!.fake.count('/stock/metric')).toBe(1);
    expect(h!.fake.count('/stock/profile2')).toBe(1);
  });

  it('get_fundamentals: a null metric stays null, never invented', async () => {
    const { output } = await run(getFundamentalsTool, { symbol: 'AMD' }, await live());
    expect(output.dividendYieldPct).toBeNull();
  });

  it('get_fundamentals: an unknown symbol is symbol_not_found', async () => {
    const ctx = await live();
    expect((await rejection(getFundamentalsTool.execute({ symbol: 'ZZZZ' }, ctx))).code).toBe('symbol_not_found');
  });

  it('get_news: last N days, newest first, duplicates dropped, linked', async () => {
    const ctx = await live();
    const { output, summary } = await run(getNewsTool, { symbol: 'NVDA', days: 7 }, ctx);
    expect(output.from).toBe('2026-11-16');
    expect(output.items.map((i: { headline: string }) => i.headline)).toEqual(['NVDA shares rise after upgrade', 'NVDA supplier deal']);
    expect(output.items[0].url).toMatch(/^https:\/\/finnhub\.io\/api\/news\?id=/);
    expect(summary).toBe('2 NVDA headlines from 2026-11-16 to 2026-11-23 (Finnhub)');
    expect(h!.fake.requests.find((r) => r.path === '/company-news')?.query).toMatchObject({ from: '2026-11-16', to: '2026-11-23' });
    await expect(Promise.resolve().then(() => getNewsTool.input.parse({ symbol: 'NVDA', days: 365 }))).rejects.toThrow();
  });

  it('get_peers: without the symbol itself', async () => {
    const { output, summary } = await run(getPeersTool, { symbol: 'NVDA' }, await live());
    expect(output.peers[0]).toBe('AVGO');
    expect(output.peers).not.toContain('NVDA');
    expect(summary).toMatch(/^NVDA peers: AVGO, MU, AMD, INTC, TXN, ADI, QCOM, MRVL and 1 more/);
  });

  it('get_recommendations: newest month first, with totals', async () => {
    const { output, summary } = await run(getRecommendationsTool, { symbol: 'NVDA' }, await live());
    expect(output.trend[0]).toEqual({ period: '2026-11-01', strongBuy: 12, buy: 24, hold: 7, sell: 1, strongSell: 0, total: 44 });
    expect(summary).toBe('NVDA analysts (2026-11-01): 12 strong buy, 24 buy, 7 hold, 1 sell, 0 strong sell (Finnhub)');
  });

  it('get_recommendations: no coverage is an empty trend, said plainly', async () => {
    const { output, summary } = await run(getRecommendationsTool, { symbol: 'ZZZZ' }, await live());
    expect(output.trend).toEqual([]);
    expect(summary).toMatch(/^no analyst recommendations for ZZZZ/);
  });

  it('get_earnings: the next date (fiscal quarter) and the last reported one', async () => {
    const { output, summary } = await run(getEarningsTool, { symbol: 'NVDA' }, await live());
    expect(output.next).toMatchObject({ date: '2026-12-17', hour: 'amc', fiscalQuarter: 3, fiscalYear: 2027, epsEstimate: 2.3985, epsActual: null });
    expect(output.last).toMatchObject({ date: '2026-09-17', epsActual: 2.12 });
    expect(summary).toBe('NVDA next earnings 2026-12-17 after the close, fiscal Q3 2027 (Finnhub)');
  });
});
