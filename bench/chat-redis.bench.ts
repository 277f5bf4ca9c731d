/**
 * Chat extras in distributed mode vs one process (issue 18 × issue 16), side by side in one run, offline, fake Slack
 * on 127.0.0.1, real Bolt: the app composed as `npm start` composes it, once embedded (no Redis) and once with
 * REDIS_URL and MARKETDESK_ROLE=all (the Redis run API, a BullMQ worker and the stream follower in one process, on the
 * machine's Redis under a unique prefix, removed afterwards). Measured for each:
 *  - chart control click → replaced chart: from the signed block_actions POST to the chat.update with the redrawn
 *    chart, 20 clicks cycling the buttons of both charts (in Redis mode the run's state is folded from its stream
 *    and the bars come through the Redis market-data cache);
 *  - thread reply without a mention → the follow-up's answer posted (one reply, "and AMD?").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app/create-app.js';
import { connectShared, startDistributed } from '../src/app/start-distributed.js';
import { startSurfaces } from '../src/app/start-surfaces.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { FakeSlack, type FakeMessage } from '../test/fakes/slack-server.js';
import { SlackRequests } from '../test/fakes/slack-requests.js';
import { deletePrefix, REDIS_URL } from '../test/e2e/helpers/redis-test.js';
import { median, percentile, type BenchResult } from './types.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
const SECRET = 'bench-chat-redis-signing-secret-0123';
const CLICKS = 20;

type Button = { action_id: string; value: string };
const blocksOf = (m: FakeMessage, type: string) => ((m.blocks ?? []) as { type: string; elements?: Button[] }[]).filter((b) => b.type === type);

async function measure(redis: boolean): Promise<{ clicks: number[]; followUp: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-chat-redis-'));
  const prefix = `bench:chat:${randomBytes(3).toString('hex')}:`;
  const fake = await FakeSlack.start();
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', SLACK_BOT_TOKEN: fake.options.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, API_RATE_PER_MINUTE: '0' };
  const config = loadConfig(redis ? { ...env, REDIS_URL, REDIS_PREFIX: prefix, MARKETDESK_ROLE: 'all' } : env);
  let stop: () => Promise<void>;
  let url: string;
  if (redis) {
    const shared = connectShared({ ...config, REDIS_URL }, silentLogger);
    const app = createApp(config, { logger: silentLogger, artifacts: shared.artifacts, marketDeps: shared.marketDeps });
    const roles = await startDistributed(app, shared);
    url = roles.url;
    stop = () => roles.stop();
  } else {
    const surfaces = await startSurfaces(createApp(config, { logger: silentLogger }));
    url = surfaces.url;
    stop = () => surfaces.stop();
  }
  const slack = new SlackRequests(`${url}/slack/events`, SECRET, fake.options.teamId, fake.options.botUserId);
  try {
    const { ts } = await slack.mention({ text: SEED });
    const thread = () => fake.thread('C0MARKETS', ts);
    const answers = () => thread().filter((m) => blocksOf(m, 'context_actions').length > 0);
    const charts = () => thread().filter((m) => blocksOf(m, 'image').length > 0);
    await fake.waitFor(() => answers().length === 1 && charts().length === 2, 60_000, 'answer and charts');
    const clicks: number[] = [];
    for (let i = 0; i < CLICKS; i++) {
      const message = charts()[i % 2];
      const controls = blocksOf(message, 'actions')[0].elements!;
      const button = controls[Math.floor(i / 2) % controls.length];
      const edits = message.edits;
      const t0 = Date.now();
      await slack.click({ actionId: button.action_id, value: button.value, channel: 'C0MARKETS', messageTs: message.ts, responseUrl: fake.responseUrl('bench'), blocks: message.blocks });
      await fake.waitFor(() => message.edits > edits, 20_000, 'chart replaced');
      clicks.push(fake.calls.filter((c) => c.method === 'chat.update').at(-1)!.at - t0);
    }
    const t0 = Date.now();
    await slack.threadMessage({ text: 'and AMD?', channel: 'C0MARKETS', thread_ts: ts });
    await fake.waitFor(() => answers().length === 2, 60_000, 'the follow-up answer');
    return { clicks, followUp: Date.now() - t0 };
  } finally {
    await stop();
    await fake.close();
    if (redis) await deletePrefix(REDIS_URL, prefix);
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const redis of [false, true]) {
    const label = redis ? 'Redis (role all)' : 'embedded';
    const { clicks, followUp } = await measure(redis);
    results.push({ name: `${label}: chart click → replaced chart`, metric: `p50 (${clicks.length} clicks)`, value: median(clicks), unit: 'ms', note: 'block_actions POST → chat.update, offline' });
    results.push({ name: `${label}: chart click → replaced chart`, metric: `p99 (${clicks.length} clicks)`, value: percentile(clicks, 99), unit: 'ms' });
    results.push({ name: `${label}: thread reply → follow-up answer`, metric: 'one reply', value: followUp, unit: 'ms', note: '"and AMD?" without a mention' });
  }
  return results;
}
