/**
 * Starts the real Slack adapter (Bolt, HTTP mode) against the fake Slack: its router mounted at /slack/events on an
 * Express server on 127.0.0.1:0, the WebClients pointed at the fake through SLACK_API_URL, signed requests in.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { createSlackAdapter, type SlackAdapter } from '../../../../src/adapters/slack/index.js';
import { silentLogger } from '../../../../src/logger.js';
import type { RunApi } from '../../../../src/pipeline/run/run-api.js';
import { FakeSlack } from '../../../fakes/slack-server.js';
import { SlackRequests } from '../../../fakes/slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export type Harness = {
  fake: FakeSlack;
  adapter: SlackAdapter;
  slack: SlackRequests;
  dataDir: string;
  url: string;
  close(): Promise<void>;
};

export async function startHarness(runs: RunApi, options: { editIntervalMs?: number; mount?: (router: express.Router) => Promise<{ url: string; close(): Promise<void> }> } = {}): Promise<Harness> {
  const fake = await FakeSlack.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-slack-'));
  const adapter = createSlackAdapter({
    config: { SLACK_BOT_TOKEN: fake.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_APP_TOKEN: undefined, SLACK_API_URL: fake.apiUrl },
    logger: silentLogger,
    runs,
    editIntervalMs: options.editIntervalMs ?? 50,
  });
  if (!adapter.router) throw new Error('expected HTTP mode');
  const mounted = options.mount ? await options.mount(adapter.router) : await mountOnExpress(adapter.router);
  await adapter.start();
  const slack = new SlackRequests(`${mounted.url}/slack/events`, SIGNING_SECRET, fake.options.teamId, fake.options.botUserId);
  return {
    fake,
    adapter,
    slack,
    dataDir,
    url: mounted.url,
    async close() {
      await adapter.stop();
      await mounted.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function mountOnExpress(router: express.Router): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use('/slack/events', router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Blocks of a given type in a fake message. */
export function blocksOf(message: { blocks?: unknown[] } | undefined, type: string): Record<string, any>[] {
  return ((message?.blocks ?? []) as Record<string, any>[]).filter((b) => b.type === type);
}
