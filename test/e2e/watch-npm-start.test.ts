/**
 * Watchlists and digests through `npm start` (spawned, offline): manage a channel's watchlist over /api/watch,
 * post a digest at once (`/digest now` — a run with its own intent, a table and a chart, in the run list), then
 * restart the process on the same DATA_DIR: the watchlist, schedule and alert are still there (SQLite). Slack runs in
 * HTTP mode against the fake Slack: `/watch` and `/digest now` as signed slash commands, the digest posted there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/entry-commands.js';
import { startEntry, until, type EntryProcess } from './helpers/entry-process.js';
import { chartFileIds, isPng, listRuns } from './helpers/surface-checks.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { SlackRequests } from '../fakes/slack-requests.js';

const DATA = mkdtempSync(path.join(tmpdir(), 'marketdesk-watch-e2e-'));
const channel = { platform: 'http', channel: 'desk' };
const SIGNING_SECRET = 'e2e-watch-signing-secret-0123456789';
let server: EntryProcess | undefined;
let slack: FakeSlack | undefined;

afterAll(async () => {
  await server?.kill();
  await slack?.close();
  rmSync(DATA, { recursive: true, force: true });
});

const command = async (url: string, name: string, text: string) => {
  const res = await fetch(`${url}/api/watch/commands`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, command: name, text, user: 'U-e2e' }) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; text: string; runId?: string } };
};

describe('watch through npm start', () => {
  it('manages the watchlist, posts a digest run with a chart, and keeps the state across a restart', async () => {
    slack = await FakeSlack.start();
    const env = { DATA_DIR: DATA, SLACK_BOT_TOKEN: slack.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
    server = await startEntry({ command: ['npm', 'start'], cwd: ROOT, env });
    const url = server.url;

    const added = await command(url, 'watch', 'add NVDA AMD ZZZQ');
    expect(added.status).toBe(200);
    expect(added.body.text).toContain('Added NVDA, AMD.');
    expect(added.body.text).toContain('Refused ZZZQ');
    const bad = await command(url, 'digest', 'daily 25:99');
    expect(bad.status).toBe(422);
    expect(bad.body.text).toContain('not a time of day');
    expect((await command(url, 'digest', 'daily 16:15')).body.text).toContain('16:15 America/New_York');
    expect((await command(url, 'alert', 'NVDA rsi above 70')).body.text).toMatch(/Alert `[0-9a-f]+` set: NVDA RSI\(14\) above 70/);

    const now = await command(url, 'digest', 'now');
    expect(now.status).toBe(200);
    const runId = now.body.runId!;
    expect(runId).toBeTruthy();
    let snap: any;
    await server.explain(until(async () => {
      snap = await (await fetch(`${url}/api/runs/${runId}`)).json();
      return snap.done === true;
    }, 60_000, 'the digest run to end'));
    expect(snap.status).toBe('completed');
    expect(snap.intent).toBe('digest');
    expect(snap.answer).toContain('| NVDA |');
    expect(snap.answer).toContain('| AMD |');
    expect(snap.artifacts.length).toBeGreaterThan(0);
    const chart = await fetch(`${url}${snap.artifacts[0].url}`);
    expect(isPng(Buffer.from(await chart.arrayBuffer()))).toBe(true);
    expect((await listRuns(url)).map((r: any) => r.id ?? r.runId)).toContain(runId);

    // Slack, through the same process: signed slash commands, the reply on the response_url, the digest posted.
    const fake = slack;
    const requests = new SlackRequests(`${url}/slack/events`, SIGNING_SECRET, fake.options.teamId, fake.options.botUserId);
    const slash = async (command: string, text: string, id: string) => {
      expect((await requests.command({ command, text, responseUrl: fake.responseUrl(id) })).status).toBe(200);
      await server!.explain(fake.waitFor(() => fake.responses.some((r) => r.path === `/response/${id}`), 20_000, `reply to ${command} ${text}`));
      return String(fake.responses.find((r) => r.path === `/response/${id}`)!.body.text);
    };
    expect(await slash('/watch', 'add AAPL MSFT', 'w1')).toContain('Added AAPL, MSFT.');
    expect(await slash('/digest', 'now', 'd1')).toMatch(/^Posting the digest for \d{4}-\d{2}-\d{2} \(AAPL, MSFT\)\.$/);
    // The chart shows in the thread as an image block with its controls (issue 18), or as a shared file.
    await server.explain(fake.waitFor(() => fake.messages.some((m) => m.thread_ts !== undefined && chartFileIds(m).length > 0), 60_000, 'the Slack digest chart'));
    const root = fake.messages.find((m) => !m.thread_ts && m.text.startsWith(':bar_chart: Watchlist digest'))!;
    expect(root.text).toContain('AAPL, MSFT');
    const answer = fake.thread('C0MARKETS', root.ts).find((m) => m.ts !== root.ts && m.text.includes('Watchlist digest for'));
    expect(answer?.text).toMatch(/AAPL[\s\S]*MSFT[\s\S]*Leader:/);

    // Restart on the same DATA_DIR: the state is durable.
    server.signal('SIGTERM');
    await server.exited;
    server = await startEntry({ command: ['npm', 'start'], cwd: ROOT, env });
    const listed = (await (await fetch(`${server.url}/api/watch`)).json()) as any;
    expect(listed.watchlists).toEqual([{ channel, symbols: ['NVDA', 'AMD'] }, { channel: { platform: 'slack', team: 'T0FAKE', channel: 'C0MARKETS' }, symbols: ['AAPL', 'MSFT'] }]);
    expect(listed.schedules).toEqual([expect.objectContaining({ channel, time: '16:15', timeZone: 'America/New_York', enabled: true })]);
    expect(listed.alerts).toHaveLength(1);
    expect(listed.alerts[0]).toMatchObject({ symbol: 'NVDA', createdBy: 'U-e2e', condition: { metric: 'rsi', direction: 'above', threshold: 70 } });
  }, 150_000);
});
