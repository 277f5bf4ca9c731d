/**
 * Issue 18 on Discord, through the real discord.js client and the real offline pipeline (composed as `npm start`
 * does) against the fake Discord: replies to the bot start follow-ups when routing reads a question (no Message
 * Content intent: a reply that pings the bot carries its text), suggested-question buttons, and chart controls that
 * replace the chart in the same message after a deferred update.
 */
// The app (and vega-lite) before discord.js, as in `npm start` (see discord-pipeline.test.ts).
import { createApp } from '../../../src/app/create-app.js';
import { startSurfaces } from '../../../src/app/start-surfaces.js';
import { loadConfig } from '../../../src/config.js';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunApi, RunState } from '../../../src/pipeline/index.js';
import { startFakeDiscord, type ApiMessage, type FakeDiscord } from '../../fakes/discord-server.js';
import { captureLogs, errorLogs, tempDataDir } from './harness.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

let discord: FakeDiscord;
let runs: RunApi;
let stop: () => Promise<void>;
let logs: Record<string, unknown>[];
let thread: string;

type Button = { type: number; custom_id: string; label: string; style: number };
const buttons = (m: ApiMessage) => (m.components as { components: Button[] }[]).flatMap((row) => row.components);
const bot = () => discord.messagesIn(thread).filter((m) => m.author.id === discord.botUser.id);
const chartMessages = () => bot().filter((m) => buttons(m).some((b) => b.custom_id.startsWith('md:chart:')));
const answerMessages = () => bot().filter((m) => buttons(m).some((b) => b.custom_id.startsWith('md:next:')));
const runsInThread = async () => {
  const states = await Promise.all((await runs.listRuns(100)).map((r) => runs.getRun(r.runId)));
  return states.filter((s): s is RunState => s?.source?.thread === thread);
};
const allDone = async (n: number) => {
  const states = await runsInThread();
  return states.length === n && states.every((s) => s.done);
};

beforeAll(async () => {
  discord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
  const dataDir = await tempDataDir();
  const captured = captureLogs();
  logs = captured.logs;
  const app = createApp(loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, PORT: '0' }), { logger: captured.logger });
  runs = app.pipeline;
  const surfaces = await startSurfaces(app);
  stop = async () => {
    await surfaces.stop();
    await discord.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  const asked = discord.postUserMessage({ content: `<@${discord.botUser.id}> ${SEED}` });
  thread = asked.id;
  await discord.waitFor(() => chartMessages().length === 2 && answerMessages().length === 1, 30_000, 'the seed answer and its two charts');
}, 60_000);

afterAll(async () => {
  await stop?.();
});

describe('the answer', () => {
  it('carries suggestion buttons; each chart is its own message with 1M…5Y and a benchmark swap', () => {
    const answerButtons = buttons(answerMessages()[0]);
    expect(answerButtons.filter((b) => b.custom_id.startsWith('md:next:')).map((b) => b.label)).toEqual(['Add AMD', 'Past year', 'vs SPY']);
    // The watchlist button (issue 17) has its own row beside the suggestions.
    expect(answerButtons.some((b) => b.custom_id.startsWith('mdw:add:'))).toBe(true);
    for (const message of chartMessages()) {
      expect(message.attachments).toHaveLength(1);
      expect(buttons(message).map((b) => b.label)).toEqual(['1M', '3M', 'YTD', '1Y', '5Y', 'vs SPY']);
    }
  });
});

describe('chart controls', () => {
  it('a 5Y click is deferred first, then the chart is replaced in the same message; no run starts', async () => {
    const message = chartMessages()[0];
    const before = message.attachments[0];
    const runsBefore = (await runs.listRuns(100)).length;
    const fiveY = buttons(message).find((b) => b.label === '5Y')!;
    const record = discord.clickButton({ customId: fiveY.custom_id, messageId: message.id });
    await discord.waitFor(() => record.responseType !== undefined, 5000, 'the click acknowledged');
    expect(record.responseType).toBe(6); // DEFERRED_UPDATE_MESSAGE
    await discord.waitFor(() => discord.message(message.id)!.attachments[0]?.id !== before.id && discord.message(message.id)!.attachments[0], 20_000, 'the chart replaced');
    const after = discord.message(message.id)!;
    expect(after.attachments).toHaveLength(1);
    expect(discord.fileBytes(after.attachments[0].id)?.subarray(1, 4).toString()).toBe('PNG');
    expect(discord.fileBytes(after.attachments[0].id)?.equals(discord.fileBytes(before.id)!)).toBe(false);
    const embed = after.embeds[0] as { footer?: { text: string }; image?: { url: string } };
    expect(embed.footer?.text).toMatch(/^past 5 years \(2021-05-15 → 2026-05-15\)$/);
    expect(embed.image?.url).toBe(after.attachments[0].url);
    expect(buttons(after).find((b) => b.label === '5Y')?.style).toBe(1); // Primary: the window shown
    expect((await runs.listRuns(100)).length).toBe(runsBefore);
  }, 30_000);

  it('a control for a run it no longer knows is acknowledged and explained, privately', async () => {
    const message = chartMessages()[1];
    const record = discord.clickButton({ customId: 'md:chart:unknownrun:0:1Y:-', messageId: message.id });
    await discord.waitFor(() => record.responseType !== undefined, 5000, 'the click acknowledged');
    const notice = await discord.waitFor(() => [...discord.state.messages.values()].find((m) => m.content.includes("don't have that chart")), 5000, 'the ephemeral notice');
    expect(notice.flags & 64).toBe(64); // EPHEMERAL
    expect(discord.message(message.id)!.edited_timestamp).toBeNull();
  });
});

describe('follow-ups', () => {
  it('a reply to the bot that routes as a question starts a follow-up; "thanks!" does not', async () => {
    const answer = answerMessages()[0];
    discord.postUserMessage({ content: 'thanks!', channelId: thread, replyTo: answer.id });
    discord.postUserMessage({ content: 'what about AMD?', channelId: thread, replyTo: answer.id });
    await expect.poll(() => allDone(2), { timeout: 30_000, interval: 100 }).toBe(true);
    const states = await runsInThread();
    const follow = states.find((s) => s.question === 'what about AMD?')!;
    expect(follow.entities?.tickers).toEqual(['AMD']);
    expect(follow.entities?.period.label).toBe('past quarter');
    expect(states.some((s) => s.question === 'thanks!')).toBe(false);
  }, 45_000);

  it('a suggestion click is deferred and starts that follow-up once', async () => {
    const answer = answerMessages()[0];
    const add = buttons(answer).find((b) => b.label === 'Add AMD')!;
    const first = discord.clickButton({ customId: add.custom_id, messageId: answer.id });
    discord.clickButton({ customId: add.custom_id, messageId: answer.id });
    await discord.waitFor(() => first.responseType !== undefined, 5000, 'the click acknowledged');
    expect(first.responseType).toBe(6);
    await expect.poll(() => allDone(3), { timeout: 30_000, interval: 100 }).toBe(true);
    const added = (await runsInThread()).filter((s) => s.question.startsWith('Compare NVDA, AMD'));
    expect(added).toHaveLength(1);
    expect(added[0].entities?.tickers).toEqual(['NVDA', 'AMD']);
    expect(added[0].status).toBe('completed');
    expect(errorLogs(logs)).toEqual([]);
  }, 45_000);
});

describe('Components V2: one card when the answer has one chart', () => {
  const V2 = 1 << 15;
  type Component = { type: number; content?: string; items?: { media: { url: string } }[]; components?: Component[]; custom_id?: string; label?: string; style?: number };
  const inner = (m: ApiMessage) => ((m.components[0] as Component).components ?? []) as Component[];
  const cardButtons = (m: ApiMessage) => inner(m).filter((c) => c.type === 1).flatMap((row) => row.components ?? []);

  it('text, the chart in a media gallery and the buttons in one container; a 1Y click rebuilds the card in place', async () => {
    const asked = discord.postUserMessage({ content: `<@${discord.botUser.id}> AAPL technicals YTD` });
    const card = await discord.waitFor(() => discord.messagesIn(asked.id).find((m) => m.author.id === discord.botUser.id && m.flags & V2), 30_000, 'the answer card');
    expect(card.content).toBe('');
    expect(card.embeds).toHaveLength(0);
    expect((card.components[0] as Component).type).toBe(17);
    const text = inner(card).find((c) => c.type === 10)!.content!;
    expect(text).toContain('AAPL');
    const gallery = inner(card).find((c) => c.type === 12)!;
    expect(card.attachments).toHaveLength(1);
    expect(gallery.items![0].media.url).toBe(card.attachments[0].url);
    expect(cardButtons(card).map((b) => b.label)).toEqual(expect.arrayContaining(['1M', '3M', 'YTD', '1Y', '5Y', 'vs SPY']));
    expect(cardButtons(card).some((b) => b.custom_id?.startsWith('md:next:'))).toBe(true);

    const before = card.attachments[0].id;
    const oneYear = cardButtons(card).find((b) => b.label === '1Y')!;
    const record = discord.clickButton({ customId: oneYear.custom_id!, messageId: card.id });
    await discord.waitFor(() => record.responseType === 6 && discord.message(card.id)!.attachments[0]?.id !== before, 20_000, 'the card rebuilt');
    const after = discord.message(card.id)!;
    expect(after.flags & V2).toBe(V2);
    expect(after.attachments).toHaveLength(1);
    expect(inner(after).find((c) => c.type === 10)!.content).toBe(text);
    expect(inner(after).find((c) => c.type === 12)!.items![0].media.url).toBe(after.attachments[0].url);
    expect(inner(after).some((c) => c.type === 10 && /past year \(2025-05-15 → 2026-05-15\)/.test(c.content ?? ''))).toBe(true);
    expect(cardButtons(after).find((b) => b.label === '1Y')?.style).toBe(1);
  }, 45_000);

  it('when the card is refused, the answer comes as content + attachment', async () => {
    discord.state.refuseComponentsV2 = true;
    try {
      const asked = discord.postUserMessage({ content: `<@${discord.botUser.id}> How has MSFT done YTD?` });
      const answer = await discord.waitFor(() => discord.messagesIn(asked.id).find((m) => m.author.id === discord.botUser.id && m.attachments.length > 0), 30_000, 'the classic answer');
      expect(answer.flags & V2).toBe(0);
      expect(discord.messagesIn(asked.id).some((m) => m.content.includes('MSFT'))).toBe(true);
    } finally {
      discord.state.refuseComponentsV2 = false;
    }
  }, 45_000);
});
