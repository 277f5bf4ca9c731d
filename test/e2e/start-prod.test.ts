/**
 * Smoke test of the production start: the compiled JavaScript (`npm run build`, then the `start:prod` script's
 * command — what the Dockerfile runs) in a child process, started by node directly from a temporary working
 * directory with DATA_DIR at its default (so `.data` lands there, and prompts, data and the console must be found
 * beside dist/, not in the cwd). Slack in Socket Mode and Discord at once against the fakes, plus the HTTP API.
 * Then SIGTERM to node's PID; and `npm run start:prod` stopped by SIGTERM to npm's PID.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { ensureBuilt, ROOT, scriptArgv } from './helpers/entry-commands.js';
import { healthzAnswers, startEntry, until, type EntryProcess } from './helpers/entry-process.js';
import { askOverHttp, discordThreadDone, isPng, listRuns, SEED_FIGURES, SEED_QUESTION, slackSocketMention, slackThreadDone } from './helpers/surface-checks.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'marketdesk-prod-'));
let slack: FakeSlack;
let discord: FakeDiscord;
let server: EntryProcess;
let npmServer: EntryProcess | undefined;

beforeAll(async () => {
  await ensureBuilt();
  [slack, discord] = await Promise.all([FakeSlack.start(), startFakeDiscord()]);
  server = await startEntry({
    command: scriptArgv('start:prod'),
    cwd,
    env: {
      SLACK_BOT_TOKEN: slack.options.token,
      SLACK_APP_TOKEN: slack.options.appToken,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    },
  });
  await Promise.all([discord.waitForBot(20_000), slack.waitFor(() => slack.socketCount > 0, 20_000, 'the Socket Mode connection')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.kill(), npmServer?.kill()]);
  await Promise.all([slack?.close(), discord?.close()]);
  rmSync(cwd, { recursive: true, force: true });
});

describe('compiled production start (node dist/…), Slack Socket Mode + Discord + HTTP API in one process', () => {
  it('HTTP API: the seed question streams to run.completed with the figures, the chart is served as a PNG', async () => {
    const run = await server.explain(askOverHttp(server.url, SEED_QUESTION));
    expect(run.types.at(-1)).toBe('run.completed');
    for (const figure of SEED_FIGURES) expect(run.completed.answer).toContain(figure);
    expect(run.charts.length).toBeGreaterThan(0);
    for (const chart of run.charts) {
      expect(chart.contentType).toMatch(/^image\/png/);
      expect(isPng(chart.bytes)).toBe(true);
    }
    // The default DATA_DIR is relative to the working directory, not to dist/.
    expect(existsSync(path.join(cwd, '.data', 'runs', run.id, 'events.jsonl'))).toBe(true);
    // The console's files and the fold module are served from dist/ (copied and compiled by the build).
    expect(await (await fetch(`${server.url}/`)).text()).toMatch(/<html/i);
    expect((await fetch(`${server.url}/app.js`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/run-fold.js`)).text()).toContain('applyEvent');
  });

  it('Slack (Socket Mode): an app_mention envelope is acked, the status edited to done, the answer and the chart', async () => {
    const { ts, envelopeId } = slackSocketMention(slack, SEED_QUESTION);
    await server.explain(slack.waitFor(() => slack.socketAcks.some((a) => a.envelope_id === envelopeId), 5_000, 'the ack'));
    const result = await server.explain(slackThreadDone(slack, 'C0MARKETS', ts));
    expect(slack.calls.filter((c) => c.method === 'chat.update').length).toBeGreaterThan(0);
    for (const figure of SEED_FIGURES) expect(result.answerText).toContain(figure);
    expect(result.files.length).toBeGreaterThan(0);
    for (const file of result.files) expect(isPng(file.bytes)).toBe(true);
  });

  it('Discord (/analyze): deferred, status message edited to done, the answer with the chart attached', async () => {
    const record = discord.sendSlashCommand({ question: SEED_QUESTION });
    const threadId = await server.explain(discord.waitFor(() => record.originalMessageId && discord.state.isThread(record.originalMessageId) && record.originalMessageId, 10_000, 'the thread'));
    const result = await server.explain(discordThreadDone(discord, threadId));
    expect(result.statusEdits).toBeGreaterThan(0);
    for (const figure of SEED_FIGURES) expect(result.answer.map((m) => m.content).join('\n')).toContain(figure);
    const run = (await listRuns(server.url)).find((r) => r.source?.platform === 'discord');
    expect(run?.status).toBe('completed');
    expect(result.charts.length).toBe(run!.artifacts.length);
    expect(result.charts.length).toBeGreaterThan(0);
    for (const chart of result.charts) expect(isPng(chart.bytes)).toBe(true);
    expect(server.output()).not.toMatch(/discord answer could not be posted|action is not a function/);
  });

  it("SIGTERM to node's PID stops the server gracefully", async () => {
    server.signal('SIGTERM');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    await until(() => !server.groupAlive(), 5_000, 'the process group to exit');
    expect(await healthzAnswers(server.url)).toBe(false);
    expect(server.output()).toMatch(/"msg":"bye"/);
  });

  it("npm run start:prod: SIGTERM to npm's PID stops the server too", async () => {
    const dataDir = path.join(cwd, 'npm-start-prod');
    npmServer = await startEntry({ command: ['npm', 'run', 'start:prod'], cwd: ROOT, env: { DATA_DIR: dataDir } });
    expect(npmServer.output()).not.toMatch(/tsx/);
    npmServer.signal('SIGTERM');
    await until(() => !npmServer!.groupAlive(), 10_000, 'npm and node to exit');
    expect(await healthzAnswers(npmServer.url)).toBe(false);
    expect(npmServer.output()).toMatch(/"msg":"bye"/);
  });
});
