/**
 * The final answer's idempotency key (SET NX per run + platform + message kind, in the machine's Redis under a unique
 * prefix): a retried delivery of a finished run — the same run handed to two "web processes" (two real Slack
 * adapters, each with its own Redis connection) and again to the first — posts the answer once. The control, each
 * adapter with only its own memory, posts it again on the other process, so the assertion can fail. Discord: the
 * same run delivered twice to a channel posts its answer in one thread.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.js';
import { MemoryEventDedupe, type EventDedupe } from '../../src/adapters/shared/event-dedupe.js';
import { slackAnswerKey } from '../../src/adapters/slack/run-session.js';
import { discordAnswerKey } from '../../src/adapters/discord/run-session.js';
import { createRedis } from '../../src/distributed/redis-connection.js';
import { RedisEventDedupe } from '../../src/distributed/redis-event-dedupe.js';
import { redisKeys } from '../../src/distributed/redis-keys.js';
import { silentLogger } from '../../src/logger.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { scriptedRuns, seedScript } from '../adapters/slack/helpers/scripted-runs.js';
import { startHarness as startDiscordHarness } from '../adapters/discord/harness.js';
import { createScriptedRuns, seedScript as discordSeed } from '../adapters/discord/scripted-runs.js';
import { isDiscordStatus } from '../e2e/helpers/surface-checks.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../e2e/helpers/redis-test.js';

const PREFIX = uniquePrefix('final-post');
const keys = redisKeys(PREFIX);
const connections = [createRedis(REDIS_URL, silentLogger, 'test-a'), createRedis(REDIS_URL, silentLogger, 'test-b')];
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await deletePrefix(REDIS_URL, PREFIX);
  await Promise.all(connections.map((c) => c.quit()));
}, 30_000);

async function deliverThreeTimes(dedupes: [EventDedupe, EventDedupe]): Promise<{ runId: string; answers: number; headlines: number }> {
  const fake = await FakeSlack.start();
  const runs = scriptedRuns(() => seedScript());
  const config = { SLACK_BOT_TOKEN: fake.options.token, SLACK_SIGNING_SECRET: 'final-post-signing-secret-0123', SLACK_APP_TOKEN: undefined, SLACK_API_URL: fake.apiUrl };
  const adapters: SlackAdapter[] = dedupes.map((dedupe) => createSlackAdapter({ config, logger: silentLogger, runs, editIntervalMs: 50, dedupe }));
  cleanups.push(async () => {
    await Promise.all(adapters.map((a) => a.stop()));
    await fake.close();
  });
  const started = await runs.startRun({ question: 'How has NVDA performed relative to the semiconductor sector over the past quarter?', source: { platform: 'slack', channel: 'C0MARKETS' } });
  expect((await started.done).status).toBe('completed');
  const channel = { platform: 'slack' as const, channel: 'C0MARKETS' };
  // The first delivery, the same delivery retried on another process, and once more on the first.
  for (const adapter of [adapters[0], adapters[1], adapters[0]]) {
    await adapter.postToChannel(channel, started.runId, 'NVDA digest');
    await adapter.idle();
  }
  const posts = fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => JSON.stringify(c));
  return { runId: started.runId, answers: posts.filter((p) => p.includes('context_actions')).length, headlines: posts.filter((p) => p.includes('NVDA digest')).length };
}

describe('final Slack post: one per run, whichever process delivers it', () => {
  it('a retried delivery on another web process posts no second answer (shared SET NX); with per-process memory only, two', async () => {
    const shared = await deliverThreeTimes([new RedisEventDedupe(connections[0], keys), new RedisEventDedupe(connections[1], keys)]);
    expect(shared.headlines).toBe(3);
    expect(shared.answers).toBe(1);
    // The key is in Redis, with a TTL (it never outlives the dedupe window).
    expect(await connections[0].ttl(keys.dedupe(slackAnswerKey(shared.runId)))).toBeGreaterThan(0);
    const control = await deliverThreeTimes([new MemoryEventDedupe(), new MemoryEventDedupe()]);
    expect(control.headlines).toBe(3);
    // Each process's memory only knows its own posts: the first process's retry is caught, the other's is not.
    expect(control.answers).toBe(2);
  }, 30_000);
});

describe('final Discord post: one per run', () => {
  it('the same run delivered twice to a channel: two threads with a status each, one answer', async () => {
    const runs = createScriptedRuns(discordSeed({ stepDelayMs: 5 }));
    const h = await startDiscordHarness({ runs, editIntervalMs: 50, dedupe: new RedisEventDedupe(connections[0], keys) });
    cleanups.push(() => h.close());
    const started = await runs.startRun({ question: 'How has NVDA performed relative to the semiconductor sector over the past quarter?', source: { platform: 'discord', channel: h.discord.channelId } });
    expect((await started.done).status).toBe('completed');
    const channel = { platform: 'discord' as const, channel: h.discord.channelId };
    await h.adapter.postToChannel(channel, started.runId, 'NVDA digest');
    await h.adapter.postToChannel(channel, started.runId, 'NVDA digest');
    const threads = () => h.discord.state.threads();
    await h.discord.waitFor(() => threads().length === 2 && threads().every((t) => h.discord.messagesIn(t.id).some((m) => isDiscordStatus(m) && /✅|complete/i.test(JSON.stringify(m)))), 15_000, 'two threads with a final status');
    // The first thread gets the answer; give the second every chance to post one too before counting.
    await h.discord.waitFor(() => h.discord.messagesIn(threads()[0].id).some((m) => !isDiscordStatus(m)), 15_000, 'the answer');
    await h.adapter.stop();
    const answers = threads().flatMap((t) => h.discord.messagesIn(t.id).filter((m) => !isDiscordStatus(m)));
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers.map((m) => m.channel_id)).size).toBe(1);
    expect(await connections[0].ttl(keys.dedupe(discordAnswerKey(started.runId)))).toBeGreaterThan(0);
  }, 30_000);
});
