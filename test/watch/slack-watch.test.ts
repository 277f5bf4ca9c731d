/**
 * /watch, /digest, /alert and the "Add to watchlist" button through Slack: the app as `npm start` composes it
 * (createApp + startSurfaces, offline), Slack in HTTP mode, real Bolt driven by signed requests against the fake
 * Slack; the scheduler on a simulated clock posts the digest and an alert as runs, each with its chart.
 */
import { chartFileIds } from '../e2e/helpers/surface-checks.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { startSurfaces, type RunningSurfaces } from '../../src/app/start-surfaces.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { blocksOf, SIGNING_SECRET } from '../adapters/slack/helpers/harness.js';
import { ny } from './helpers.js';

const CHANNEL = 'C0MARKETS';
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function stack() {
  const dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-slack-watch-'));
  const fake = await FakeSlack.start();
  let now = ny('2026-05-15', '12:00');
  const app = createApp(
    loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', WATCH_TICK_MS: '0', SLACK_BOT_TOKEN: fake.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl }),
    { logger: silentLogger },
  );
  const surfaces: RunningSurfaces = await startSurfaces(app, { watchNow: () => now });
  const slack = new SlackRequests(`${surfaces.url}/slack/events`, SIGNING_SECRET, fake.options.teamId, fake.options.botUserId);
  cleanup = async () => {
    await surfaces.stop();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  };
  let replies = 0;
  /** Sends a slash command and returns the ephemeral reply posted to its response_url. */
  const command = async (name: string, text: string) => {
    const id = `r${++replies}`;
    const res = await slack.command({ command: `/${name}`, text, responseUrl: fake.responseUrl(id) });
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.responses.some((r) => r.path === `/response/${id}`), 10_000, `reply to /${name} ${text}`);
    return String(fake.responses.find((r) => r.path === `/response/${id}`)!.body.text);
  };
  /** Waits for a root message starting with `prefix`, then for its thread's answer and shared chart. */
  const posted = async (prefix: string) => {
    await fake.waitFor(() => fake.messages.some((m) => !m.thread_ts && m.text.startsWith(prefix)), 20_000, `root "${prefix}"`);
    const root = fake.messages.find((m) => !m.thread_ts && m.text.startsWith(prefix))!;
    // The chart is shown in the thread: an image block with its controls (issue 18), or a shared file.
    await fake.waitFor(() => fake.thread(CHANNEL, root.ts).some((m) => chartFileIds(m).length > 0), 30_000, 'chart shown in the thread');
    await surfaces.slack!.idle();
    const thread = fake.thread(CHANNEL, root.ts);
    const chartId = thread.flatMap(chartFileIds)[0];
    return { root, thread, status: thread.find((m) => blocksOf(m, 'plan').length > 0), answer: thread.find((m) => blocksOf(m, 'context_actions').length > 0), chart: fake.files.get(chartId)! };
  };
  return { app, surfaces, fake, slack, command, posted, setNow: (t: number) => (now = t) };
}

describe('watch commands on Slack (real Bolt, fake Slack, real pipeline)', () => {
  it('/watch, /alert and /digest manage the channel; the scheduled digest and an alert are posted as runs with a chart', async () => {
    const s = await stack();
    expect(await s.command('watch', 'add NVDA AMD ZZZQ')).toMatch(/Added NVDA, AMD\.[\s\S]*Refused ZZZQ: not in the symbol directory/);
    expect(await s.command('watch', 'list')).toBe('This channel watches NVDA, AMD (2/25).');
    expect(await s.command('watch', 'launch')).toContain('Usage: `/watch add NVDA AMD`');
    expect(await s.command('digest', 'daily 16:15')).toBe('Daily digest on: 16:15 America/New_York, on NYSE trading days.');
    expect(await s.command('alert', 'AMD rsi above 70')).toMatch(/^Alert `[0-9a-f]{8}` set: AMD RSI\(14\) above 70/);
    const list = await s.command('alert', 'list');
    expect(list).toMatch(/AMD RSI\(14\) above 70 — by U0ALICE, fired 0×/);
    const id = /`([0-9a-f]{8})`/.exec(list)![1];
    expect(await s.command('alert', `delete ${id}`)).toContain(`Deleted alert \`${id}\``);
    expect(s.fake.messages).toHaveLength(0); // management replies are ephemeral

    // 16:15 on a trading day: the digest is a run posted as a new message, its plan live and its answer in the thread.
    s.setNow(ny('2026-05-15', '16:15'));
    expect((await s.surfaces.watch.scheduler.tick()).digests).toHaveLength(1);
    const digest = await s.posted(':bar_chart: Watchlist digest for 2026-05-15');
    expect(blocksOf(digest.status, 'plan')[0].tasks.map((t: { status: string }) => t.status).every((x: string) => x === 'complete')).toBe(true);
    expect(digest.answer?.text).toContain('Watchlist digest for 2026-05-15');
    expect(digest.answer?.text).toMatch(/NVDA[\s\S]*AMD/);
    expect(digest.chart.bytes?.subarray(1, 4).toString()).toBe('PNG');
    const firings = await s.surfaces.watch.store.listFirings();
    expect(firings).toHaveLength(1);
    expect((await s.app.pipeline.getRun(firings[0].runId!))?.intent).toBe('digest');

    // An alert whose RSI crosses 70 on 2026-05-13 (baseline the session before): posted once with the figure and a chart.
    await s.surfaces.watch.store.addAlert({ id: 'nvda70', channel: { platform: 'slack', team: 'T0FAKE', channel: CHANNEL }, symbol: 'NVDA', condition: { metric: 'rsi', direction: 'above', threshold: 70 }, createdBy: 'U0ALICE', createdAt: '2026-05-01T00:00:00Z', lastSide: 'below', lastDate: '2026-05-12', firedCount: 0 });
    s.setNow(ny('2026-05-13', '17:00'));
    expect((await s.surfaces.watch.scheduler.tick()).alerts).toEqual(['alert:nvda70:2026-05-13']);
    expect((await s.surfaces.watch.scheduler.tick()).alerts).toEqual([]);
    const alert = await s.posted(':bar_chart: Alert: NVDA RSI(14) above 70');
    expect(alert.answer?.text).toMatch(/RSI\(14\) was 72\.13 on 2026-05-13/);
    expect(alert.answer?.text).toContain('set by U0ALICE');
  }, 90_000);

  it('/digest now posts at once, and the Add to watchlist button under an answer adds its tickers', async () => {
    const s = await stack();
    expect(await s.command('digest', 'now')).toContain('The watchlist is empty');
    const { ts } = await s.slack.mention({ text: 'How has AAPL done over the past month?' });
    await s.fake.waitFor(() => s.fake.thread(CHANNEL, ts).some((m) => blocksOf(m, 'context_actions').length > 0), 20_000, 'answer');
    const answer = s.fake.thread(CHANNEL, ts).find((m) => blocksOf(m, 'context_actions').length > 0)!;
    const button = blocksOf(answer, 'actions').flatMap((b) => b.elements as { action_id: string; value: string }[]).find((e: { action_id: string }) => e.action_id === 'marketdesk_watch_add');
    expect(button?.value).toBe('AAPL');
    const click = await s.slack.click({ actionId: 'marketdesk_watch_add', value: button!.value, responseUrl: s.fake.responseUrl('click') });
    expect(click.status).toBe(200);
    await s.fake.waitFor(() => s.fake.responses.some((r) => r.path === '/response/click'), 10_000, 'click reply');
    expect(String(s.fake.responses.find((r) => r.path === '/response/click')!.body.text)).toContain('Added AAPL.');
    expect(await s.command('digest', 'now')).toBe('Posting the digest for 2026-05-14 (AAPL).');
    const digest = await s.posted(':bar_chart: Watchlist digest for 2026-05-14');
    expect(digest.answer?.text).toContain('AAPL');
  }, 90_000);
});
