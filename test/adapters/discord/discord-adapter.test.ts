/**
 * The Discord adapter end to end: the real discord.js client against the fake Discord on 127.0.0.1, following runs
 * from a scripted RunApi over a real event log (exact control of timing: hold a run to cancel it, make a step fail).
 * The real pipeline is exercised in discord-pipeline.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../../src/pipeline/index.js';
import { parseRunButtonId } from '../../../src/adapters/discord/run-buttons.js';
import type { ApiMessage } from '../../fakes/discord-server.js';
import { createScriptedRuns, seedScript, type ScriptedRuns } from './scripted-runs.js';
import { errorLogs, startHarness, tempDataDir, type Harness } from './harness.js';
import { isDiscordStatus } from '../../e2e/helpers/surface-checks.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(scriptOptions: Parameters<typeof seedScript>[0] = {}, harness: { editIntervalMs?: number } = {}): Promise<{ h: Harness; runs: ScriptedRuns }> {
  const dataDir = await tempDataDir();
  const runs = createScriptedRuns(seedScript(scriptOptions));
  h = await startHarness({ runs, dataDir, ...harness });
  return { h, runs };
}

const botMessages = (h: Harness, channelId: string) => h.discord.messagesIn(channelId).filter((m) => m.author.id === h.discord.botUser.id);
const statusOf = (h: Harness, threadId: string) => botMessages(h, threadId).find(isDiscordStatus);
const buttonIds = (m: ApiMessage) => m.components.flatMap((row) => (row.components as { custom_id: string; disabled?: boolean; label: string }[]).map((b) => ({ id: b.custom_id, disabled: b.disabled ?? false, label: b.label })));
const waitForChartAnswer = (h: Harness, threadId: string) =>
  h.discord.waitFor(() => botMessages(h, threadId).find((m) => m.attachments.length > 0), 15_000, 'the answer with the chart');

describe('discord adapter', () => {
  it('/analyze: defers first, names the question, opens a thread, edits the status, posts the answer with the chart', async () => {
    const { h, runs } = await setup();
    const record = h.discord.sendSlashCommand({ question: SEED });
    const threadId = await h.discord.waitFor(() => record.originalMessageId && h.discord.state.isThread(record.originalMessageId) && record.originalMessageId, 10_000, 'the thread');

    // The first thing the bot did with the interaction was a type-5 defer, well inside 3 s.
    const first = h.discord.calls.find((c) => c.path.includes(record.id));
    expect(first?.route).toBe('POST /interactions/:id/:token/callback');
    expect(first?.body.type).toBe(5);
    expect(record.respondedAt! - record.createdAt).toBeLessThan(3000);
    expect(h.discord.message(threadId)?.content).toContain('How has NVDA performed relative to the semiconductor sector');

    const answer = await waitForChartAnswer(h, threadId);
    expect(answer.content).toContain('NVDA rose 12.3%');
    expect(answer.attachments[0].filename).toBe('chart.png');
    expect(h.discord.fileBytes(answer.attachments[0].id)?.subarray(0, 4)).toEqual(PNG_SIGNATURE);
    expect(answer.embeds[0].image).toMatchObject({ url: answer.attachments[0].url });
    const upload = h.discord.calls.find((c) => c.route === 'POST /channels/:id/messages' && c.files.length > 0);
    expect((upload?.body.embeds as { image: { url: string } }[])[0].image.url).toBe('attachment://chart.png');

    // The status message (first in the thread) ends showing every step done, with the Cancel button disabled.
    const status = await h.discord.waitFor(() => {
      const m = statusOf(h, threadId);
      return m && m.content.includes('Done') && m;
    }, 10_000, 'final status');
    expect(botMessages(h, threadId)[0].id).toBe(status.id);
    expect(status.flags & 4096).toBe(4096); // @silent: the answer is the notification
    expect(answer.flags & 4096).toBe(0);
    expect(status.content.match(/✅/g)?.length).toBeGreaterThanOrEqual(6);
    expect(status.content).toContain('Rendering the chart');
    expect(buttonIds(status)).toEqual([{ id: expect.stringMatching(/^md:cancel:/), disabled: true, label: 'Cancel' }]);
    // Status edits went through the bot token (channel route), never the interaction webhook.
    expect(h.discord.callsTo('PATCH /channels/:id/messages/:id').length).toBeGreaterThanOrEqual(1);
    expect(h.discord.callsTo('PATCH /webhooks/:id/:token/messages/@original')).toHaveLength(1);

    expect(runs.started[0].source).toEqual({ platform: 'discord', team: h.discord.state.guildId, channel: h.discord.channelId, thread: threadId, user: record.user.id, eventId: record.id });
    expect(errorLogs(h.logs)).toEqual([]);
  });

  it('mention: starts a thread on the message; a mention in that thread is a follow-up that inherits context', async () => {
    const { h, runs } = await setup();
    const bot = `<@${h.discord.botUser.id}>`;
    const asked = h.discord.postUserMessage({ content: `${bot} how is AMD doing vs SOX?` });
    const answer = await waitForChartAnswer(h, asked.id);
    expect(h.discord.state.channels.get(asked.id)?.parent_id).toBe(h.discord.channelId);
    expect(runs.started[0].question).toBe('how is AMD doing vs SOX?');
    expect(answer.content).toContain('how is AMD doing vs SOX?');

    const follow = h.discord.postUserMessage({ content: `${bot} and MU?`, channelId: asked.id });
    await h.discord.waitFor(() => botMessages(h, asked.id).filter((m) => m.attachments.length > 0).length === 2 || undefined, 15_000, 'the follow-up answer');
    expect(h.discord.state.threads()).toHaveLength(1);
    const second = runs.started[1];
    expect(second.question).toBe('and MU?');
    expect(second.source).toMatchObject({ channel: h.discord.channelId, thread: asked.id, eventId: follow.id });
    const firstRunId = (await runs.listRuns(10)).map((r) => r.runId).at(-1);
    expect(second.context).toMatchObject({ previousRunId: firstRunId, inherit: { tickers: ['NVDA'], benchmark: '^SOX', intent: 'compare', period: { label: 'past quarter' } } });
    // Messages that do not mention the bot, and the bot's own messages, start nothing.
    h.discord.postUserMessage({ content: 'just chatting', channelId: asked.id });
    await new Promise((r) => setTimeout(r, 200));
    expect(runs.started).toHaveLength(2);
  });

  it('keeps status edits at most one per interval and coalesces bursts', async () => {
    const { h } = await setup({ stepDelayMs: 250 }, { editIntervalMs: 600 });
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX` });
    await waitForChartAnswer(h, asked.id);
    await h.discord.waitFor(() => statusOf(h, asked.id)?.content.includes('Done'), 5000, 'final status');
    const edits = h.discord.callsTo('PATCH /channels/:id/messages/:id').filter((c) => c.status === 200);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < edits.length; i++) expect(edits[i].at - edits[i - 1].at).toBeGreaterThanOrEqual(590);
    // ~20 events arrived; far fewer edits were sent.
    const session = [...h.adapter.sessions.values()][0];
    expect(session.edits.coalesced).toBeGreaterThan(0);
  });

  it('429 on status edits: stale states are dropped, the final status and the answer still arrive', async () => {
    const { h } = await setup({ stepDelayMs: 300 }, { editIntervalMs: 300 });
    h.discord.rateLimitNext('PATCH /channels/:id/messages/:id', 2, 1);
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX` });
    const answer = await waitForChartAnswer(h, asked.id);
    expect(answer.content).toContain('NVDA rose');
    await h.discord.waitFor(() => statusOf(h, asked.id)?.content.includes('Done'), 10_000, 'final status after 429s');
    expect(h.discord.limits.sent429.get('PATCH /channels/:id/messages/:id')).toBe(2);
    // Each 429 was followed by waiting at least retry_after before the next edit.
    const edits = h.discord.callsTo('PATCH /channels/:id/messages/:id');
    const limited = edits.findIndex((c) => c.status === 429);
    expect(edits[limited + 1].at - edits[limited].at).toBeGreaterThanOrEqual(950);
  });

  it('a failing tool shows in the status checklist', async () => {
    const { h } = await setup({ failChart: true });
    const record = h.discord.sendSlashCommand({ question: 'NVDA technicals' });
    const status = await h.discord.waitFor(() => {
      const thread = record.originalMessageId;
      const m = thread ? statusOf(h, thread) : undefined;
      return m && m.content.includes('Done') && m;
    }, 10_000, 'final status');
    expect(status.content).toMatch(/❌ Rendering the chart · attempt 2 — injected fault: render\\_chart failed/);
    const answer = botMessages(h, record.originalMessageId!).at(-1)!;
    expect(answer.attachments).toHaveLength(0);
    expect(answer.content).toContain('NVDA rose');
  });

  it('Cancel stops the run (click answered with a deferred update); Retry starts it again in the thread', async () => {
    const { h, runs } = await setup({ holdMs: 60_000 });
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX` });
    const status = await h.discord.waitFor(() => statusOf(h, asked.id), 10_000, 'status message');
    const cancel = buttonIds(status)[0];
    expect(cancel).toMatchObject({ disabled: false, label: 'Cancel' });
    const runId = parseRunButtonId(cancel.id)!.runId;

    const clicker = h.discord.user('risk-manager');
    const click = h.discord.clickButton({ customId: cancel.id, messageId: status.id, user: clicker });
    await h.discord.waitFor(() => click.responseType, 5000, 'click ack');
    expect(click.responseType).toBe(6);
    expect(click.respondedAt! - click.createdAt).toBeLessThan(3000);
    const cancelled = await h.discord.waitFor(() => {
      const m = h.discord.message(status.id)!;
      return m.content.includes('Cancelled') && m;
    }, 5000, 'cancelled status');
    expect(cancelled.content).toContain(`Cancelled by <@${clicker.id}>`);
    expect((await runs.getRun(runId))?.cancelledBy).toBe(`discord:${clicker.id}`);
    const buttons = buttonIds(cancelled);
    expect(buttons).toEqual([
      { id: `md:cancel:${runId}`, disabled: true, label: 'Cancel' },
      { id: `md:retry:${runId}`, disabled: false, label: 'Retry' },
    ]);
    expect(botMessages(h, asked.id)).toHaveLength(1); // no answer after a cancel

    // A second Cancel click gets an ephemeral "already finished".
    const again = h.discord.clickButton({ customId: cancel.id, messageId: status.id });
    await h.discord.waitFor(() => again.responseType, 5000, 'second click ack');
    expect(again.responseType).toBe(4);
    expect(h.discord.message(again.originalMessageId!)?.flags).toBe(64);

    const retry = h.discord.clickButton({ customId: `md:retry:${runId}`, messageId: status.id, user: clicker });
    await h.discord.waitFor(() => runs.started.length === 2 || undefined, 5000, 'retry run');
    expect(retry.responseType).toBe(6);
    expect(runs.started[1]).toMatchObject({ question: 'NVDA vs SOX', source: { thread: asked.id, user: clicker.id, eventId: retry.id } });
    await h.discord.waitFor(() => statusOf(h, asked.id) && botMessages(h, asked.id).length === 2 || undefined, 5000, 'second status message');
    await h.discord.waitFor(() => buttonIds(h.discord.message(status.id)!).find((b) => b.label === 'Retried')?.disabled, 5000, 'Retry disabled');
    // Cancel the retried run too so the test ends promptly.
    expect(await runs.cancelRun((await runs.listRuns(1))[0].runId, 'test')).toBe(true);
  });

  it('/analyze inside a thread is a follow-up there (no new thread, context inherited)', async () => {
    const { h, runs } = await setup();
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX` });
    await waitForChartAnswer(h, asked.id);
    const record = h.discord.sendSlashCommand({ question: 'and AMD?', channelId: asked.id });
    await h.discord.waitFor(() => botMessages(h, asked.id).filter((m) => m.attachments.length > 0).length === 2 || undefined, 15_000, 'second answer');
    expect(h.discord.state.threads()).toHaveLength(1);
    expect(record.responseType).toBe(5);
    expect(runs.started[1]).toMatchObject({ question: 'and AMD?', source: { channel: h.discord.channelId, thread: asked.id }, context: { inherit: { benchmark: '^SOX' } } });
  });

  it('a failed run gets an actionable message and a Retry button', async () => {
    const { h } = await setup({ failWith: { code: 'unknown_symbol', message: 'No symbol matches ZZZZ.' } });
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> how is ZZZZ doing?` });
    const failure = await h.discord.waitFor(() => botMessages(h, asked.id).find((m) => m.components.length === 0), 10_000, 'failure message');
    expect(failure.content).toBe("🔍 I don't have data. No symbol matches ZZZZ.");
    const status = await h.discord.waitFor(() => {
      const m = statusOf(h, asked.id);
      return m?.content.includes('Failed') && m;
    }, 5000, 'failed status');
    expect(status.content).toContain('❌ Fetching NVDA daily prices — No symbol matches ZZZZ.');
    expect(buttonIds(status).map((b) => [b.label, b.disabled])).toEqual([
      ['Cancel', true],
      ['Retry', false],
    ]);
  });

  it('a long answer is split into messages under 2000 characters, the chart on the last one', async () => {
    const answer = Array.from({ length: 60 }, (_, i) => `Line ${i}: NVDA closed at ${100 + i}.00 on day ${i} of the window, see the table.`).join('\n\n');
    const { h } = await setup({ answer });
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX` });
    const last = await waitForChartAnswer(h, asked.id);
    const parts = botMessages(h, asked.id).slice(1);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.at(-1)!.id).toBe(last.id);
    for (const part of parts) expect(part.content.length).toBeLessThanOrEqual(2000);
    const text = parts.map((p) => p.content).join('\n');
    for (let i = 0; i < 60; i++) expect(text).toContain(`Line ${i}: NVDA closed at ${100 + i}.00`);
  });

  it('stop() lets a run in flight finish and post its answer, and takes no new work', async () => {
    const { h, runs } = await setup({ stepDelayMs: 100 });
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX` });
    await h.discord.waitFor(() => statusOf(h, asked.id), 5000, 'status message');
    await h.adapter.stop();
    expect(botMessages(h, asked.id).some((m) => m.attachments.length > 0)).toBe(true);
    h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> and AMD?`, channelId: asked.id });
    await new Promise((r) => setTimeout(r, 200));
    expect(runs.started).toHaveLength(1);
  });

  it('bad input gets a clear reply and starts nothing', async () => {
    const { h, runs } = await setup();
    const empty = h.discord.sendSlashCommand({ question: '   ' });
    await h.discord.waitFor(() => empty.responseType, 5000, 'reply to empty question');
    expect(empty.responseType).toBe(4);
    const reply = h.discord.message(empty.originalMessageId!)!;
    expect(reply.flags).toBe(64);
    expect(reply.content).toContain('Your question is empty');

    const long = h.discord.sendSlashCommand({ question: 'x'.repeat(MAX_QUESTION_CHARS + 300) });
    await h.discord.waitFor(() => long.responseType, 5000, 'reply to long question');
    expect(h.discord.message(long.originalMessageId!)!.content).toContain('too long');

    const missing = h.discord.sendSlashCommand({ options: [] });
    await h.discord.waitFor(() => missing.responseType, 5000, 'reply to a missing option');
    expect(h.discord.message(missing.originalMessageId!)!.content).toContain('Type a question');

    const bare = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}>` });
    const usage = await h.discord.waitFor(() => botMessages(h, h.discord.channelId).find((m) => m.message_reference?.message_id === bare.id), 5000, 'usage reply');
    expect(usage.content).toContain('/analyze');

    // Someone else's component, and a tampered custom id, are ignored (no ack from us).
    const foreign = h.discord.clickButton({ customId: 'other-app:do-thing', messageId: usage.id });
    const tampered = h.discord.clickButton({ customId: 'md:cancel:../../etc', messageId: usage.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(foreign.responseType).toBeUndefined();
    expect(tampered.responseType).toBeUndefined();
    expect(runs.started).toHaveLength(0);
  });

  it('missing permissions get a clear reply, not silence', async () => {
    const { h, runs } = await setup();
    const locked = h.discord.state.addTextChannel('locked');
    h.discord.deny(locked.id, ['CreatePublicThreads']);
    // The channel was created after GUILD_CREATE: tell the client like Discord would.
    h.discord.gateway.dispatch('CHANNEL_CREATE', locked);
    await new Promise((r) => setTimeout(r, 100));

    const slash = h.discord.sendSlashCommand({ question: 'NVDA vs SOX', channelId: locked.id });
    await h.discord.waitFor(() => slash.responseType, 5000, 'permission reply');
    const reply = h.discord.message(slash.originalMessageId!)!;
    expect(reply.flags).toBe(64);
    expect(reply.content).toContain('**Create Public Threads**');

    const mention = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX`, channelId: locked.id });
    const told = await h.discord.waitFor(() => botMessages(h, locked.id).find((m) => m.message_reference?.message_id === mention.id), 5000, 'mention permission reply');
    expect(told.content).toContain('Create Public Threads');

    // Cannot even post in the channel: the author gets a DM.
    const mute = h.discord.state.addTextChannel('read-only');
    h.discord.deny(mute.id, ['SendMessages', 'SendMessagesInThreads']);
    h.discord.gateway.dispatch('CHANNEL_CREATE', mute);
    await new Promise((r) => setTimeout(r, 100));
    h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> NVDA vs SOX`, channelId: mute.id });
    const dm = await h.discord.waitFor(() => [...h.discord.state.messages.values()].find((m) => h.discord.state.channels.get(m.channel_id)?.type === 1), 5000, 'DM');
    expect(dm.content).toContain('Send Messages in Threads');
    expect(runs.started).toHaveLength(0);
  });
});
