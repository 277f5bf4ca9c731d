import { afterEach, describe, expect, it } from 'vitest';
import { chartPng } from '../../helpers/scripted-runs.js';
import { blocksOf, startHarness, type Harness } from './helpers/harness.js';
import { scriptedRuns, seedScript, unknownTickerScript, type SeedScriptOptions } from './helpers/scripted-runs.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(options: SeedScriptOptions & { editIntervalMs?: number } = {}) {
  const runs = scriptedRuns((input) => (/ZZZZ/.test(input.question) ? unknownTickerScript : seedScript(options)));
  h = await startHarness(runs, { editIntervalMs: options.editIntervalMs });
  return { runs, h };
}

const threadOf = (h: Harness, ts: string, channel = 'C0MARKETS') => h.fake.thread(channel, ts);
const answerIn = (h: Harness, ts: string) => threadOf(h, ts).find((m) => blocksOf(m, 'context_actions').length > 0);

describe('Slack adapter over HTTP (real Bolt, fake Slack)', () => {
  it('mention → status posted and edited → answer and chart in the thread', async () => {
    const { runs, h } = await setup({ stepDelayMs: 60 });
    const { response, ts } = await h.slack.mention({ text: 'How has NVDA performed relative to the semiconductor sector over the past quarter?' });
    expect(response.status).toBe(200);
    await h.fake.waitFor(() => [...h.fake.files.values()].some((f) => f.shared), 5000, 'chart shared');
    await h.adapter.idle();

    expect(runs.started).toHaveLength(1);
    expect(runs.started[0].source).toMatchObject({ platform: 'slack', channel: 'C0MARKETS', thread: ts, user: 'U0ALICE', team: 'T0FAKE' });
    const thread = threadOf(h, ts);
    const status = thread[0];
    expect(status.thread_ts).toBe(ts);
    // Edited as the run progressed, and the final state shows every task complete.
    expect(status.edits).toBeGreaterThan(0);
    const plan = blocksOf(status, 'plan')[0];
    expect(plan.tasks).toHaveLength(6);
    expect(plan.tasks.map((t: { status: string }) => t.status)).toEqual(Array(6).fill('complete'));
    expect(status.history.some((v) => JSON.stringify(v.blocks).includes('"in_progress"'))).toBe(true);
    expect(blocksOf(status, 'actions')).toHaveLength(0); // no Cancel button once done
    expect(status.text).toContain('✓ Fetching NVDA daily prices');

    // The answer is a new message after the status, in mrkdwn, with feedback buttons.
    const answer = answerIn(h, ts)!;
    expect(thread.indexOf(answer)).toBeGreaterThan(0);
    expect(answer.text).toContain('*NVDA vs semiconductors, past quarter*');
    expect(answer.text).toContain('*+12.4%*');
    expect(answer.text).not.toContain('**');
    expect(answer.text).toMatch(/```\nSymbol\s+Return\n-+\s+-+\nNVDA\s+\+12\.4%/);
    // The chart: uploaded with alt text, bytes intact, shared in the thread.
    const file = [...h.fake.files.values()][0];
    expect(file.alt).toContain('NVDA daily price');
    expect(file.bytes?.equals(await chartPng())).toBe(true);
    expect(file.shared).toEqual({ channel: 'C0MARKETS', thread_ts: ts });
    // Coalesced edits: never more than one chat.update per status message per interval.
    const updates = h.fake.calls.filter((c) => c.method === 'chat.update').map((c) => c.at);
    for (let i = 1; i < updates.length; i++) expect(updates[i] - updates[i - 1]).toBeGreaterThanOrEqual(45);
  });

  it('/analyze acks, posts a root message and threads the run under it', async () => {
    const { runs, h } = await setup();
    const res = await h.slack.command({ text: 'NVDA vs SOX', responseUrl: h.fake.responseUrl() });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.fake.files.size > 0 && [...h.fake.files.values()][0].shared !== undefined, 5000, 'chart');
    await h.adapter.idle();
    const root = h.fake.messages[0];
    expect(root.thread_ts).toBeUndefined();
    expect(root.text).toBe(':mag: Analyzing “NVDA vs SOX”… requested by <@U0ALICE>');
    expect(runs.started[0].source.thread).toBe(root.ts);
    const thread = threadOf(h, root.ts);
    expect(blocksOf(thread[1], 'plan')).toHaveLength(1);
    expect(answerIn(h, root.ts)).toBeDefined();
  });

  it('a mention in a thread with a run is a follow-up that inherits benchmark and period', async () => {
    const { runs, h } = await setup();
    const first = await h.slack.mention({ text: 'How has NVDA done vs semiconductors over the past quarter?' });
    await h.fake.waitFor(() => answerIn(h, first.ts) !== undefined, 5000, 'first answer');
    await h.slack.mention({ text: 'and AMD?', thread_ts: first.ts });
    await h.fake.waitFor(() => threadOf(h, first.ts).filter((m) => blocksOf(m, 'context_actions').length > 0).length === 2, 5000, 'second answer');
    await h.adapter.idle();
    expect(runs.started).toHaveLength(2);
    const firstRunId = (await runs.listRuns()).at(-1)!.runId;
    expect(runs.started[1].question).toBe('and AMD?');
    expect(runs.started[1].source.thread).toBe(first.ts);
    expect(runs.started[1].context).toMatchObject({
      previousRunId: firstRunId,
      inherit: { benchmark: '^SOX', period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, intent: 'overview' },
    });
  });

  it('a redelivered event (same event_id, X-Slack-Retry-Num) starts one run', async () => {
    const { runs, h } = await setup();
    const first = await h.slack.mention({ text: 'NVDA this quarter?' });
    const again = await h.slack.post(first.body, 'application/json', { retryNum: 1 });
    const third = await h.slack.post(first.body, 'application/json', { retryNum: 2 });
    expect([again.status, third.status]).toEqual([200, 200]);
    await h.fake.waitFor(() => answerIn(h, first.ts) !== undefined, 5000, 'answer');
    await h.adapter.idle();
    expect(runs.started).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args.blocks ?? '').includes('"plan"'))).toHaveLength(1);
  });

  it('a 429 storm on chat.update never delays the answer or the chart', async () => {
    const { h } = await setup({ stepDelayMs: 30 });
    // Every edit is rate-limited for 30 s: if edits shared the answer's queue, the answer would wait 30 s.
    h.fake.fault('chat.update', { kind: 'ratelimit', retryAfter: 30 });
    const { ts } = await h.slack.mention({ text: 'NVDA vs semis past quarter' });
    await h.fake.waitFor(() => answerIn(h, ts) !== undefined && [...h.fake.files.values()].some((f) => f.shared), 4000, 'answer and chart despite 429s');
    // Retry-After honoured: one attempt, then edits pause for the whole window (no hammering).
    expect(h.fake.calls.filter((c) => c.method === 'chat.update')).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.status === 429).map((c) => c.method)).toEqual(['chat.update']);
  });

  it('after a short 429 burst the final status is still flushed (latest state wins)', async () => {
    const { h } = await setup({ stepDelayMs: 10 });
    h.fake.fault('chat.update', { kind: 'ratelimit', retryAfter: 1 }, 1);
    const { ts } = await h.slack.mention({ text: 'NVDA vs semis past quarter' });
    await h.fake.waitFor(() => answerIn(h, ts) !== undefined, 4000, 'answer');
    await h.adapter.idle();
    const updates = h.fake.calls.filter((c) => c.method === 'chat.update');
    expect(updates[0].status).toBe(429);
    // After the pause only the latest (final) state is sent: intermediate states were dropped.
    expect(updates.filter((c) => c.status === 200)).toHaveLength(1);
    expect(updates[1].at - updates[0].at).toBeGreaterThanOrEqual(950);
    const status = threadOf(h, ts)[0];
    expect(status.text).toMatch(/^NVDA vs semiconductors — past quarter/);
    expect(blocksOf(status, 'plan')[0].tasks.every((t: { status: string }) => t.status === 'complete')).toBe(true);
  });

  it('a failing tool shows the error and the fallback in the status', async () => {
    const { h } = await setup({ chartFails: true });
    const { ts } = await h.slack.mention({ text: 'NVDA technicals past quarter' });
    await h.fake.waitFor(() => answerIn(h, ts) !== undefined, 5000, 'answer');
    await h.adapter.idle();
    const status = threadOf(h, ts)[0];
    const tasks = blocksOf(status, 'plan')[0].tasks as { task_id: string; status: string; title: string; details?: unknown }[];
    const chart = tasks.find((t) => t.task_id === 'chart_nvda')!;
    expect(chart.status).toBe('error');
    expect(chart.title).toContain('(replaced)');
    expect(tasks.find((t) => t.task_id === 'chart_nvda_numeric')?.status).toBe('complete');
    expect(JSON.stringify(blocksOf(status, 'context'))).toContain('chart renderer failed → switched to numeric analysis');
    expect(status.text).toContain('↪ chart renderer failed → switched to numeric analysis');
    expect(h.fake.files.size).toBe(0); // no chart to upload
  });

  it('Cancel stops the run and the status says who cancelled', async () => {
    const { runs, h } = await setup({ stepDelayMs: 2000 });
    const { ts } = await h.slack.mention({ text: 'NVDA vs semis past quarter' });
    await h.fake.waitFor(() => threadOf(h, ts).length > 0 && blocksOf(threadOf(h, ts)[0], 'actions').length > 0, 4000, 'status with Cancel');
    const status = threadOf(h, ts)[0];
    const button = blocksOf(status, 'actions')[0].elements[0];
    expect(button.action_id).toBe('marketdesk_cancel');
    const click = await h.slack.click({ actionId: button.action_id, value: button.value, messageTs: status.ts, responseUrl: h.fake.responseUrl() });
    expect(click.status).toBe(200);
    await h.adapter.idle();
    expect((await runs.getRun(button.value))?.status).toBe('cancelled');
    const final = threadOf(h, ts)[0];
    expect(JSON.stringify(final.blocks)).toContain('Cancelled by <@U0ALICE>');
    expect(blocksOf(final, 'actions')).toHaveLength(0);
    expect(threadOf(h, ts)).toHaveLength(1); // no answer
  });

  it('bad input: empty /analyze and bare mentions get usage; an unknown ticker gets an actionable error and Retry', async () => {
    const { runs, h } = await setup();
    const empty = await h.slack.command({ text: '   ', responseUrl: h.fake.responseUrl() });
    expect(empty.status).toBe(200);
    const body = (await empty.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/analyze NVDA vs SOX');

    await h.slack.mention({ text: '' });
    await h.fake.waitFor(() => h.fake.ephemerals.length === 1, 4000, 'usage ephemeral');
    expect(h.fake.ephemerals[0]).toMatchObject({ user: 'U0ALICE', channel: 'C0MARKETS' });
    expect(runs.started).toHaveLength(0);

    const long = await h.slack.command({ text: 'x'.repeat(2500), responseUrl: h.fake.responseUrl() });
    expect(((await long.json()) as { text: string }).text).toContain('under 2000');

    const { ts } = await h.slack.mention({ text: 'how is $ZZZZ doing?' });
    // The failure is posted as a new message (people are notified), not only as a status edit.
    const errorPosts = () => threadOf(h!, ts).filter((m) => m.text.startsWith(":mag: I don't have data for ZZZZ"));
    await h.fake.waitFor(() => errorPosts().length === 1, 4000, 'error message');
    await h.adapter.idle();
    const status = threadOf(h, ts)[0];
    const retry = blocksOf(status, 'actions')[0]?.elements[0];
    expect(retry?.action_id).toBe('marketdesk_retry');
    // Retry starts the same question again in the same thread, once however often it is clicked.
    await h.slack.click({ actionId: retry.action_id, value: retry.value, messageTs: status.ts, responseUrl: h.fake.responseUrl() });
    await h.slack.click({ actionId: retry.action_id, value: retry.value, messageTs: status.ts, responseUrl: h.fake.responseUrl() });
    await h.fake.waitFor(() => errorPosts().length === 2, 4000, 'retried run');
    await h.adapter.idle();
    expect(runs.started).toHaveLength(2);
    expect(runs.started[1]).toMatchObject({ question: 'how is $ZZZZ doing?', source: { thread: ts, eventId: `retry:${retry.value}` } });
  });

  it('bot not in the channel: /analyze answers ephemerally with how to invite it', async () => {
    const { runs, h } = await setup();
    h.fake.notInChannel.add('C0PRIVATE');
    const res = await h.slack.command({ text: 'NVDA vs SOX', channel: 'C0PRIVATE', responseUrl: h.fake.responseUrl('np') });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.fake.responses.length === 1, 4000, 'response_url reply');
    expect(h.fake.responses[0].body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(h.fake.responses[0].body.text)).toContain('/invite @marketdesk');
    expect(runs.started).toHaveLength(0);
  });

  it('feedback clicks are stored with the run', async () => {
    const { h, runs } = await setup();
    const { ts } = await h.slack.mention({ text: 'NVDA past quarter' });
    await h.fake.waitFor(() => answerIn(h, ts) !== undefined, 5000, 'answer');
    await h.adapter.idle();
    const answer = answerIn(h, ts)!;
    const feedback = blocksOf(answer, 'context_actions')[0].elements[0];
    expect(feedback.type).toBe('feedback_buttons');
    const res = await h.slack.click({ type: 'feedback_buttons', actionId: feedback.action_id, value: feedback.negative_button.value, messageTs: answer.ts, responseUrl: h.fake.responseUrl() });
    expect(res.status).toBe(200);
    const runId = String(feedback.negative_button.value).split(':')[1];
    await expect.poll(() => runs.getFeedback(runId)).toEqual([expect.objectContaining({ runId, rating: 'negative', user: 'U0ALICE', messageTs: answer.ts })]);
  });

  it('rejects a bad signature and a stale timestamp; answers url_verification', async () => {
    const { runs, h } = await setup();
    const forged = await h.slack.mention({ text: 'NVDA?' }, { secretOverride: 'not-the-secret' });
    expect(forged.response.status).toBe(401);
    const stale = await h.slack.mention({ text: 'NVDA?' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.response.status).toBe(401);
    const challenge = await h.slack.post(JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }), 'application/json');
    expect(await challenge.json()).toEqual({ challenge: 'c-123' });
    expect(runs.started).toHaveLength(0);
    expect(h.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
  });
});
