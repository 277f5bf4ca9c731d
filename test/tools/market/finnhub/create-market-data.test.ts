import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config.js';
import { FaultInjector } from '../../../../src/faults.js';
import { silentLogger } from '../../../../src/logger.js';
import { createMarketData } from '../../../../src/tools/market/create-market-data.js';
import { OfflineMarketData } from '../../../../src/tools/market/offline-provider.js';
import { startFakeFinnhub, type FakeFinnhub } from '../../../fakes/finnhub-server.js';

let fake: (FakeFinnhub & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const deps = { logger: silentLogger, faults: new FaultInjector(), offline: new OfflineMarketData(), probe: false };

describe('createMarketData', () => {
  it('with nothing set stays fully offline: no company data', () => {
    const data = createMarketData(loadConfig({}), deps);
    expect(data.mode).toBe('offline');
    expect(data.market.id).toBe('offline');
    expect(data.company).toBeUndefined();
  });

  it('MARKET_DATA=offline wins over a key', () => {
    const data = createMarketData(loadConfig({ MARKET_DATA: 'offline', FINNHUB_API_KEY: 'k' }), deps);
    expect(data.mode).toBe('offline');
  });

  it('MARKET_DATA=finnhub (an alias of live) with a key: live quotes and company data from FINNHUB_API_URL, bars from the chain', async () => {
    fake = await startFakeFinnhub();
    const config = loadConfig({ MARKET_DATA: 'finnhub', FINNHUB_API_KEY: fake.apiKey, FINNHUB_API_URL: fake.url, BARS_PROVIDERS: 'offline' });
    const data = createMarketData(config, deps);
    expect(data.mode).toBe('live');
    expect(data.market.label).toBe('Finnhub quotes + daily bars offline dataset');
    expect((await data.market.getQuote('NVDA')).source).toBe('Finnhub');
    expect((await data.company!.getPeers('NVDA')).peers).toContain('AMD');
    const bars = await data.market.getDailyBars('NVDA', { from: '2026-04-01', to: '2026-05-15' });
    expect(bars.source).toBe('offline dataset');
    expect(data.finnhub?.upstream.total).toBe(2);
  });

  it('never asks Finnhub for candles (premium): "now" is the last completed session of the live chain', async () => {
    fake = await startFakeFinnhub();
    const now = () => Date.parse('2026-11-26T15:00:00Z'); // Thanksgiving
    const config = loadConfig({ FINNHUB_API_KEY: fake.apiKey, FINNHUB_API_URL: fake.url, YAHOO_CHART_URL: 'http://127.0.0.1:9' });
    const data = createMarketData(config, { ...deps, probe: true, now });
    expect(data.market.referenceDate()).toBe('2026-11-25');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.count('/stock/candle')).toBe(0);
  });
});
