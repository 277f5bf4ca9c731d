import { afterEach, describe, expect, it } from 'vitest';
import { WindowedTokenBucket } from '../../../../src/tools/market/rate-limiter.js';
import { rejection, startHarness, type Harness } from './finnhub-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('WindowedTokenBucket', () => {
  it('never grants more than the limit in any window, for every window at once', async () => {
    let now = 0;
    const limiter = new WindowedTokenBucket({ windows: [{ limit: 3, windowMs: 100 }, { limit: 5, windowMs: 1000 }], now: () => now });
    const granted: number[] = [];
    const all = Array.from({ length: 7 }, () =>
      limiter.acquire().then((release) => {
        granted.push(now);
        release();
      }),
    );
    await Promise.resolve();
    expect(granted.length).toBe(3); // the 100 ms window is full
    expect(limiter.pending).toBe(4);
    // Drive the fake clock; the limiter's own timer is real, so wait for it too.
    for (const t of [100, 200, 1000, 1100]) {
      now = t;
      await new Promise((r) => setTimeout(r, 5 + (t === 100 ? 100 : 0)));
    }
    now = 1200;
    await new Promise((r) => setTimeout(r, 120));
    await Promise.all(all);
    expect(granted.slice(0, 3)).toEqual([0, 0, 0]);
    // 5 per 1000 ms: grants 6 and 7 come a full second after the first ones
    expect(granted.slice(5).every((t) => t >= 1000)).toBe(true);
  });

  it('counts a window from when a request finished, so a slow request holds its token until then', async () => {
    const limiter = new WindowedTokenBucket({ windows: [{ limit: 1, windowMs: 60 }] });
    const release = await limiter.acquire();
    let second = false;
    const next = limiter.acquire().then((r) => {
      second = true;
      r();
    });
    await new Promise((r) => setTimeout(r, 120)); // two windows pass, but the first request is still open
    expect(second).toBe(false);
    const releasedAt = Date.now();
    release();
    await next;
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(55);
  });

  it('holds everyone back after pauseUntil, and lets an aborted waiter leave', async () => {
    const limiter = new WindowedTokenBucket({ windows: [] });
    limiter.pauseUntil(Date.now() + 120);
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal });
    const started = Date.now();
    const waiting = limiter.acquire();
    controller.abort(new Error('stop'));
    expect((await rejection(aborted)).message).toBe('stop');
    await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(limiter.pending).toBe(0);
  });

  it('treats limit 0 as no limit, and refuses waiters past maxQueue', async () => {
    const open = new WindowedTokenBucket({ windows: [{ limit: 0, windowMs: 1000 }] });
    await Promise.all(Array.from({ length: 100 }, () => open.acquire()));
    const tight = new WindowedTokenBucket({ windows: [{ limit: 1, windowMs: 60_000 }], maxQueue: 1 });
    (await tight.acquire())();
    const controller = new AbortController();
    const queued = tight.acquire({ signal: controller.signal });
    expect((await rejection(tight.acquire())).code).toBe('rate_limited');
    controller.abort(new Error('done'));
    await rejection(queued);
    expect(tight.pending).toBe(0); // no timer left behind
  });
});

describe('the shared limit against a fake Finnhub that answers 429', () => {
  it('a burst of 40 different requests stays under the server’s limit: zero 429s', async () => {
    const windows = [{ limit: 8, windowMs: 250 }];
    h = await startHarness({ fake: { windows }, windows, client: { timeoutMs: 5000 } });
    const symbols = ['NVDA', 'AAPL', 'AMZN', 'MSFT', 'AMD'];
    const calls = symbols.flatMap((s) => [
      h!.client.quote(s),
      h!.client.profile(s),
      h!.client.metrics(s),
      h!.client.peers(s),
      h!.client.recommendations(s),
      h!.client.companyNews(s, { from: '2026-01-01', to: '2026-12-31' }),
      h!.client.earningsCalendar(s, { from: '2026-01-01', to: '2027-12-31' }),
      h!.client.search(s),
    ]);
    await Promise.all(calls);
    expect(h.fake.count()).toBe(40);
    expect(h.fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(h.fake.maxInWindow(250)).toBeLessThanOrEqual(8);
  });

  it('without our limiter the same burst gets 429s, and the client recovers by honouring x-ratelimit-reset', async () => {
    h = await startHarness({ fake: { windows: [{ limit: 5, windowMs: 200 }] }, client: { timeoutMs: 5000 } });
    const symbols = ['NVDA', 'AAPL', 'AMZN', 'MSFT', 'AMD'];
    const results = await Promise.all(symbols.flatMap((s) => [h!.client.quote(s), h!.client.profile(s)]));
    expect(results).toHaveLength(10);
    expect(h.fake.requests.some((r) => r.status === 429)).toBe(true);
    expect(h.fake.maxInWindow(200)).toBeLessThanOrEqual(5);
  });
});
