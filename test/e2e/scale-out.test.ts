/**
 * Distributed mode through the real entry point: `npm start` with MARKETDESK_ROLE=web / worker against the machine's
 * Redis (a unique REDIS_PREFIX per run of this file; every key removed afterwards). Two web processes, two workers:
 *  - runs posted to one web process are followed over SSE from the other;
 *  - one worker is SIGKILLed mid-run (get_bars slowed to 1.5 s): every run still ends with exactly one terminal
 *    event, seq contiguous from 1, and at least 90% complete (the other worker continues the same streams);
 *  - the same Slack event delivered to both web processes starts one run;
 *  - Slack's chat extras work across processes: suggestions on the answer, a thread reply without a mention and a
 *    chart-control click, both delivered to the web process that did not receive the question.
 * A last case restarts a private redis-server (started here, on its own port) while a process idles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequests } from '../fakes/slack-requests.js';
import { FakeSlack, type FakeMessage } from '../fakes/slack-server.js';
import { ROOT } from './helpers/entry-commands.js';
import { startEntry, until, type EntryProcess } from './helpers/entry-process.js';
import { deletePrefix, REDIS_URL, startOwnRedis, uniquePrefix, type OwnRedis } from './helpers/redis-test.js';
import { collectSse, type SseFrame } from './helpers/sse-collect.js';
import { isPng, SEED_QUESTION, slackThreadDone } from './helpers/surface-checks.js';

const SIGNING_SECRET = 'scale-signing-secret-0123456789';
const PREFIX = uniquePrefix('scale');
const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'marketdesk-scale-'));
const QUESTIONS = ['How did NVDA do vs SOXX last month?', 'AMD vs NVDA over the past quarter', SEED_QUESTION, 'How has AAPL performed this year?'];

let slack: FakeSlack;
let webA: EntryProcess;
let webB: EntryProcess;
let worker1: EntryProcess;
let worker2: EntryProcess;
let ownRedis: OwnRedis | undefined;
let solo: EntryProcess | undefined;

const common = {
  REDIS_URL,
  REDIS_PREFIX: PREFIX,
  DATA_DIR,
  // Short lock and stalled check so a killed worker's runs move within ~3 s (the defaults are 10 s and 5 s).
  WORKER_LOCK_MS: '2500',
  WORKER_STALLED_CHECK_MS: '1000',
  WORKER_CONCURRENCY: '8',
  API_RATE_PER_MINUTE: '0',
};
const start = (env: Record<string, string>) => startEntry({ command: ['npm', 'start'], cwd: ROOT, env: { ...common, ...env }, readyTimeoutMs: 90_000 });

beforeAll(async () => {
  slack = await FakeSlack.start();
  const web = { MARKETDESK_ROLE: 'web', SLACK_BOT_TOKEN: slack.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
  const worker = { MARKETDESK_ROLE: 'worker', MARKETDESK_FAULTS: 'get_bars=slow:1500' };
  [webA, webB, worker1, worker2] = await Promise.all([start(web), start(web), start(worker), start(worker)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([webA, webB, worker1, worker2, solo].map((p) => p?.kill()));
  await ownRedis?.stop();
  await slack?.close();
  await deletePrefix(REDIS_URL, PREFIX);
  rmSync(DATA_DIR, { recursive: true, force: true });
}, 30_000);

async function postRun(url: string, question: string): Promise<string> {
  const response = await fetch(`${url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

const activeRuns = async (worker: EntryProcess) => ((await (await fetch(`${worker.url}/healthz`)).json()) as { activeRuns: number }).activeRuns;

function expectOneContiguousLog(frames: SseFrame[]): void {
  expect(frames.length).toBeGreaterThan(2);
  expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1));
  expect(frames[0].type).toBe('run.created');
  const terminals = frames.filter((f) => ['run.completed', 'run.failed', 'run.cancelled'].includes(f.type));
  expect(terminals).toHaveLength(1);
  expect(frames.at(-1)).toBe(terminals[0]);
}

describe('distributed mode: two web processes, two workers, one Redis', () => {
  it('a run posted to one web process is followed over SSE from the other, and its chart is served by both', async () => {
    const id = await postRun(webA.url, SEED_QUESTION);
    const frames = await webB.explain(collectSse(`${webB.url}/api/runs/${id}/events`));
    expectOneContiguousLog(frames);
    expect(frames.at(-1)?.type).toBe('run.completed');
    const snapshot = (await (await fetch(`${webA.url}/api/runs/${id}`)).json()) as { status: string; artifacts: { name: string }[] };
    expect(snapshot.status).toBe('completed');
    expect(snapshot.artifacts.length).toBeGreaterThan(0);
    for (const web of [webA, webB]) {
      const chart = await fetch(`${web.url}/api/runs/${id}/artifacts/${snapshot.artifacts[0].name}`);
      expect(chart.headers.get('content-type')).toMatch(/^image\/png/);
      expect((await chart.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    // Resume: a reconnect with Last-Event-ID gets exactly the rest.
    const rest = await collectSse(`${webA.url}/api/runs/${id}/events?lastEventId=3`);
    expect(rest.map((f) => f.seq)).toEqual(frames.slice(3).map((f) => f.seq));
  }, 60_000);

  it('Slack chat extras across processes: suggestions, a thread reply without a mention and a chart-control click on the other web process', async () => {
    type Button = { action_id: string; value: string; text: { text: string } };
    type Block = { type: string; elements?: Button[]; slack_file?: { id: string }; title?: { text: string } };
    const blocksOf = (m: FakeMessage | undefined, type: string) => ((m?.blocks ?? []) as Block[]).filter((b) => b.type === type);
    const buttons = (m: FakeMessage | undefined) => blocksOf(m, 'actions').flatMap((b) => b.elements ?? []);
    const toA = new SlackRequests(`${webA.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
    const toB = new SlackRequests(`${webB.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
    const mention = await toA.mention({ text: 'How did NVDA do vs SOXX last month?' });
    await webA.explain(slackThreadDone(slack, 'C0MARKETS', mention.ts, 60_000));
    const thread = () => slack.thread('C0MARKETS', mention.ts);
    const answers = () => thread().filter((m) => blocksOf(m, 'context_actions').length > 0);
    expect(answers()).toHaveLength(1);
    // Suggested next questions come from the web process's routing of the worker's run.
    const suggested = thread().flatMap(buttons).filter((b) => b.action_id.startsWith('marketdesk_next_'));
    expect(suggested.length).toBeGreaterThan(0);

    // Replies in the thread, delivered to the other web process: small talk starts nothing, a question a follow-up.
    await toB.threadMessage({ text: 'thanks!', channel: 'C0MARKETS', thread_ts: mention.ts });
    await toB.threadMessage({ text: 'and AMD?', channel: 'C0MARKETS', thread_ts: mention.ts });
    await webB.explain(slack.waitFor(() => answers().length === 2, 60_000, 'the follow-up answer in the thread'));
    expect(answers()[1].text).toContain('AMD');
    const listed = (await (await fetch(`${webA.url}/api/runs?limit=200`)).json()) as { runs: { question: string }[] };
    expect(listed.runs.filter((r) => r.question === 'and AMD?')).toHaveLength(1);
    expect(listed.runs.filter((r) => r.question === 'thanks!')).toHaveLength(0);

    // A chart control on the first answer's chart, clicked through the web process that did not post it.
    const chart = thread().find((m) => blocksOf(m, 'image').length > 0 && buttons(m).some((b) => b.text.text === '1Y'));
    expect(chart).toBeDefined();
    const before = blocksOf(chart, 'image')[0].slack_file!.id;
    const oneYear = buttons(chart).find((b) => b.text.text === '1Y')!;
    const clicked = await toB.click({ actionId: oneYear.action_id, value: oneYear.value, channel: 'C0MARKETS', messageTs: chart!.ts, responseUrl: slack.responseUrl('scale-1y'), blocks: chart!.blocks });
    expect(clicked.status).toBe(200);
    await webB.explain(slack.waitFor(() => blocksOf(chart, 'image')[0]?.slack_file?.id !== before, 30_000, 'the chart replaced in place'));
    const image = blocksOf(chart, 'image')[0];
    expect(image.title?.text).toMatch(/past year \(\d{4}-\d{2}-\d{2} → /);
    expect(isPng(slack.files.get(image.slack_file!.id)?.bytes)).toBe(true);
  }, 120_000);

  it('SIGKILL of a worker mid-run: every run ends once, seq contiguous, at least 90% complete', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => postRun(i % 2 ? webA.url : webB.url, QUESTIONS[i % QUESTIONS.length])));
    const streams = ids.map((id, i) => collectSse(`${(i % 2 ? webB : webA).url}/api/runs/${id}/events`, 90_000));
    // Two Slack questions in flight too: their status keeps being edited and the answer and charts are posted once.
    const toA = new SlackRequests(`${webA.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
    const mentions = await Promise.all([SEED_QUESTION, QUESTIONS[1]].map((text) => toA.mention({ text })));
    // Kill worker 1 while it holds runs (its get_bars steps take 1.5 s each).
    await until(async () => (await activeRuns(worker1)) >= 2, 30_000, 'worker 1 to hold runs');
    const heldWhenKilled = await activeRuns(worker1);
    await worker1.kill();
    const all = await worker2.explain(Promise.all(streams));
    expect(heldWhenKilled).toBeGreaterThanOrEqual(2);
    for (const frames of all) expectOneContiguousLog(frames);
    const completed = all.filter((frames) => frames.at(-1)?.type === 'run.completed').length;
    expect(completed / all.length).toBeGreaterThanOrEqual(0.9);
    // The survivor took the dead worker's runs over and continued their streams.
    expect(worker2.output()).toContain('taking over a run whose worker stopped');
    for (const mention of mentions) {
      const done = await webA.explain(slackThreadDone(slack, 'C0MARKETS', mention.ts, 60_000));
      const thread = slack.thread('C0MARKETS', mention.ts);
      expect(thread.filter((m) => (m.blocks ?? []).some((b) => (b as { type?: string }).type === 'context_actions'))).toHaveLength(1);
      expect(done.files.length).toBeGreaterThan(0);
      expect(new Set(done.files.map((f) => f.alt)).size).toBe(done.files.length);
    }
  }, 120_000);

  it('the same Slack event delivered to both web processes starts one run', async () => {
    const before = (await (await fetch(`${webA.url}/api/runs?limit=200`)).json()) as { runs: { platform?: string }[] };
    const slackBefore = before.runs.filter((r) => r.platform === 'slack').length;
    const toA = new SlackRequests(`${webA.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
    const toB = new SlackRequests(`${webB.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
    const first = await toA.mention({ text: 'How did NVDA do vs SOXX last month?' });
    const again = await toB.post(first.body, 'application/json');
    expect(first.response.status).toBe(200);
    expect(again.status).toBe(200);
    // The one run finishes in Slack (status edited, answer posted) …
    await webA.explain(slack.waitFor(() => slack.thread('C0MARKETS', first.ts).some((m) => m.edits > 0) && slack.thread('C0MARKETS', first.ts).length > 1, 45_000, 'the Slack answer'));
    // … and only one run was started for the event.
    const after = (await (await fetch(`${webB.url}/api/runs?limit=200`)).json()) as { runs: { platform?: string }[] };
    expect(after.runs.filter((r) => r.platform === 'slack').length - slackBefore).toBe(1);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c).includes(first.ts)).length).toBeGreaterThan(0);
  }, 60_000);

  it('SIGTERM stops each role cleanly: the web process drains, the worker finishes and exits 0', async () => {
    for (const entry of [webB, worker2]) {
      entry.signal('SIGTERM');
      expect(await entry.exited).toEqual({ code: 0, signal: null });
      expect(entry.output()).toContain('"msg":"bye"');
    }
  }, 60_000);

  it('a Redis restart while idle is survived: runs work again afterwards', async () => {
    ownRedis = await startOwnRedis();
    solo = await startEntry({ command: ['npm', 'start'], cwd: ROOT, env: { ...common, REDIS_URL: ownRedis.url, MARKETDESK_ROLE: 'all' }, readyTimeoutMs: 90_000 });
    const before = await collectSse(`${solo.url}/api/runs/${await postRun(solo.url, QUESTIONS[0])}/events`);
    expect(before.at(-1)?.type).toBe('run.completed');
    await ownRedis.restart();
    // Reconnected: a new run goes through the queue, the worker and the stream as before.
    let id = '';
    await until(async () => {
      const response = await fetch(`${solo!.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTIONS[1] }), signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      if (response?.status === 202) id = ((await response.json()) as { id: string }).id;
      return id !== '';
    }, 30_000, 'a run accepted after the Redis restart');
    const after = await solo.explain(collectSse(`${solo.url}/api/runs/${id}/events`));
    expectOneContiguousLog(after);
    expect(after.at(-1)?.type).toBe('run.completed');
  }, 90_000);
});
