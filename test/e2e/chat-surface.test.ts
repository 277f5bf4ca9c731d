/**
 * Issue 18 through `npm start` (the real entry point in a child process, Slack in HTTP mode against the fake Slack,
 * a temporary DATA_DIR): one assistant-thread conversation (suggested prompts, title, loading status, the answer,
 * the status cleared, a follow-up without a mention) and one chart-control click that replaces the chart in place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequests } from '../fakes/slack-requests.js';
import { FakeSlack, type FakeMessage } from '../fakes/slack-server.js';
import { ROOT } from './helpers/entry-commands.js';
import { startEntry, type EntryProcess } from './helpers/entry-process.js';
import { isPng } from './helpers/surface-checks.js';

const SIGNING_SECRET = 'e2e-chat-signing-secret-0123456789';
const DM = 'D0E2E';
const THREAD = '1759990200.000200';

let slack: FakeSlack;
let server: EntryProcess;
let requests: SlackRequests;
const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-chat-e2e-'));

type Block = { type: string; block_id?: string; slack_file?: { id: string }; title?: { text: string }; elements?: { action_id: string; value: string; text: { text: string }; style?: string }[] };
const blocks = (m: FakeMessage | undefined, type: string) => ((m?.blocks ?? []) as Block[]).filter((b) => b.type === type);
const answers = () => slack.thread(DM, THREAD).filter((m) => blocks(m, 'context_actions').length > 0);
const charts = () => slack.thread(DM, THREAD).filter((m) => blocks(m, 'image').length > 0);

beforeAll(async () => {
  slack = await FakeSlack.start();
  server = await startEntry({
    command: ['npm', 'start'],
    cwd: ROOT,
    env: { DATA_DIR: dataDir, SLACK_BOT_TOKEN: slack.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
  });
  requests = new SlackRequests(`${server.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
}, 90_000);

afterAll(async () => {
  await server?.kill();
  await slack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start: the Slack AI-app surface and chart controls', () => {
  it('an assistant thread: prompts, a question answered with a plan, charts with controls, a follow-up without a mention', async () => {
    await server.explain(requests.assistantThreadStarted({ channel: DM, thread_ts: THREAD }));
    await server.explain(slack.waitFor(() => slack.assistant.prompts.length === 1, 15_000, 'suggested prompts'));
    expect(slack.assistant.prompts[0].prompts.length).toBeGreaterThan(0);
    expect(slack.assistant.prompts[0].prompts.length).toBeLessThanOrEqual(4);

    await requests.threadMessage({ text: 'How has NVDA performed relative to the semiconductor sector over the past quarter?', channel: DM, thread_ts: THREAD });
    await server.explain(slack.waitFor(() => answers().length === 1 && charts().length > 0, 45_000, 'the answer and a chart in the assistant thread'));
    expect(slack.assistant.titles[0]?.title).toMatch(/^How has NVDA performed/);
    expect(slack.assistant.statuses[0]?.status).not.toBe('');
    await server.explain(slack.waitFor(() => slack.assistant.statuses.at(-1)?.status === '', 15_000, 'the loading status cleared'));
    expect(answers()[0].text).toContain('NVDA');

    await requests.threadMessage({ text: 'and AMD?', channel: DM, thread_ts: THREAD });
    await server.explain(slack.waitFor(() => answers().length === 2, 45_000, 'the follow-up answer'));
    expect(answers()[1].text).toContain('AMD');
  }, 120_000);

  it('a chart-control click (YTD) replaces the chart in the same message', async () => {
    const message = charts()[0];
    expect(message).toBeDefined();
    const before = blocks(message, 'image')[0].slack_file!.id;
    const ytd = blocks(message, 'actions')[0].elements!.find((e) => e.text.text === 'YTD')!;
    const res = await requests.click({ actionId: ytd.action_id, value: ytd.value, channel: DM, messageTs: message.ts, responseUrl: slack.responseUrl('ytd'), blocks: message.blocks });
    expect(res.status).toBe(200);
    await server.explain(slack.waitFor(() => message.edits > 0, 30_000, 'the chart message edited'));
    const image = blocks(message, 'image')[0];
    expect(image.slack_file!.id).not.toBe(before);
    expect(image.title?.text).toMatch(/YTD \(2026-01-01 → 2026-05-15\)/);
    expect(isPng(slack.files.get(image.slack_file!.id)?.bytes)).toBe(true);
    expect(blocks(message, 'actions')[0].elements!.find((e) => e.text.text === 'YTD')?.style).toBe('primary');
  }, 60_000);
});
