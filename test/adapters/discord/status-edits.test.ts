import { RateLimitError } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditThrottle } from '../../../src/adapters/shared/edit-throttle.js';
import { classifyDiscordEditError } from '../../../src/adapters/discord/run-session.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder(fail?: (payload: string, n: number) => unknown) {
  const sent: { payload: string; at: number }[] = [];
  let n = 0;
  const send = async (payload: string) => {
    n += 1;
    const error = fail?.(payload, n);
    if (error) throw error;
    sent.push({ payload, at: Date.now() });
  };
  return { sent, send };
}

const rateLimit = (retryAfter: number) =>
  new RateLimitError({ timeToReset: retryAfter, limit: 5, method: 'PATCH', hash: 'h', url: 'u', route: '/channels/1/messages/:id', majorParameter: '1', global: false, retryAfter, sublimitTimeout: 0, scope: 'user' });

describe('status edits on Discord (the shared edit throttle with Discord\'s error reading)', () => {
  it('sends at most one edit per interval and only the newest state (coalescing)', async () => {
    const { sent, send } = recorder();
    const throttle = new EditThrottle<string>({ intervalMs: 1500, send });
    throttle.markSent('s0');
    for (let i = 1; i <= 10; i++) {
      throttle.push(`s${i}`);
      await vi.advanceTimersByTimeAsync(200);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.map((s) => s.payload)).toEqual(['s8', 's10']); // s8 was newest at t=1500, s10 at t=3000
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(1500);
    expect(throttle.stats.sent).toBe(2);
    expect(throttle.stats.coalesced).toBeGreaterThan(5);
  });

  it('skips an edit identical to what is on screen', async () => {
    const { sent, send } = recorder();
    const throttle = new EditThrottle<{ a: number }>({ intervalMs: 100, send: (p) => send(JSON.stringify(p)) });
    throttle.markSent({ a: 1 });
    throttle.push({ a: 1 });
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]);
    await expect(throttle.flush()).resolves.toBeUndefined();
  });

  it('after a 429, waits retry_after and sends the newest state, never the stale one', async () => {
    const { sent, send } = recorder((_p, n) => (n === 1 ? rateLimit(3000) : undefined));
    const errors: boolean[] = [];
    const throttle = new EditThrottle<string>({ intervalMs: 1000, send, classify: classifyDiscordEditError, onError: (_e, retry) => errors.push(retry) });
    throttle.push('a');
    await vi.advanceTimersByTimeAsync(10);
    throttle.push('b');
    await vi.advanceTimersByTimeAsync(2500);
    expect(sent).toEqual([]);
    throttle.push('c');
    const flushed = throttle.flush();
    await vi.advanceTimersByTimeAsync(1000);
    await flushed;
    expect(sent.map((s) => s.payload)).toEqual(['c']);
    expect(errors).toEqual([true]);
  });

  it('drops a payload on a non-retryable error and gives up after repeated rate limits', async () => {
    const failing = recorder(() => new Error('Unknown Message'));
    const throttle = new EditThrottle<string>({ intervalMs: 10, send: failing.send, classify: classifyDiscordEditError });
    throttle.push('x');
    await vi.advanceTimersByTimeAsync(100);
    await expect(throttle.flush()).resolves.toBeUndefined();

    const limited = recorder(() => rateLimit(100));
    const stubborn = new EditThrottle<string>({ intervalMs: 10, send: limited.send, classify: classifyDiscordEditError, finalDeadlineMs: 1000 });
    const done = stubborn.finish('y');
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(limited.sent).toEqual([]);
  });

  it('close() drops pending states and releases flush()', async () => {
    const { sent, send } = recorder();
    const throttle = new EditThrottle<string>({ intervalMs: 1000, send });
    throttle.markSent('0');
    throttle.push('1');
    const flushed = throttle.flush();
    throttle.close();
    await flushed;
    throttle.push('2');
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent).toEqual([]);
  });
});
