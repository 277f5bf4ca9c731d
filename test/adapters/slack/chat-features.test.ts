/**
 * Issue 18 on Slack, through the real Bolt app (HTTP mode, signed requests) and the real offline pipeline against
 * the fake Slack: follow-ups without a mention, suggested next questions, chart controls that replace the chart in
 * place, and the AI-app (assistant) surface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../../../src/pipeline/index.js';
import type { FakeMessage } from '../../fakes/slack-server.js';
import { chartFileIds } from '../../e2e/helpers/surface-checks.js';
import { blocksOf, type Harness } from './helpers/harness.js';
import { startRealSlackStack } from './helpers/real-stack.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
const CHANNEL = 'C0MARKETS';

let h: Harness;
let stack: Awaited<ReturnType<typeof startRealSlackStack>>;
let seedTs: string;

const answers = (ts: string, channel = CHANNEL) => h.fake.thread(channel, ts).filter((m) => blocksOf(m, 'context_actions').length > 0);
const chartMessages = (ts: string, channel = CHANNEL) => h.fake.thread(channel, ts).filter((m) => blocksOf(m, 'image').length > 0);
const runsInThread = async (ts: string) => {
  const states = await Promise.all((await stack.runs.listRuns(100)).map((r) => stack.runs.getRun(r.runId)));
  return states.filter((s): s is RunState => s?.source?.thread === ts);
};

beforeAll(async () => {
  stack = await startRealSlackStack();
  h = stack.harness;
  seedTs = (await h.slack.mention({ text: SEED })).ts;
  await h.fake.waitFor(() => answers(seedTs).length === 1 && chartMessages(seedTs).length === 2, 30_000, 'the seed answer and its two charts');
  await h.adapter.idle();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('answers carry suggested next questions and chart controls', () => {
  it('the answer has up to four suggestion buttons; each chart is an image block with 1M…5Y and a benchmark swap', () => {
    // The comparison table is a native table block in the answer (its text keeps the monospace fallback).
    const tables = h.fake.thread(CHANNEL, seedTs).flatMap((m) => blocksOf(m, 'table'));
    expect(tables).toHaveLength(1);
    expect(tables[0].rows[0].map((c: { text: string }) => c.text)[0]).toBe('Symbol');
    const answer = answers(seedTs)[0];
    const next = blocksOf(answer, 'actions').find((b) => b.block_id === 'marketdesk_next');
    expect(next).toBeDefined();
    expect(next!.elements.map((e: { text: { text: string } }) => e.text.text)).toEqual(['Add AMD', 'Past year', 'vs SPY']);
    for (const message of chartMessages(seedTs)) {
      const [image] = blocksOf(message, 'image');
      expect(h.fake.files.get(image.slack_file.id)?.bytes?.subarray(1, 4).toString()).toBe('PNG');
      expect(image.alt_text.length).toBeGreaterThan(10);
      const controls = blocksOf(message, 'actions')[0];
      expect(controls.elements.map((e: { text: { text: string } }) => e.text.text)).toEqual(['1M', '3M', 'YTD', '1Y', '5Y', 'vs SPY']);
    }
  });
});

describe('chart controls', () => {
  it('a 1Y click acks at once and replaces the chart in the same message, with no new run', async () => {
    const message = chartMessages(seedTs).find((m) => blocksOf(m, 'actions')[0].block_id.includes('chart_relative'))!;
    expect(message).toBeDefined();
    const before = blocksOf(message, 'image')[0].slack_file.id as string;
    const runsBefore = (await stack.runs.listRuns(100)).length;
    const button = blocksOf(message, 'actions')[0].elements.find((e: { text: { text: string } }) => e.text.text === '1Y');
    const res = await h.slack.click({ actionId: button.action_id, value: button.value, channel: CHANNEL, messageTs: message.ts, responseUrl: h.fake.responseUrl('chart'), blocks: message.blocks });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => message.edits > 0, 15_000, 'the chart message edited');
    const after = blocksOf(message, 'image')[0];
    expect(after.slack_file.id).not.toBe(before);
    expect(after.title.text).toContain('past year (2025-05-15 → 2026-05-15)');
    const bytes = h.fake.files.get(after.slack_file.id)?.bytes;
    expect(bytes?.subarray(1, 4).toString()).toBe('PNG');
    // The 1Y button is now the selected one; the old file is deleted; no run was started for the click.
    const controls = blocksOf(message, 'actions')[0].elements as { text: { text: string }; style?: string }[];
    expect(controls.find((e) => e.text.text === '1Y')?.style).toBe('primary');
    await h.fake.waitFor(() => h.fake.deletedFiles.includes(before), 5000, 'old chart file deleted');
    expect((await stack.runs.listRuns(100)).length).toBe(runsBefore);
  }, 30_000);

  it('a tampered value gets no redraw and no crash', async () => {
    const message = chartMessages(seedTs)[0];
    const edits = message.edits;
    const res = await h.slack.click({ actionId: 'marketdesk_chart_1Y', value: '{"r":"../x","c":"y"}', channel: CHANNEL, messageTs: message.ts, responseUrl: h.fake.responseUrl('bad') });
    expect(res.status).toBe(200);
    const res2 = await h.slack.click({ actionId: 'marketdesk_chart_5Y', value: JSON.stringify({ r: 'unknownrun', c: 'chart_nvda.png', w: '5Y' }), channel: CHANNEL, messageTs: message.ts, responseUrl: h.fake.responseUrl('gone') });
    expect(res2.status).toBe(200);
    await h.fake.waitFor(() => h.fake.responses.some((r) => r.path === '/response/gone'), 5000, 'an ephemeral answer for the unknown run');
    expect(String(h.fake.responses.find((r) => r.path === '/response/gone')!.body.text)).toMatch(/ask the question again/);
    expect(message.edits).toBe(edits);
  });
});

describe('follow-ups without a mention', () => {
  it('"thanks!" in the thread starts nothing; "what about AMD?" starts a follow-up that inherits the window', async () => {
    await h.slack.threadMessage({ text: 'thanks!', channel: CHANNEL, thread_ts: seedTs });
    await h.slack.threadMessage({ text: 'what about AMD?', channel: CHANNEL, thread_ts: seedTs });
    await h.fake.waitFor(() => answers(seedTs).length === 2, 30_000, 'the follow-up answer');
    await h.adapter.idle();
    const runs = await runsInThread(seedTs);
    expect(runs).toHaveLength(2);
    const follow = runs.find((r) => r.question === 'what about AMD?')!;
    expect(follow.entities?.tickers).toEqual(['AMD']);
    expect(follow.entities?.period.label).toBe('past quarter');
    expect(follow.entities?.benchmark).toBe('^SOX');
  }, 45_000);

  it('a reply in a thread the bot never answered is ignored', async () => {
    const before = (await stack.runs.listRuns(100)).length;
    await h.slack.threadMessage({ text: 'how is NVDA doing?', channel: CHANNEL, thread_ts: '1759000000.000001' });
    await h.slack.threadMessage({ text: `<@${h.fake.options.botUserId}> NVDA?`, channel: CHANNEL, thread_ts: seedTs });
    // A later mention is processed after these events; when its run exists, the two above were handled and ignored.
    const probe = await h.slack.mention({ text: 'AAPL technicals' });
    await h.fake.waitFor(() => answers(probe.ts).length === 1, 30_000, 'the probe answer');
    expect((await stack.runs.listRuns(100)).length).toBe(before + 1);
  }, 45_000);

  it('a suggestion click starts that follow-up once, however often it is clicked', async () => {
    const answer = answers(seedTs)[0];
    const button = blocksOf(answer, 'actions').find((b) => b.block_id === 'marketdesk_next')!.elements[0];
    for (let i = 0; i < 2; i++) await h.slack.click({ actionId: button.action_id, value: button.value, channel: CHANNEL, messageTs: answer.ts, responseUrl: h.fake.responseUrl('next') });
    await h.fake.waitFor(() => answers(seedTs).length === 3, 30_000, 'the suggested follow-up answer');
    await h.adapter.idle();
    const runs = await runsInThread(seedTs);
    const added = runs.filter((r) => r.question.startsWith('Compare NVDA, AMD'));
    expect(added).toHaveLength(1);
    expect(added[0].entities?.tickers).toEqual(['NVDA', 'AMD']);
    expect(added[0].status).toBe('completed');
  }, 45_000);
});

describe('direct messages', () => {
  it('a DM outside an assistant thread is answered in a thread under it', async () => {
    const { ts } = await h.slack.threadMessage({ text: 'QQQ vs SPY YTD', channel: 'D0BOB', user: 'U0BOB' });
    await h.fake.waitFor(() => answers(ts, 'D0BOB').length === 1, 30_000, 'the DM answer');
    expect(answers(ts, 'D0BOB')[0].thread_ts).toBe(ts);
    expect(answers(ts, 'D0BOB')[0].text).toContain('QQQ');
  }, 45_000);
});

describe('the AI-app (assistant) surface', () => {
  const DM = 'D0ALICE';
  const thread = '1759990100.000100';

  it('a new assistant thread gets four suggested prompts, without thread_ts; the user’s own tickers come first', async () => {
    const res = await h.slack.assistantThreadStarted({ channel: DM, thread_ts: thread });
    expect(res.response.status).toBe(200);
    await h.fake.waitFor(() => h.fake.assistant.prompts.length > 0, 10_000, 'suggested prompts');
    expect(h.fake.assistant.droppedPrompts).toBe(0);
    const { prompts } = h.fake.assistant.prompts[0];
    expect(prompts).toHaveLength(4);
    // Alice asked about NVDA (and AMD) in the channel: her prompts start there.
    expect(prompts[0].message).toMatch(/NVDA|AMD|AAPL/);
  });

  it('a question in the thread: title, loading status, the plan and the answer, then the status is cleared; a second message follows up', async () => {
    await h.slack.threadMessage({ text: 'How has MSFT done YTD?', channel: DM, thread_ts: thread });
    await h.fake.waitFor(() => answers(thread, DM).length === 1, 30_000, 'the assistant answer');
    await h.adapter.idle();
    expect(h.fake.assistant.titles).toEqual([{ channel: DM, thread_ts: thread, title: 'How has MSFT done YTD?' }]);
    const statuses = h.fake.assistant.statuses.filter((s) => s.thread_ts === thread);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses[0].status).not.toBe('');
    expect(statuses[0].loading_messages?.length).toBeGreaterThan(0);
    expect(statuses.at(-1)!.status).toBe('');
    const status: FakeMessage = h.fake.thread(DM, thread)[0];
    expect(blocksOf(status, 'plan')).toHaveLength(1);
    expect(answers(thread, DM)[0].text).toContain('MSFT');

    await h.slack.threadMessage({ text: 'and AMZN?', channel: DM, thread_ts: thread });
    await h.fake.waitFor(() => answers(thread, DM).length === 2, 30_000, 'the follow-up in the assistant thread');
    await h.adapter.idle();
    const runs = await runsInThread(thread);
    const follow = runs.find((r) => r.question === 'and AMZN?')!;
    expect(follow.entities?.tickers).toEqual(['AMZN']);
    expect(follow.entities?.period.label).toBe('YTD');
    // One title per thread (from the first question), and the status cleared again after the second answer.
    expect(h.fake.assistant.titles).toHaveLength(1);
    expect(h.fake.assistant.statuses.filter((s) => s.thread_ts === thread).at(-1)!.status).toBe('');
    expect(chartFileIds(answers(thread, DM)[0]).length).toBe(0);
  }, 60_000);
});
