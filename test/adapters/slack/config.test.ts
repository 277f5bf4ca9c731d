import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import { silentLogger } from '../../../src/logger.js';
import { FakeSlack } from '../../fakes/slack-server.js';
import { scriptedRuns, seedScript } from './helpers/scripted-runs.js';

const runs = scriptedRuns(() => seedScript());
let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const config = (over: Record<string, string | undefined>) => ({
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: undefined,
  SLACK_APP_TOKEN: undefined,
  SLACK_API_URL: undefined,
  DATA_DIR: '.data',
  ...over,
});

describe('Slack adapter configuration', () => {
  it('explains what is missing', () => {
    expect(() => createSlackAdapter({ config: config({ SLACK_BOT_TOKEN: undefined }), logger: silentLogger, runs })).toThrow(/SLACK_BOT_TOKEN is not set/);
    expect(() => createSlackAdapter({ config: config({}), logger: silentLogger, runs })).toThrow(/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/);
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set (no router to mount)', () => {
    const adapter = createSlackAdapter({ config: config({ SLACK_APP_TOKEN: 'xapp-1-test' }), logger: silentLogger, runs });
    expect(adapter.mode).toBe('socket');
    expect(adapter.router).toBeUndefined();
  });

  it('a rejected bot token fails start() with a clear error (auth.test against SLACK_API_URL)', async () => {
    fake = await FakeSlack.start();
    const adapter = createSlackAdapter({ config: config({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 's3cret', SLACK_API_URL: fake.apiUrl }), logger: silentLogger, runs });
    await expect(adapter.start()).rejects.toThrow(/invalid_auth.*check SLACK_BOT_TOKEN/);
    expect(fake.calls.map((c) => `${c.method}:${c.error}`)).toEqual(['auth.test:invalid_auth']);
  });
});

describe('manifest.yml', () => {
  it('declares /analyze, app_mention, the assistant view and its events, interactivity, Socket Mode and exactly the scopes the adapter uses', async () => {
    const text = await readFile(new URL('../../../manifest.yml', import.meta.url), 'utf8');
    expect(text).toMatch(/- command: \/analyze/);
    expect(text).toMatch(/bot_events:\s*\n\s*- app_mention/);
    expect(text).toMatch(/interactivity:\s*\n\s*is_enabled: true/);
    expect(text).toMatch(/socket_mode_enabled: true/);
    const scopes = /bot:\s*\n((?:\s*- [\w:.]+.*\n)+)/.exec(text)?.[1].match(/- ([\w:.]+)/g)?.map((s) => s.slice(2));
    expect(scopes).toEqual(['app_mentions:read', 'assistant:write', 'channels:history', 'groups:history', 'im:history', 'chat:write', 'commands', 'files:write']);
    // The AI-app surface and thread follow-ups (issue 18).
    expect(text).toMatch(/assistant_view:/);
    for (const event of ['assistant_thread_started', 'message.channels', 'message.groups', 'message.im']) expect(text).toContain(`- ${event}`);
  });
});
