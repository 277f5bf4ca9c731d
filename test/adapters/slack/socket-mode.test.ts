/** Socket Mode: the real Bolt SocketModeReceiver connects to the fake (apps.connections.open → ws://), acks envelopes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/index.js';
import { silentLogger } from '../../../src/logger.js';
import { FakeSlack } from '../../fakes/slack-server.js';
import { blocksOf } from './helpers/harness.js';
import { scriptedRuns, seedScript } from './helpers/scripted-runs.js';

let fake: FakeSlack | undefined;
let adapter: SlackAdapter | undefined;
let dataDir = '';
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  adapter = undefined;
  fake = undefined;
});

const mentionEnvelope = (envelopeId: string, retry = 0) => ({
  envelope_id: envelopeId,
  type: 'events_api' as const,
  retry_attempt: retry,
  retry_reason: retry ? 'timeout' : '',
  payload: {
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: 'Ev0SOCKET1',
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> NVDA vs SOX past quarter', ts: '1759990000.000100', channel: 'C0MARKETS', event_ts: '1759990000.000100', client_msg_id: 'm-1' },
  },
});

describe('Slack adapter in Socket Mode', () => {
  it('connects, acks events, dedupes a retry_attempt redelivery and answers a command through its ack', async () => {
    fake = await FakeSlack.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-slack-sm-'));
    const runs = scriptedRuns(() => seedScript({ stepDelayMs: 10 }));
    adapter = createSlackAdapter({
      config: { SLACK_BOT_TOKEN: fake.options.token, SLACK_APP_TOKEN: fake.options.appToken, SLACK_SIGNING_SECRET: undefined, SLACK_API_URL: fake.apiUrl },
      logger: silentLogger,
      runs,
      editIntervalMs: 50,
    });
    expect(adapter.mode).toBe('socket');
    await adapter.start();
    expect(fake.socketCount).toBe(1);
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test', 'apps.connections.open']);

    fake.sendEnvelope(mentionEnvelope('env-1'));
    fake.sendEnvelope(mentionEnvelope('env-2', 1));
    await fake.waitFor(() => fake!.socketAcks.length >= 2, 4000, 'acks');
    expect(fake.socketAcks.map((a) => a.envelope_id).sort()).toEqual(['env-1', 'env-2']);
    await fake.waitFor(() => fake!.thread('C0MARKETS', '1759990000.000100').some((m) => blocksOf(m, 'context_actions').length > 0), 4000, 'answer');
    await adapter.idle();
    expect(runs.started).toHaveLength(1);

    fake.sendEnvelope({
      envelope_id: 'env-cmd',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { team_id: 'T0FAKE', channel_id: 'C0MARKETS', user_id: 'U0ALICE', command: '/analyze', text: '', response_url: fake.responseUrl(), trigger_id: 't-1', api_app_id: 'A0FAKE' },
    });
    await fake.waitFor(() => fake!.socketAcks.some((a) => a.envelope_id === 'env-cmd'), 4000, 'command ack');
    const ack = fake.socketAcks.find((a) => a.envelope_id === 'env-cmd')!;
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload?.text)).toContain('/analyze NVDA vs SOX');

    await adapter.stop();
    await expect.poll(() => fake!.socketCount).toBe(0);
  });

  it('a rejected app token fails start() clearly instead of retrying forever', async () => {
    fake = await FakeSlack.start();
    const runs = scriptedRuns(() => seedScript());
    adapter = createSlackAdapter({
      config: { SLACK_BOT_TOKEN: fake.options.token, SLACK_APP_TOKEN: 'xapp-wrong', SLACK_SIGNING_SECRET: undefined, SLACK_API_URL: fake.apiUrl },
      logger: silentLogger,
      runs,
    });
    await expect(adapter.start()).rejects.toThrow(/invalid_auth.*SLACK_APP_TOKEN/);
  });
});
