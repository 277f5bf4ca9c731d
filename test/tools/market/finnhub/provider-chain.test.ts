import { afterEach, describe, expect, it } from 'vitest';
import { FinnhubProvider } from '../../../../src/tools/market/finnhub/finnhub-provider.js';
import { OfflineMarketData } from '../../../../src/tools/market/offline-provider.js';
import { ProviderChain } from '../../../../src/tools/market/provider-chain.js';
import { rejection, startHarness, type Harness } from './finnhub-harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const offline = new OfflineMarketData();

async function chainOn(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness(options);
  const finnhub = new FinnhubProvider(h.client, () => new Date('2026-11-23T15:00:00Z'));
  return new ProviderChain([finnhub, offline]);
}

describe('ProviderChain: Finnhub → offline dataset', () => {
  it('free plan: candles are 403, bars come from the offline dataset, and Finnhub is not asked again', async () => {
    const chain = await chainOn();
    expect(chain.referenceDate()).toBe('2026-11-23'); // not known yet
    const first = await chain.getDailyBars('NVDA', { from: '2026-02-13', to: '2026-05-15', warmupBars: 50 });
    expect(first.source).toBe('offline dataset');
    expect(first.asOf).toBe('2026-05-15');
    expect(first.windowStart).toBe(50);
    // learned: bars now come straight from the offline set, and "now" is its last date
    expect(chain.referenceDate()).toBe('2026-05-15');
    await chain.getDailyBars('AAPL', { from: '2026-02-13', to: '2026-05-15' });
    expect(h.fake.count('/stock/candle')).toBe(1);
    expect(chain.availableSymbols()).toContain('NVDA');
  });

  it('probeDailyBars learns the 403 before the first run', async () => {
    const chain = await chainOn();
    await chain.probeDailyBars();
    expect(h.fake.count('/stock/candle')).toBe(1);
    expect(chain.referenceDate()).toBe('2026-05-15');
  });

  it('premium plan: bars come from Finnhub and say so', async () => {
    const chain = await chainOn({ fake: { premium: true } });
    const series = await chain.getDailyBars('NVDA', { from: '2026-10-01', to: '2026-11-20', warmupBars: 5 });
    expect(series.source).toBe('Finnhub');
    expect(series.bars[series.windowStart].date >= '2026-10-01').toBe(true);
    expect(series.windowStart).toBe(5);
    expect(series.asOf).toBe('2026-11-20');
    expect(chain.referenceDate()).toBe('2026-11-23');
    expect(chain.availableSymbols()).toBeUndefined();
  });

  it('quotes are live from Finnhub, and fall back to the offline last close when Finnhub fails', async () => {
    const chain = await chainOn();
    const live = await chain.getQuote('NVDA');
    expect(live).toMatchObject({ source: 'Finnhub', price: 181.25 });
    h.fake.inject('/quote', { status: 503, body: { error: 'down' } });
    const stale = await chain.getQuote('AAPL');
    expect(stale.source).toBe('offline dataset');
    expect(stale.asOf).toBe('2026-05-15');
  });

  it('profiles: funds fall through to the offline set; companies get their GICS sector from it', async () => {
    const chain = await chainOn();
    const spy = await chain.getProfile('SPY');
    expect(spy).toMatchObject({ kind: 'etf', source: 'offline dataset' });
    const aapl = await chain.getProfile('AAPL');
    expect(aapl).toMatchObject({ source: 'Finnhub', name: 'Apple Inc', sector: 'Information Technology', industry: 'Technology' });
    expect(aapl.marketCap).toBe(3_395_000 * 1e6);
  });

  it('an unknown symbol fails with every provider’s reason', async () => {
    const chain = await chainOn();
    const error = await rejection(chain.getQuote('ZZZZ'));
    expect(error.code).toBe('unknown_symbol');
    expect(error.message).toMatch(/Finnhub: .*ZZZZ.*; offline dataset:/);
  });

  it('a bad request is not passed down the chain', async () => {
    const chain = await chainOn();
    expect((await rejection(chain.getQuote('NV DA!'))).code).toBe('invalid_symbol');
  });

  it('stays retryable when a provider failed for a passing reason', async () => {
    const chain = await chainOn({ client: { timeoutMs: 80 } });
    h.fake.inject('/quote', { hang: true });
    const error = await rejection(chain.getQuote('ZZZZ'));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/did not answer/);
  });

  it('stops at once when the caller cancels', async () => {
    const chain = await chainOn({ client: { timeoutMs: 5000 } });
    h.fake.inject('/quote', { hang: true });
    const controller = new AbortController();
    const pending = chain.getQuote('NVDA', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by user')), 30);
    expect((await rejection(pending)).message).toBe('cancelled by user');
  });

  it('search is live and filtered, with the offline set behind it', async () => {
    const chain = await chainOn();
    expect((await chain.searchSymbols('nvidia')).map((m) => m.symbol)).toEqual(['NVDA']);
    h.fake.inject('/search', { status: 500, body: {} });
    expect((await chain.searchSymbols('apple')).map((m) => m.symbol)).toContain('AAPL');
  });
});
