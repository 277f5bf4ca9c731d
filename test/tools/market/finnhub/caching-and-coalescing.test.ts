import { afterEach, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './finnhub-harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Finnhub caching and in-flight coalescing', () => {
  it('ten runs asking for NVDA’s quote at once make one request', async () => {
    h = await startHarness();
    h.fake.inject('/quote', { delayMs: 50, body: { c: 181.25, d: 1, dp: 0.5, h: 182, l: 180, o: 180.5, pc: 180.25, t: 1_790_000_000 } });
    const quotes = await Promise.all(Array.from({ length: 10 }, () => h.client.quote('NVDA')));
    expect(new Set(quotes.map((q) => q.c))).toEqual(new Set([181.25]));
    expect(h.fake.count('/quote')).toBe(1);
    expect(h.client.cacheStats.coalesced).toBe(9);
  });

  it('serves repeats from the cache within the TTL, and goes upstream again after it', async () => {
    h = await startHarness({ client: { ttlMs: { quote: 120 } } });
    await h.client.quote('NVDA');
    await h.client.quote('nvda'); // same key after normalising
    expect(h.fake.count('/quote')).toBe(1);
    expect(h.client.cacheStats.hits).toBe(1);
    await new Promise((r) => setTimeout(r, 160));
    await h.client.quote('NVDA');
    expect(h.fake.count('/quote')).toBe(2);
  });

  it('keeps different endpoints and params apart', async () => {
    h = await startHarness();
    await Promise.all([h.client.quote('NVDA'), h.client.quote('AAPL'), h.client.profile('NVDA'), h.client.metrics('NVDA')]);
    expect(h.fake.count()).toBe(4);
  });

  it('one caller giving up does not fail the others sharing its request', async () => {
    h = await startHarness({ client: { timeoutMs: 2000 } });
    h.fake.inject('/quote', { delayMs: 150, body: { c: 99, t: 1_790_000_000 } });
    const impatient = new AbortController();
    const first = h.client.quote('NVDA', { signal: impatient.signal });
    const second = h.client.quote('NVDA');
    setTimeout(() => impatient.abort(new Error('gave up')), 30);
    expect((await rejection(first)).message).toBe('gave up');
    expect((await second).c).toBe(99);
    expect(h.fake.count('/quote')).toBe(1);
  });

  it('a failure reaches every waiter and is not cached', async () => {
    h = await startHarness();
    h.fake.inject('/stock/profile2', { delayMs: 30, status: 503, body: { error: 'down' } });
    const errors = await Promise.all(Array.from({ length: 3 }, () => rejection(h.client.profile('NVDA'))));
    expect(errors.map((e) => e.code)).toEqual(['provider_unavailable', 'provider_unavailable', 'provider_unavailable']);
    expect((await h.client.profile('NVDA')).name).toBe('NVIDIA Corp');
    expect(h.fake.count('/stock/profile2')).toBe(2);
  });

  it('with caching off every call goes upstream (the bench baseline)', async () => {
    h = await startHarness({ client: { caching: false } });
    await Promise.all(Array.from({ length: 5 }, () => h.client.quote('NVDA')));
    expect(h.fake.count('/quote')).toBe(5);
  });
});
