/**
 * /watch, /digest, /alert and the "Add to watchlist" button through Discord: the app as `npm start` composes it
 * (createApp + startSurfaces, offline), the real discord.js client against the fake Discord (gateway + REST); the
 * digest and an alert are posted as runs — a message, a thread, the live status, the answer with the chart.
 */
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { startSurfaces, type RunningSurfaces } from '../../src/app/start-surfaces.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startFakeDiscord, type ApiMessage, type FakeDiscord } from '../fakes/discord-server.js';
import { PERMISSIONS } from '../fakes/discord-fixtures.js';
import { isDiscordStatus } from '../e2e/helpers/surface-checks.js';
import { tempDataDir } from '../adapters/discord/harness.js';
import { ny } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function stack() {
  const discord: FakeDiscord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
  const dataDir = await tempDataDir();
  let now = ny('2026-05-15', '12:00');
  const app = createApp(
    loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, PORT: '0', WATCH_TICK_MS: '0', LOG_LEVEL: 'silent' }),
    { logger: silentLogger },
  );
  const surfaces: RunningSurfaces = await startSurfaces(app, { watchNow: () => now });
  cleanup = async () => {
    await surfaces.stop();
    await discord.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  /** Runs `/<name> <sub> [option…]` and returns its ephemeral reply once edited in. */
  const command = async (name: string, sub: string, options: Record<string, string> = {}, memberPermissions?: bigint) => {
    const record = discord.sendSlashCommand({ name, options: [{ name: sub, type: 1, options: Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v })) }], ...(memberPermissions !== undefined ? { memberPermissions } : {}) });
    const reply = await discord.waitFor(() => {
      const m = record.originalMessageId ? discord.message(record.originalMessageId) : undefined;
      return m && m.content ? m : undefined;
    }, 10_000, `reply to /${name} ${sub}`);
    expect(record.ephemeral).toBe(true);
    return reply.content;
  };
  const bot = (channelId: string) => discord.messagesIn(channelId).filter((m) => m.author.id === discord.botUser.id);
  /** Waits for a root post starting with `prefix` in the channel, then for its thread's final status and answer with a chart. */
  const posted = async (prefix: string) => {
    const root = await discord.waitFor(() => bot(discord.channelId).find((m) => m.content.startsWith(prefix)), 20_000, `root "${prefix}"`);
    await discord.waitFor(() => bot(root.id).find((m) => m.attachments.length > 0), 30_000, 'answer with chart in the thread');
    const status = await discord.waitFor(() => bot(root.id).find((m) => isDiscordStatus(m) && /Done/.test(m.content)), 10_000, 'final status');
    // The answer may be one Components V2 card or text and chart messages (issue 18): read them as one.
    const parts = bot(root.id).filter((m) => m !== status && BigInt(m.id) > BigInt(status.id));
    const answer = { content: parts.map(textOf).join('\n'), attachments: parts.flatMap((m) => m.attachments), components: parts.flatMap((m) => m.components) };
    return { root, answer, status };
  };
  return { app, surfaces, discord, command, posted, bot, setNow: (t: number) => (now = t) };
}

/** A message's text: its content, or the text displays of a Components V2 card. */
function textOf(m: ApiMessage): string {
  const texts: string[] = [m.content];
  const walk = (c: { type?: number; content?: string; components?: unknown[] }) => {
    if (c.type === 10 && c.content) texts.push(c.content);
    for (const child of (c.components ?? []) as typeof c[]) walk(child);
  };
  for (const c of m.components as { type?: number }[]) walk(c);
  return texts.filter(Boolean).join('\n');
}

/** Every button of a message, in rows or inside a V2 container. */
function buttonsOf(m: ApiMessage): { custom_id: string; label: string }[] {
  const out: { custom_id: string; label: string }[] = [];
  const walk = (c: { type?: number; custom_id?: string; label?: string; components?: unknown[] }) => {
    if (c.type === 2 && c.custom_id) out.push({ custom_id: c.custom_id, label: c.label ?? '' });
    for (const child of (c.components ?? []) as typeof c[]) walk(child);
  };
  for (const c of m.components as { type?: number }[]) walk(c);
  return out;
}

const isPng = (bytes: Buffer | undefined) => Boolean(bytes && bytes.subarray(1, 4).toString() === 'PNG');

describe('watch commands on Discord (real discord.js, fake Discord, real pipeline)', () => {
  it('subcommands manage the channel (posting permission required); digest now and an alert are posted as runs with a chart', async () => {
    const s = await stack();
    expect(await s.command('watch', 'add', { symbols: 'NVDA AMD ZZZQ' })).toMatch(/Added NVDA, AMD\.[\s\S]*Refused ZZZQ/);
    const noPost = ((1n << 41n) - 1n) & ~PERMISSIONS.SendMessages & ~(1n << 3n); // no Send Messages, not an Administrator
    expect(await s.command('watch', 'remove', { symbols: 'AMD' }, noPost)).toBe('Only people who can post in this channel can change its watchlist, digest or alerts.');
    expect(await s.command('watch', 'list', {}, noPost)).toBe('This channel watches NVDA, AMD (2/25).');
    expect(await s.command('digest', 'daily', { time: '9:30', timezone: 'Europe/Paris' })).toBe('Daily digest on: 09:30 Europe/Paris, on NYSE trading days.');
    expect(await s.command('alert', 'add', { condition: 'NVDA crosses sma50' })).toMatch(/^Alert `[0-9a-f]{8}` set: NVDA crosses its 50-day SMA/);
    expect(await s.command('alert', 'list')).toMatch(/NVDA crosses its 50-day SMA — by \d+, fired 0×/);

    expect(await s.command('digest', 'now')).toBe('Posting the digest for 2026-05-14 (NVDA, AMD).');
    const digest = await s.posted('📊 **Watchlist digest for 2026-05-14');
    expect(digest.answer.content).toContain('Watchlist digest for 2026-05-14');
    expect(digest.answer.content).toMatch(/NVDA[\s\S]*AMD/);
    expect(isPng(s.discord.fileBytes(digest.answer.attachments[0].id))).toBe(true);
    expect(JSON.stringify(digest.answer.components)).not.toContain('mdw:add'); // no Add button on a digest

    await s.surfaces.watch.store.addAlert({ id: 'amd70', channel: { platform: 'discord', team: s.discord.state.guildId, channel: s.discord.channelId }, symbol: 'AMD', condition: { metric: 'rsi', direction: 'above', threshold: 70 }, createdBy: 'trader', createdAt: '2026-05-01T00:00:00Z', lastSide: 'below', lastDate: '2026-05-04', firedCount: 0 });
    s.setNow(ny('2026-05-05', '18:00'));
    const tick = await s.surfaces.watch.scheduler.tick();
    expect(tick.alerts).toEqual(['alert:amd70:2026-05-05']);
    const alert = await s.posted('📊 **Alert: AMD RSI(14) above 70');
    expect(alert.answer.content).toMatch(/RSI\(14\) was 72\.54 on 2026-05-05/);
    expect(isPng(s.discord.fileBytes(alert.answer.attachments[0].id))).toBe(true);
  }, 90_000);

  it('the Add to watchlist button under an answer adds its tickers to the channel', async () => {
    const s = await stack();
    const record = s.discord.sendSlashCommand({ question: 'How has AAPL done over the past month?' });
    const threadId = await s.discord.waitFor(() => record.originalMessageId && s.discord.state.isThread(record.originalMessageId) && record.originalMessageId, 10_000, 'thread');
    const answer: ApiMessage = await s.discord.waitFor(() => s.bot(threadId).find((m) => JSON.stringify(m.components).includes('mdw:add:')), 30_000, 'answer with the button');
    const button = buttonsOf(answer).find((b) => b.custom_id.startsWith('mdw:add:'))!;
    expect(button).toMatchObject({ custom_id: 'mdw:add:AAPL', label: 'Add AAPL to watchlist' });
    const click = s.discord.clickButton({ customId: button.custom_id, messageId: answer.id });
    const reply = await s.discord.waitFor(() => {
      const m = click.originalMessageId ? s.discord.message(click.originalMessageId) : undefined;
      return m && m.content ? m : undefined;
    }, 10_000, 'click reply');
    expect(reply.content).toContain('Added AAPL.');
    expect(await s.surfaces.watch.store.getWatchlist(`discord:${s.discord.state.guildId}:${s.discord.channelId}`)).toEqual(['AAPL']);
  }, 60_000);
});
