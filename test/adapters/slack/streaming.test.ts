/**
 * Streamed answers (SLACK_STREAMING=on) through the real Bolt app and the offline pipeline against the fake Slack,
 * which checks the streaming wire format (recipient outside DMs, chunk shapes, no chat.update while streaming,
 * nothing after the stop): the plan as task_update chunks, the answer as markdown_text, the buttons at the stop —
 * and the fallbacks when streaming is refused, rate-limited or cannot be stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../fakes/slack-server.js';
import { blocksOf, type Harness } from './helpers/harness.js';
import { startRealSlackStack } from './helpers/real-stack.js';

const QUESTION = 'How has NVDA performed relative to the semiconductor sector over the past quarter?';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function ask(setup?: (h: Harness) => void, env: Record<string, string> = {}) {
  const stack = await startRealSlackStack({ SLACK_STREAMING: 'on', ...env });
  h = stack.harness;
  setup?.(h);
  const { ts } = await h.slack.mention({ text: QUESTION });
  await h.fake.waitFor(() => h!.fake.thread('C0MARKETS', ts).some((m) => blocksOf(m, 'context_actions').length > 0) && h!.fake.thread('C0MARKETS', ts).some((m) => blocksOf(m, 'image').length > 0), 30_000, 'the answer and a chart');
  await h.adapter.idle();
  const runId = (await stack.runs.listRuns(1))[0].runId;
  const state = (await stack.runs.getRun(runId))!;
  return { ts, state, thread: h.fake.thread('C0MARKETS', ts), counts: h.fake.countByMethod() };
}

const SLOW = { MARKETDESK_FAULTS: 'get_bars=slow:1300' };
const figures = (text: string) => text.match(/[-+]?\d+\.\d+%/g) ?? [];

describe('streamed answers', () => {
  it('one streamed message: tasks as they run, the answer word by word, buttons at the stop; no status edits', async () => {
    // Slow bars make the run outlast the 1-second append interval, so steps are appended while they run.
    const { state, thread, counts } = await ask(undefined, SLOW);
    expect(state.status).toBe('completed');
    const stream = thread.find((m) => m.stream !== undefined)!;
    expect(stream.stream).toBe('closed');
    const start = h!.fake.calls.find((c) => c.method === 'chat.startStream')!;
    expect(start.args).toMatchObject({ recipient_user_id: 'U0ALICE', recipient_team_id: 'T0FAKE' });
    const tasks = (start.args.chunks as { type: string; id: string }[]).filter((c) => c.type === 'task_update');
    expect(tasks.map((t) => t.id)).toEqual(state.steps.map((s) => s.id));
    // Every figure of the answer reached the stream, once.
    expect(figures(state.answer).length).toBeGreaterThan(0);
    for (const figure of figures(state.answer)) expect(stream.text).toContain(figure);
    expect(stream.text.split('**NVDA**').length - 1).toBe(state.answer.split('**NVDA**').length - 1);
    expect(blocksOf(stream, 'context_actions')).toHaveLength(1);
    expect(blocksOf(stream, 'actions').find((b) => b.block_id === 'marketdesk_next')).toBeDefined();
    expect(counts['chat.update'] ?? 0).toBe(0);
    expect(counts['chat.startStream']).toBe(1);
    expect(counts['chat.appendStream']).toBeGreaterThan(0);
    expect(counts['chat.stopStream']).toBe(1);
    // The answer is not posted a second time.
    expect(thread.filter((m) => blocksOf(m, 'context_actions').length > 0)).toHaveLength(1);
  }, 45_000);

  it('streaming refused at the start: the status message and the posted answer take over', async () => {
    const { thread, counts, state } = await ask((h) => h.fake.fault('chat.startStream', { kind: 'error', error: 'not_allowed_token_type' }));
    expect(state.status).toBe('completed');
    expect(thread.some((m) => m.stream)).toBe(false);
    expect(blocksOf(thread[0], 'plan')).toHaveLength(1);
    expect(counts['chat.update']).toBeGreaterThan(0);
    const answer = thread.find((m) => blocksOf(m, 'context_actions').length > 0)!;
    for (const figure of figures(state.answer)) expect(answer.text).toContain(figure.replace(/^\+/, ''));
  }, 45_000);

  it('every append rate-limited: the stop still carries the whole answer, at once', async () => {
    const { thread, state } = await ask((h) => h.fake.fault('chat.appendStream', { kind: 'ratelimit', retryAfter: 30 }), SLOW);
    const stream = thread.find((m) => m.stream !== undefined) as FakeMessage;
    expect(stream.stream).toBe('closed');
    for (const figure of figures(state.answer)) expect(stream.text).toContain(figure);
    expect(h!.fake.calls.filter((c) => c.method === 'chat.appendStream' && c.status === 429).length).toBeGreaterThan(0);
  }, 45_000);

  it('the stop refused: the answer is posted as a new message', async () => {
    const { thread, state } = await ask((h) => h.fake.fault('chat.stopStream', { kind: 'error', error: 'internal_error' }));
    const answer = thread.find((m) => m.stream === undefined && blocksOf(m, 'context_actions').length > 0)!;
    expect(answer).toBeDefined();
    for (const figure of figures(state.answer)) expect(answer.text).toContain(figure.replace(/^\+/, ''));
  }, 45_000);
});
