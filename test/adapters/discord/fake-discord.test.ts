/**
 * The fake Discord itself, driven by a bare discord.js client: login through /gateway/bot, READY + GUILD_CREATE,
 * heartbeats, an interaction answered with defer + edit, a thread and a multipart upload.
 */
import { AttachmentBuilder, Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-server.js';

let discord: FakeDiscord;
let client: Client;

beforeEach(async () => {
  discord = await startFakeDiscord({ heartbeatIntervalMs: 100 });
  client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: discord.apiUrl } });
});
afterEach(async () => {
  await client.destroy();
  await discord.close();
});

async function login(c = client, token = discord.token): Promise<void> {
  const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
  await c.login(token);
  await ready;
}

describe('fake discord', () => {
  it('lets discord.js log in, sends the guild, answers heartbeats', async () => {
    await login();
    expect(client.guilds.cache.get(discord.state.guildId)?.channels.cache.get(discord.channelId)?.name).toBe('general');
    await discord.waitFor(() => discord.gateway.heartbeats >= 2, 5000, 'heartbeats');
    expect(discord.gateway.intents).toBe((1 << 0) | (1 << 9));
    expect(discord.callsByRoute()['GET /gateway/bot']).toBe(1);
  });

  it('rejects a wrong token on REST with 401', async () => {
    const other = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    await expect(other.login('wrong-token')).rejects.toThrow(/invalid token/i);
    await other.destroy();
  });

  it('carries an interaction through defer, edit, thread, upload and a 429', async () => {
    const done = new Promise<string>((resolve, reject) => {
      client.on(Events.InteractionCreate, (interaction: Interaction) => {
        if (!interaction.isChatInputCommand()) return;
        (async () => {
          await interaction.deferReply();
          const reply = await interaction.editReply({ content: `q: ${interaction.options.getString('question')}` });
          const thread = await reply.startThread({ name: 'analysis' });
          const sent = await thread.send({ content: 'status' });
          await sent.edit({ content: 'status 2' });
          await thread.send({ files: [new AttachmentBuilder(Buffer.from('png!'), { name: 'chart.png' })], embeds: [{ image: { url: 'attachment://chart.png' } }] });
          resolve(thread.id);
        })().catch(reject);
      });
    });
    await login();
    discord.rateLimitNext('PATCH /channels/:id/messages/:id', 1, 1);
    const record = discord.sendSlashCommand({ question: 'NVDA vs SOX' });
    const threadId = await done;
    expect(record.responseType).toBe(5);
    const original = discord.message(record.originalMessageId!)!;
    expect(original.content).toBe('q: NVDA vs SOX');
    expect(threadId).toBe(original.id);
    const [status, chart] = discord.messagesIn(threadId);
    expect(status.content).toBe('status 2');
    expect(chart.attachments[0].filename).toBe('chart.png');
    expect(chart.embeds[0].image).toMatchObject({ url: chart.attachments[0].url });
    expect(discord.fileBytes(chart.attachments[0].id)?.toString()).toBe('png!');
    expect(discord.limits.sent429.get('PATCH /channels/:id/messages/:id')).toBe(1);
  });
});
