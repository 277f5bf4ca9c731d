/**
 * Smoke test of `npm start` as a new user runs it: the real entry point in a child process (npm → node with the tsx
 * loader), working directory the repository, DATA_DIR left at its default (`.data`, relative), Slack in HTTP mode
 * and Discord configured at once against the fakes, and the HTTP API. One server serves every case; the last case
 * stops it the way a supervisor does — SIGTERM to the PID it started, npm's — and checks nothing is left running.
 *
 * Runs this test created in `.data/runs` are removed afterwards (and `.data` itself if the test created it).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { SlackRequests } from '../fakes/slack-requests.js';
import { FakeSlack } from '../fakes/slack-server.js';
import { ROOT } from './helpers/entry-commands.js';
import { healthzAnswers, startEntry, until, type EntryProcess } from './helpers/entry-process.js';
import { askOverHttp, discordThreadDone, isPng, listRuns, SEED_FIGURES, SEED_QUESTION, slackHttpMention, slackThreadDone } from './helpers/surface-checks.js';

const SIGNING_SECRET = 'e2e-signing-secret-0123456789';
const DATA = path.join(ROOT, '.data');
const RUNS = path.join(DATA, 'runs');
const dataExisted = existsSync(DATA);
const runsBefore = new Set(existsSync(RUNS) ? readdirSync(RUNS) : []);

let slack: FakeSlack;
let discord: FakeDiscord;
let server: EntryProcess;

beforeAll(async () => {
  [slack, discord] = await Promise.all([FakeSlack.start(), startFakeDiscord()]);
  server = await startEntry({
    command: ['npm', 'start'],
    cwd: ROOT,
    env: {
      SLACK_BOT_TOKEN: slack.options.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    },
  });
  await discord.waitForBot(20_000);
}, 90_000);

afterAll(async () => {
  await server?.kill();
  await Promise.all([slack?.close(), discord?.close()]);
  if (!dataExisted) rmSync(DATA, { recursive: true, force: true });
  else if (existsSync(RUNS)) for (const run of readdirSync(RUNS)) if (!runsBefore.has(run)) rmSync(path.join(RUNS, run), { recursive: true, force: true });
});

describe('npm start (tsx), Slack HTTP mode + Discord + HTTP API in one process', () => {
  it('HTTP API: the seed question streams to run.completed with the figures, the chart is served as a PNG', async () => {
    const run = await server.explain(askOverHttp(server.url, SEED_QUESTION));
    expect(run.types[0]).toBe('run.created');
    expect(run.types.at(-1)).toBe('run.completed');
    for (const figure of SEED_FIGURES) expect(run.completed.answer).toContain(figure);
    expect(run.snapshot.status).toBe('completed');
    expect(run.charts.length).toBeGreaterThan(0);
    for (const chart of run.charts) {
      expect(chart.contentType).toMatch(/^image\/png/);
      expect(isPng(chart.bytes)).toBe(true);
    }
    // The run is stored under the default, relative DATA_DIR: .data/runs/<id>/ in the working directory.
    expect(existsSync(path.join(RUNS, run.id, 'events.jsonl'))).toBe(true);
    // The web console and its fold module are served.
    expect((await fetch(`${server.url}/`)).headers.get('content-type')).toMatch(/text\/html/);
    expect(await (await fetch(`${server.url}/run-fold.js`)).text()).toContain('applyEvent');
  });

  it('Slack (HTTP mode): a signed mention gets a status message edited to done, the answer and the chart', async () => {
    const requests = new SlackRequests(`${server.url}/slack/events`, SIGNING_SECRET, slack.options.teamId, slack.options.botUserId);
    const { ts, status } = await slackHttpMention(requests, SEED_QUESTION);
    expect(status).toBe(200);
    const result = await server.explain(slackThreadDone(slack, 'C0MARKETS', ts));
    expect(slack.calls.filter((c) => c.method === 'chat.update').length).toBeGreaterThan(0);
    for (const figure of SEED_FIGURES) expect(result.answerText).toContain(figure);
    expect(result.files.length).toBeGreaterThan(0);
    for (const file of result.files) expect(isPng(file.bytes)).toBe(true);
  });

  it('Discord (gateway mention): status message edited to done, the answer with the chart attached', async () => {
    const asked = discord.postUserMessage({ content: `<@${discord.botUser.id}> ${SEED_QUESTION}` });
    const result = await server.explain(discordThreadDone(discord, asked.id));
    expect(result.statusEdits).toBeGreaterThan(0);
    for (const figure of SEED_FIGURES) expect(result.answer.map((m) => m.content).join('\n')).toContain(figure);
    // As many charts as the run made, each a real PNG (the upload used to fail with Slack loaded in the process).
    const run = (await listRuns(server.url)).find((r) => r.source?.platform === 'discord');
    expect(run?.status).toBe('completed');
    expect(result.charts.length).toBe(run!.artifacts.length);
    expect(result.charts.length).toBeGreaterThan(0);
    for (const chart of result.charts) expect(isPng(chart.bytes)).toBe(true);
    expect(server.output()).not.toMatch(/discord answer could not be posted|action is not a function/);
  });

  it("SIGTERM to npm's PID stops the server gracefully: every process exits, /healthz stops answering", async () => {
    server.signal('SIGTERM');
    await until(() => !server.groupAlive(), 10_000, 'npm and node to exit');
    await server.exited;
    expect(await healthzAnswers(server.url)).toBe(false);
    expect(server.output()).toMatch(/"signal":"SIGTERM".*shutting down/);
    expect(server.output()).toMatch(/"msg":"bye"/);
  });
});
