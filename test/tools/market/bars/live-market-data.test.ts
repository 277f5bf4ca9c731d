/**
 * The setup in process: `createMarketData` from a config that points Finnhub (free key: candles 403),
 * Tiingo and Yahoo at their fakes, on Thanksgiving 2026, used through the provider interface the tools use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/config.js';
import { FaultInjector } from '../../../../src/faults.js';
import { silentLogger } from '../../../../src/logger.js';
import { createMarketData, type MarketData } from '../../../../src/tools/market/create-market-data.js';
import { fixtureBar } from '../../../fakes/bars-fixtures.js';
import { startFakeFinnhub, type FakeFinnhub } from '../../../fakes/finnhub-server.js';
import { startFakeTiingo, TIINGO_HOURLY_LIMIT_DETAIL, type FakeTiingo } from '../../../fakes/tiingo-server.js';
import { startFakeYahoo, YAHOO_CONSENT_PAGE, type FakeYahoo } from '../../../fakes/yahoo-server.js';
import type { StartedFake } from '../../../fakes/bars-fake-server.js';
import { offline, reasonsOf, rejection, THANKSGIVING_10AM } from './bars-harness.js';

let finnhub: (FakeFinnhub & { close(): Promise<void> }) | undefined;
let tiingo: StartedFake<FakeTiingo> | undefined;
let yahoo: StartedFake<FakeYahoo> | undefined;
afterEach(async () => {
  await Promise.all([finnhub?.close(), tiingo?.close(), yahoo?.close()]);
  finnhub = tiingo = yahoo = undefined;
});

const now = () => THANKSGIVING_10AM;
const QUARTER = { from: '2026-08-25', to: '2026-11-25' };

async function liveSetup(env: Record<string, string> = {}): Promise<MarketData> {
  finnhub = await startFakeFinnhub({ nowSec: () => Math.floor(now() / 1000) });
  tiingo = await startFakeTiingo({ now });
  yahoo = await startFakeYahoo({ now });
  const config = loadConfig({
    MARKET_DATA: 'live',
    FINNHUB_API_KEY: finnhub.apiKey,
    FINNHUB_API_URL: finnhub.url,
    TIINGO_API_KEY: tiingo.apiKey,
    TIINGO_API_URL: tiingo.url,
    YAHOO_CHART_URL: yahoo.url,
    ...env,
  });
  return createMarketData(config, { logger: silentLogger, faults: new FaultInjector(), offline, now });
}

describe('live market data: Finnhub (free key) + Tiingo + Yahoo + offline', () => {
  it('the seed question’s series: the quarter to the last completed session, from Tiingo, with Finnhub quotes; no candles asked', async () => {
    const data = await liveSetup();
    expect(data.mode).toBe('live');
    expect(data.market.referenceDate()).toBe('2026-11-25');
    expect(data.market.label).toBe('Finnhub quotes + daily bars Tiingo → Yahoo Finance (unofficial) → offline dataset');
    const [nvda, soxx, smh] = await Promise.all([
      data.market.getDailyBars('NVDA', { ...QUARTER, warmupBars: 260 }),
      data.market.getDailyBars('SOXX', { ...QUARTER, warmupBars: 1 }),
      data.market.getDailyBars('SMH', { ...QUARTER, warmupBars: 1 }),
    ]);
    for (const [series, symbol] of [[nvda, 'NVDA'], [soxx, 'SOXX'], [smh, 'SMH']] as const) {
      expect(series).toMatchObject({ source: 'Tiingo', asOf: '2026-11-25', sessionsMissing: 0, partial: false });
      expect(series.bars.at(-1)!.close).toBe(fixtureBar(symbol, '2026-11-25')!.close);
      expect(series.bars[series.windowStart].date).toBe('2026-08-25');
    }
    expect(nvda.windowStart).toBe(260);
    expect((await data.market.getQuote('NVDA')).source).toBe('Finnhub');
    expect((await data.company!.getFundamentals('NVDA')).peTTM).toBe(51.2);
    expect(finnhub!.count('/stock/candle')).toBe(0);
    expect(tiingo!.count()).toBe(3);
    expect(yahoo!.count()).toBe(0);
  });

  it('Tiingo throttled (429): Yahoo serves the same window and says so', async () => {
    const data = await liveSetup();
    tiingo!.inject('*', { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } });
    const series = await data.market.getDailyBars('NVDA', { ...QUARTER, warmupBars: 260 });
    expect(series).toMatchObject({ source: 'Yahoo Finance (unofficial)', asOf: '2026-11-25' });
    expect(series.bars.at(-1)!.close).toBeCloseTo(fixtureBar('NVDA', '2026-11-25')!.close, 3);
    await data.market.getDailyBars('SOXX', QUARTER);
    expect(tiingo!.count()).toBe(1);
  });

  it('no provider can serve the window: the error names each one, while quotes and fundamentals still answer', async () => {
    const data = await liveSetup();
    tiingo!.inject('*', { status: 429, body: { detail: TIINGO_HOURLY_LIMIT_DETAIL }, headers: { 'retry-after': '3600' } });
    yahoo!.inject('*', { status: 200, raw: YAHOO_CONSENT_PAGE, contentType: 'text/html' });
    const error = await rejection(data.market.getDailyBars('NVDA', { ...QUARTER, warmupBars: 260 }));
    expect(error.code).toBe('bars_unavailable');
    expect(error.message).toMatch(/Tiingo is rate-limited until 16:00 UTC; Yahoo Finance \(unofficial\) refused the request .*; offline dataset ends 2026-05-15\.$/);
    expect(reasonsOf(error)).toMatch(/Tiingo: rate limit reached/);
    expect(error.details).toMatchObject({ symbol: 'NVDA', from: '2026-08-25', to: '2026-11-25' });
    expect(await data.market.getQuote('NVDA')).toMatchObject({ source: 'Finnhub', price: 181.25 });
    expect((await data.company!.getFundamentals('NVDA')).source).toBe('Finnhub');
  });

  it('without a Finnhub key: bars and quotes from the chain, profiles from the dataset, no company data', async () => {
    tiingo = await startFakeTiingo({ now });
    const config = loadConfig({ MARKET_DATA: 'live', TIINGO_API_KEY: tiingo.apiKey, TIINGO_API_URL: tiingo.url, BARS_PROVIDERS: 'tiingo,offline' });
    const data = createMarketData(config, { logger: silentLogger, faults: new FaultInjector(), offline, now });
    expect(data.mode).toBe('live');
    expect(data.company).toBeUndefined();
    expect(await data.market.getQuote('NVDA')).toMatchObject({ price: fixtureBar('NVDA', '2026-11-25')!.close, asOf: '2026-11-25', source: 'Tiingo (last close)' });
    expect(await data.market.getProfile('NVDA')).toMatchObject({ sector: 'Information Technology', source: expect.stringMatching(/offline dataset/) });
    expect(data.market.referenceDate()).toBe('2026-11-25');
    expect(tiingo.count()).toBe(1);
  });

  it('MARKET_DATA: unset is live when any live key is set; `offline` wins; `finnhub` is an alias of `live`', () => {
    const deps = { logger: silentLogger, faults: new FaultInjector(), offline, now };
    expect(createMarketData(loadConfig({ TIINGO_API_KEY: 't' }), deps).mode).toBe('live');
    expect(createMarketData(loadConfig({ ALPACA_API_KEY_ID: 'a', ALPACA_API_SECRET_KEY: 's' }), deps).mode).toBe('live');
    expect(createMarketData(loadConfig({ MARKET_DATA: 'offline', TIINGO_API_KEY: 't' }), deps).mode).toBe('offline');
    expect(createMarketData(loadConfig({ MARKET_DATA: 'finnhub' }), deps).mode).toBe('live');
    expect(createMarketData(loadConfig({}), deps).mode).toBe('offline');
  });

  it('config names each bad daily-bars variable', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      return '';
    };
    expect(message({ BARS_PROVIDERS: 'tiingo,stooq' })).toMatch(/BARS_PROVIDERS: unknown daily-bars provider "stooq"/);
    expect(message({ BARS_PROVIDERS: 'yahoo,yahoo' })).toMatch(/listed twice/);
    expect(message({ BARS_PROVIDERS: 'tiingo' })).toMatch(/BARS_PROVIDERS lists tiingo: set TIINGO_API_KEY/);
    expect(message({ ALPACA_API_KEY_ID: 'a' })).toMatch(/both ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY/);
    expect(message({ TIINGO_API_URL: 'not a url' })).toMatch(/TIINGO_API_URL/);
  });
});
