/** The app as `npm start` composes it (createApp + startSurfaces, offline), Slack in HTTP mode against the fake. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../src/app/create-app.js';
import { startSurfaces } from '../../../../src/app/start-surfaces.js';
import { loadConfig } from '../../../../src/config.js';
import { silentLogger } from '../../../../src/logger.js';
import { FakeSlack } from '../../../fakes/slack-server.js';
import { SlackRequests } from '../../../fakes/slack-requests.js';
import { SIGNING_SECRET, type Harness } from './harness.js';

export async function startRealSlackStack(env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-slack-'));
  const fake = await FakeSlack.start();
  const app = createApp(
    loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', SLACK_BOT_TOKEN: fake.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, ...env }),
    { logger: silentLogger },
  );
  const surfaces = await startSurfaces(app);
  const harness: Harness = {
    fake,
    adapter: surfaces.slack!,
    slack: new SlackRequests(`${surfaces.url}/slack/events`, SIGNING_SECRET, fake.options.teamId, fake.options.botUserId),
    dataDir: dir,
    url: surfaces.url,
    async close() {
      await surfaces.stop();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return { harness, app, runs: app.pipeline };
}
