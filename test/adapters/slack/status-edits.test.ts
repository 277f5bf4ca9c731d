import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EditGates, EditThrottle } from '../../../src/adapters/shared/edit-throttle.js';
import { classifySlackEditError } from '../../../src/adapters/slack/run-session.js';
import type { SlackMessage } from '../../../src/adapters/slack/render-status.js';
import { FakeSlack } from '../../fakes/slack-server.js';

let fake: FakeSlack;
let queues: EditThrottle<SlackMessage>[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start();
});
afterEach(async () => {
  for (const q of queues) q.close();
  queues = [];
  await fake.close();
});

async function setup(intervalMs = 100, gates = new EditGates()) {
  const client = new webApi.WebClient(fake.options.token, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  const main = new webApi.WebClient(fake.options.token, { slackApiUrl: fake.apiUrl });
  const posted = await main.chat.postMessage({ channel: 'C1', text: 'state 0' });
  const queue = new EditThrottle<SlackMessage>({
    send: async (m) => void (await client.chat.update({ channel: 'C1', ts: posted.ts!, ...m })),
    classify: classifySlackEditError,
    gate: gates.for('T1'),
    intervalMs,
  });
  queues.push(queue);
  const message = () => fake.messages.find((m) => m.ts === posted.ts)!;
  return { queue, message };
}

const msg = (text: string) => ({ text, blocks: [] });

describe('status edits on Slack (the shared edit throttle with Slack\'s error reading)', () => {
  it('coalesces a burst: the first state goes out, then only the latest', async () => {
    const { queue, message } = await setup(100);
    queue.push(msg('state 1'));
    await fake.waitFor(() => message().edits === 1);
    for (let i = 2; i <= 20; i++) queue.push(msg(`state ${i}`));
    await queue.finish(msg('final'));
    expect(message().history.map((h) => h.text)).toEqual(['state 0', 'state 1']);
    expect(message().text).toBe('final');
    expect(queue.stats).toMatchObject({ sent: 2, rateLimited: 0 });
    expect(queue.stats.coalesced).toBeGreaterThanOrEqual(18);
  });

  it('spaces edits by the interval', async () => {
    const { queue } = await setup(120);
    queue.push(msg('a'));
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'chat.update'));
    queue.push(msg('b'));
    await queue.finish(msg('c'));
    const at = fake.calls.filter((c) => c.method === 'chat.update').map((c) => c.at);
    expect(at).toHaveLength(2);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(110);
  });

  it('honours Retry-After and pauses every queue of the workspace', async () => {
    const gates = new EditGates();
    const one = await setup(10, gates);
    const two = await setup(10, gates);
    fake.fault('chat.update', { kind: 'ratelimit', retryAfter: 1 }, 1);
    const started = Date.now();
    one.queue.push(msg('one'));
    await expect.poll(() => one.queue.stats.rateLimited).toBe(1);
    two.queue.push(msg('two'));
    await Promise.all([one.queue.finish(msg('one final')), two.queue.finish(msg('two final'))]);
    const ok = fake.calls.filter((c) => c.method === 'chat.update' && c.status === 200);
    // Nothing was sent by either queue until the Retry-After window had passed.
    for (const call of ok) expect(call.at - started).toBeGreaterThanOrEqual(950);
    expect(one.message().text).toBe('one final');
    expect(two.message().text).toBe('two final');
    expect(one.queue.stats.rateLimited).toBe(1);
  });

  it('drops a payload Slack rejects (ok:false) and resolves the final edit', async () => {
    const { queue, message } = await setup(10);
    fake.fault('chat.update', { kind: 'error', error: 'msg_too_long' }, 1);
    await queue.finish(msg('rejected'));
    expect(message().text).toBe('state 0');
    expect(queue.stats.failed).toBe(1);
  });

  it('close() abandons pending work without leaving timers', async () => {
    const { queue } = await setup(10_000);
    queue.push(msg('a'));
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'chat.update'));
    queue.push(msg('b'));
    const final = queue.finish(msg('c'));
    queue.close();
    await final;
    expect(fake.calls.filter((c) => c.method === 'chat.update')).toHaveLength(1);
  });
});
