import { afterEach, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './finnhub-harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('FinnhubClient against a fake Finnhub', () => {
  it('reads every free endpoint in its documented shape', async () => {
    h = await startHarness();
    const quote = await h.client.quote('nvda');
    expect(quote.c).toBe(181.25);
    expect((await h.client.profile('AMZN')).marketCapitalization).toBeCloseTo(1221092.7955);
    const metric = await h.client.metrics('NVDA');
    // keys with "/" and "&" survive
    expect(metric['totalDebt/totalEquityQuarterly']).toBe(0.7635);
    expect(metric['priceRelativeToS&P50013Week']).toBe(10.0302);
    expect(await h.client.peers('NVDA')).toContain('AVGO');
    expect((await h.client.recommendations('NVDA'))[0].period).toBe('2026-11-01');
    expect((await h.client.companyNews('NVDA', { from: '2020-01-01', to: '2030-01-01' })).length).toBe(4);
    expect((await h.client.earningsCalendar('NVDA', { from: '2020-01-01', to: '2030-01-01' })).length).toBe(2);
    expect(h.fake.requests.find((r) => r.path === '/stock/metric')?.query.metric).toBe('all');
  });

  it('filters /search to US common stock', async () => {
    h = await startHarness();
    const results = await h.client.search('nvidia');
    expect(results.map((r) => r.symbol)).toEqual(['NVDA']);
  });

  it('authenticates by header only: the key is in no URL and no log line, even on errors', async () => {
    h = await startHarness({ client: { timeoutMs: 400 } });
    h.fake.inject('/stock/metric', { status: 500, body: { error: `boom ${h.fake.apiKey}` } });
    h.fake.inject('/stock/peers', { hang: true });
    await h.client.quote('NVDA');
    await rejection(h.client.metrics('NVDA'));
    await rejection(h.client.peers('NVDA'));
    const forbidden = await rejection(h.client.candles('NVDA', { from: 1, to: 2 }));
    expect(h.fake.requests.length).toBeGreaterThanOrEqual(4);
    for (const r of h.fake.requests) {
      expect(r.token).toBe(h.fake.apiKey);
      expect(r.rawUrl).not.toContain(h.fake.apiKey);
      expect(r.query.token).toBeUndefined();
    }
    expect(h.lines.length).toBeGreaterThan(3); // debug + warn lines were written
    for (const line of h.lines) expect(line).not.toContain(h.fake.apiKey);
    expect(forbidden.message).not.toContain(h.fake.apiKey);
  });

  it('treats the 200-with-zeros quote of an unknown symbol as not found', async () => {
    h = await startHarness();
    expect((await rejection(h.client.quote('ZZZZ'))).code).toBe('symbol_not_found');
    expect((await rejection(h.client.profile('ZZZZ'))).code).toBe('symbol_not_found');
    expect((await rejection(h.client.metrics('ZZZZ'))).code).toBe('symbol_not_found');
    expect((await rejection(h.client.peers('ZZZZ'))).code).toBe('symbol_not_found');
  });

  it('rejects a malformed symbol before any request', async () => {
    h = await startHarness();
    expect((await rejection(h.client.quote('NV DA; drop'))).code).toBe('invalid_symbol');
    expect(h.fake.count()).toBe(0);
  });

  it('answers not_in_plan for premium candles (403) and never retries them', async () => {
    h = await startHarness();
    const error = await rejection(h.client.candles('NVDA', { from: 1_700_000_000, to: 1_700_900_000 }));
    expect(error.code).toBe('not_in_plan');
    expect(error.retryable).toBe(false);
    expect(h.fake.count('/stock/candle')).toBe(1);
  });

  it('serves candles on a premium key', async () => {
    h = await startHarness({ fake: { premium: true } });
    const body = await h.client.candles('NVDA', { from: 1_767_225_600, to: 1_768_435_200 });
    expect(body.s).toBe('ok');
    expect(body.t?.length).toBeGreaterThan(5);
  });

  it('makes 5xx retryable (provider_unavailable) and does not cache failures', async () => {
    h = await startHarness();
    h.fake.inject('/quote', { status: 502, raw: '<html>bad gateway</html>' });
    const error = await rejection(h.client.quote('NVDA'));
    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
    expect((await h.client.quote('NVDA')).c).toBe(181.25);
    expect(h.fake.count('/quote')).toBe(2);
  });

  it('reports malformed JSON and unexpected shapes as provider_bad_response', async () => {
    h = await startHarness();
    h.fake.inject('/quote', { raw: '{"c": 181.2, "d":' });
    h.fake.inject('/stock/peers', { body: { peers: 'NVDA' } });
    expect((await rejection(h.client.quote('NVDA'))).code).toBe('provider_bad_response');
    const shape = await rejection(h.client.peers('NVDA'));
    expect(shape.code).toBe('provider_bad_response');
    expect(shape.message).toMatch(/unexpected shape/);
  });

  it('times out slow and hanging responses with its own per-request timeout', async () => {
    h = await startHarness({ client: { timeoutMs: 150 } });
    h.fake.inject('/quote', { delayMs: 400, body: { c: 1, t: 1 } });
    h.fake.inject('/stock/profile2', { hang: true });
    const slow = await rejection(h.client.quote('NVDA'));
    const hang = await rejection(h.client.profile('NVDA'));
    expect(slow.code).toBe('timeout');
    expect(slow.retryable).toBe(true);
    expect(hang.code).toBe('timeout');
    // the hanging connection was dropped by the client, not left open
    await expect.poll(() => h.fake.open, { timeout: 1000 }).toBe(0);
  });

  it('rejects with the caller’s own reason when the caller aborts', async () => {
    h = await startHarness({ client: { timeoutMs: 5000 } });
    h.fake.inject('/quote', { hang: true });
    const controller = new AbortController();
    const pending = h.client.quote('NVDA', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    expect((await rejection(pending)).message).toBe('user cancelled');
    // it was the only caller, so the upstream request is aborted too
    await expect.poll(() => h.fake.open, { timeout: 1000 }).toBe(0);
  });

  it('sits out a 429 as long as the server asks, then succeeds', async () => {
    h = await startHarness({ fake: { retryAfterHeader: true } });
    h.fake.inject('/quote', { status: 429, body: { error: 'API limit reached. Please try again later. Remaining Limit: 0' }, headers: { 'retry-after': '0.4' } });
    const started = Date.now();
    expect((await h.client.quote('NVDA')).c).toBe(181.25);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(h.fake.count('/quote')).toBe(2);
    expect(h.lines.some((l) => l.includes('429'))).toBe(true);
  });

  it('hands back rate_limited (retryable, with retryAfterMs) when 429s persist', async () => {
    h = await startHarness({ client: { maxRateLimitRetries: 1 } });
    h.fake.inject('/quote', { status: 429, body: { error: 'API limit reached' }, headers: { 'retry-after': '0.3' } }, 5);
    const error = await rejection(h.client.quote('NVDA'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(300);
    expect(h.fake.count('/quote')).toBe(2);
  });

  it('answers provider_auth_failed on a wrong key', async () => {
    h = await startHarness({ client: { apiKey: 'wrong-key' } });
    const error = await rejection(h.client.quote('NVDA'));
    expect(error.code).toBe('provider_auth_failed');
    expect(error.retryable).toBe(false);
  });

  it('honours MARKETDESK_FAULTS finnhub=error and finnhub=timeout', async () => {
    h = await startHarness({ faults: 'finnhub=error' });
    expect((await rejection(h.client.quote('NVDA'))).code).toBe('fault_injected');
    expect(h.fake.count()).toBe(0);
    await h.close();
    h = await startHarness({ faults: 'finnhub=timeout', client: { timeoutMs: 80 } });
    expect((await rejection(h.client.quote('NVDA'))).code).toBe('timeout');
  });
});
