/**
 * Chart uploads with both undici majors loaded, the hoisted 7.x first — as in `npm start`, where the Slack modules
 * (whose @slack/socket-mode peer is undici 7) load before discord.js and undici 7 takes the global dispatcher.
 * discord.js's REST client as marketdesk builds it uploads a file; a REST client left on the global dispatcher
 * fails the way the product did. The whole-product version of this is test/e2e (Slack and Discord in one process).
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-server.js';

// The hoisted undici (7.x) loads before discord.js — static imports would run discord.js first, hence the dynamic
// ones below — and installs its global dispatcher, as in `npm start`.
const hoisted = createRequire(import.meta.url)('undici') as { getGlobalDispatcher(): object; Agent: new () => object };
const { REST, Routes } = await import('discord.js');
const { createDiscordClient } = await import('../../../src/adapters/discord/create-discord-client.js');
const { restUndici } = await import('../../../src/adapters/discord/create-rest-agent.js');
type Rest = InstanceType<typeof REST>;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);

let discord: FakeDiscord;
beforeAll(async () => {
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await discord.close();
});

const upload = (rest: Rest) => rest.post(Routes.channelMessages(discord.channelId), { body: { content: 'chart' }, files: [{ name: 'chart.png', data: PNG, contentType: 'image/png' }] }) as Promise<{ attachments: { id: string }[] }>;

describe('discord REST dispatcher with two undici majors in the process', () => {
  it('the global dispatcher is the hoisted undici 7 one (the situation npm start is in)', () => {
    expect(hoisted.getGlobalDispatcher()).toBeInstanceOf(hoisted.Agent);
    expect(restUndici().Agent).not.toBe(hoisted.Agent);
  });

  it("marketdesk's client uploads a chart through its own undici's Agent", async () => {
    const client = createDiscordClient({ apiBase: discord.apiUrl });
    client.rest.setToken(discord.token);
    try {
      expect(client.rest.agent).toBeInstanceOf(restUndici().Agent);
      const message = await upload(client.rest);
      expect(message.attachments).toHaveLength(1);
      expect(discord.fileBytes(message.attachments[0].id)).toEqual(PNG);
    } finally {
      await client.destroy();
    }
  });

  // The control: proves this process reproduces the failure. If it ever passes, the undici that discord.js uses
  // accepts the FormData again and src/adapters/discord/create-rest-agent.ts can go.
  it('a REST client on the global dispatcher fails the upload (TypeError: action is not a function)', async () => {
    const rest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
    await expect(upload(rest)).rejects.toThrow(/action is not a function/);
  });
});
