/**
 * End to end: the app as `npm start` composes it (createApp + startSurfaces, offline defaults), Slack in HTTP mode
 * on the real HTTP server at /slack/events, Bolt driven by signed requests, the WebClients talking to the fake Slack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app/create-app.js';
import { startSurfaces } from '../../../src/app/start-surfaces.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { FakeSlack } from '../../fakes/slack-server.js';
import { SlackRequests } from '../../fakes/slack-requests.js';
import { chartFileIds } from '../../e2e/helpers/surface-checks.js';
import { blocksOf, SIGNING_SECRET, type Harness } from './helpers/harness.js';

const SEED_QUESTION = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The real app from the composition root (createApp + startSurfaces): Slack in HTTP mode against the fake. */
async function startRealStack(env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-e2e-'));
  const fake = await FakeSlack.start();
  const app = createApp(
    loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', SLACK_BOT_TOKEN: fake.options.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, ...env }),
    { logger: silentLogger },
  );
  const surfaces = await startSurfaces(app);
  const adapter = surfaces.slack!;
  const harness: Harness = {
    fake,
    adapter,
    slack: new SlackRequests(`${surfaces.url}/slack/events`, SIGNING_SECRET, fake.options.teamId, fake.options.botUserId),
    dataDir: dir,
    url: surfaces.url,
    async close() {
      await surfaces.stop();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return { harness, runs: () => app.pipeline, hasChartTool: app.registry.names().includes('render_chart') };
}

describe('Slack end to end with the real pipeline', () => {
  it('the seed question: plan live in the thread, then the answer and the chart', async () => {
    const stack = await startRealStack();
    h = stack.harness;
    const { ts } = await h.slack.mention({ text: SEED_QUESTION });
    await h.fake.waitFor(() => h!.fake.thread('C0MARKETS', ts).some((m) => blocksOf(m, 'context_actions').length > 0), 20_000, 'answer');
    await h.adapter.idle();
    const runId = (await stack.runs().listRuns(1))[0].runId;
    const state = (await stack.runs().getRun(runId))!;
    expect(state.status).toBe('completed');

    const thread = h.fake.thread('C0MARKETS', ts);
    const status = thread[0];
    const tasks = blocksOf(status, 'plan')[0].tasks as { task_id: string; status: string }[];
    expect(tasks.map((t) => t.task_id)).toEqual(state.steps.map((s) => s.id));
    expect(tasks.every((t) => t.status === 'complete')).toBe(true);
    // The answer text is the pipeline's answer, translated: every number in it is in the run's answer.
    const answer = thread.filter((m) => m !== status && chartFileIds(m).length === 0).map((m) => m.text).join('\n');
    for (const figure of answer.match(/[-+]?\d+(?:\.\d+)?%/g) ?? []) expect(state.answer).toContain(figure.replace(/^\+/, ''));
    expect(answer).not.toMatch(/\*\*|^#/m);
    // The chart, when the registry has a renderer: every chart artifact of the run is shown in the thread (an image
    // block over the uploaded file, with the chart controls under it).
    expect(thread.flatMap(chartFileIds)).toHaveLength(state.artifacts.length);
    if (stack.hasChartTool) expect(state.artifacts.length).toBeGreaterThan(0);
    for (const chart of h.fake.files.values()) {
      expect(chart.bytes?.subarray(1, 4).toString()).toBe('PNG');
      expect(chart.alt && chart.alt.length).toBeGreaterThan(10);
    }
    // Recorded for the report: Slack API calls by method for the seed question.
    if (process.env.SLACK_E2E_DUMP) console.info(JSON.stringify({ calls: h.fake.countByMethod(), thread }, null, 1));
  }, 30_000);

  it('follow-up "and AMD?" in the thread inherits the benchmark and the period', async () => {
    const stack = await startRealStack();
    h = stack.harness;
    const first = await h.slack.mention({ text: SEED_QUESTION });
    const answers = () => h!.fake.thread('C0MARKETS', first.ts).filter((m) => blocksOf(m, 'context_actions').length > 0).length;
    await h.fake.waitFor(() => answers() === 1, 20_000, 'first answer');
    await h.slack.mention({ text: 'and AMD?', thread_ts: first.ts });
    await h.fake.waitFor(() => answers() === 2, 20_000, 'second answer');
    await h.adapter.idle();
    const [second, firstRun] = await Promise.all((await stack.runs().listRuns(2)).map(async (r) => (await stack.runs().getRun(r.runId))!));
    expect(second.entities?.tickers).toContain('AMD');
    expect(second.entities?.benchmark).toBe(firstRun.entities?.benchmark);
    expect(second.entities?.period).toEqual(firstRun.entities?.period);
  }, 40_000);

  it('an unknown ticker gets an answer a person can act on', async () => {
    const stack = await startRealStack();
    h = stack.harness;
    const { ts } = await h.slack.mention({ text: 'how is $ZZZZ doing this year?' });
    await h.fake.waitFor(() => h!.fake.thread('C0MARKETS', ts).some((m) => m.text.startsWith(':mag:')), 20_000, 'error');
    await h.adapter.idle();
    const error = h.fake.thread('C0MARKETS', ts).find((m) => m.text.startsWith(':mag:'))!;
    expect(error.text).toMatch(/^:mag: I don't have data for ZZZZ\./);
    // The router's list of what is available comes through, so the person can pick another symbol.
    expect(error.text).toContain('NVDA');
    const status = h.fake.thread('C0MARKETS', ts)[0];
    expect(blocksOf(status, 'actions')[0]?.elements[0]?.action_id).toBe('marketdesk_retry');
  }, 30_000);

  it('a failing chart renderer: the status shows the error and the fallback, the answer still comes', async (ctx) => {
    const stack = await startRealStack({ MARKETDESK_FAULTS: 'render_chart=fatal' });
    h = stack.harness;
    if (!stack.hasChartTool) return ctx.skip('render_chart is not registered yet');
    const { ts } = await h.slack.mention({ text: SEED_QUESTION });
    await h.fake.waitFor(() => h!.fake.thread('C0MARKETS', ts).some((m) => blocksOf(m, 'context_actions').length > 0), 20_000, 'answer');
    await h.adapter.idle();
    const status = h.fake.thread('C0MARKETS', ts)[0];
    const tasks = blocksOf(status, 'plan')[0].tasks as { task_id: string; status: string }[];
    const state = (await stack.runs().getRun((await stack.runs().listRuns(1))[0].runId))!;
    expect(state.status).toBe('completed');
    expect(tasks.some((t) => t.status === 'error')).toBe(true);
    // The fallback is named in the notes ("↪ <revision reason>") and its own task completed.
    expect(state.revisions.length).toBeGreaterThan(0);
    expect(JSON.stringify(blocksOf(status, 'context'))).toContain(`↪ ${state.revisions[0].reason}`);
    const added = state.revisions[0].added[0];
    expect(tasks.find((t) => t.task_id === added)?.status).toBe('complete');
  }, 30_000);
});
