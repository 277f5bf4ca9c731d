/**
 * The Discord adapter over the real pipeline, composed as `npm start` composes it (createApp + startSurfaces,
 * offline defaults): the seed question end to end, a failing tool injected with MARKETDESK_FAULTS, and a follow-up
 * in the thread — all through the real discord.js client and the fake Discord.
 */
// The app (and with it vega-lite) is imported before discord.js on purpose, as in `npm start`: vega-lite's global
// Set.prototype.toJSON used to break discord.js here (see src/render/charts/vega-lite-compile.ts).
import { createApp } from '../../../src/app/create-app.js';
import { startSurfaces } from '../../../src/app/start-surfaces.js';
import { loadConfig } from '../../../src/config.js';
import { captureLogs, errorLogs, tempDataDir, type Harness } from './harness.js';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/adapters/discord/escape-markdown.js';
import { splitContent, toDiscordMarkdown } from '../../../src/adapters/discord/split-content.js';
import type { RunApi } from '../../../src/pipeline/run/run-api.js';
import { startFakeDiscord, type ApiMessage } from '../../fakes/discord-server.js';
import { waitForValue } from '../../helpers/wait-for.js';
import { isDiscordStatus } from '../../e2e/helpers/surface-checks.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

let h: Harness | undefined;
let runs: RunApi | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(env: Record<string, string> = {}): Promise<Harness> {
  const discord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
  const dataDir = await tempDataDir();
  const config = loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, PORT: '0', ...env });
  const { logger, logs } = captureLogs();
  const app = createApp(config, { logger });
  runs = app.pipeline;
  const surfaces = await startSurfaces(app);
  h = {
    discord,
    adapter: surfaces.discord!,
    config,
    dataDir,
    logs,
    async close() {
      await surfaces.stop();
      await discord.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

const botMessages = (h: Harness, channelId: string) => h.discord.messagesIn(channelId).filter((m) => m.author.id === h.discord.botUser.id);

/** Waits for the run behind a thread to end and for its answer messages to be posted. */
async function waitForAnswer(h: Harness, threadId: string, nth = 1): Promise<{ runId: string; answer: ApiMessage[] }> {
  const runId = await waitForValue(async () => {
    const states = await Promise.all((await runs!.listRuns(20)).map((r) => runs!.getRun(r.runId)));
    const state = states.filter((s) => s?.source?.thread === threadId).reverse()[nth - 1];
    return state?.done ? state.runId : undefined;
  }, 30_000, 'the run to end');
  const state = (await runs!.getRun(runId))!;
  // The text in one or more messages, then each chart in its own message with its controls (issue 18).
  const expected = splitContent(toDiscordMarkdown(state.answer)).length + state.artifacts.filter((a) => a.kind === 'chart').length;
  const answer = await h.discord.waitFor(() => {
    const statuses = botMessages(h, threadId).filter(isDiscordStatus);
    const status = statuses[nth - 1];
    if (!status) return undefined;
    const after = botMessages(h, threadId).filter((m) => BigInt(m.id) > BigInt(status.id) && !isDiscordStatus(m) && (!statuses[nth] || BigInt(m.id) < BigInt(statuses[nth].id)));
    return after.length >= expected ? after : undefined;
  }, 15_000, 'the answer messages');
  return { runId, answer };
}

describe('discord adapter over the real pipeline', () => {
  it('answers the seed question: the answer text comes from the run, tables as code blocks, chart attached', async () => {
    const h = await setup();
    const record = h.discord.sendSlashCommand({ question: SEED });
    const threadId = await h.discord.waitFor(() => record.originalMessageId && h.discord.state.isThread(record.originalMessageId) && record.originalMessageId, 10_000, 'thread');
    const { runId, answer } = await waitForAnswer(h, threadId);
    const state = (await runs!.getRun(runId))!;
    expect(state.status).toBe('completed');

    const posted = answer.map((m) => m.content).join('\n');
    for (const chunk of answer) expect(chunk.content.length).toBeLessThanOrEqual(2000);
    // Every line of the run's answer reaches Discord (tables inside code blocks).
    for (const line of toDiscordMarkdown(state.answer).split('\n').filter((l) => l.trim())) expect(posted).toContain(line.trim());
    if (state.answer.includes('|---')) expect(posted).toMatch(/```\n\|/);

    // The seed question renders charts; each is attached as a PNG (an empty list on both sides must not pass).
    const charts = state.artifacts.filter((a) => a.kind === 'chart');
    const attached = answer.flatMap((m) => m.attachments);
    expect(charts.length).toBeGreaterThan(0);
    expect(attached.map((a) => a.filename)).toEqual(charts.map((_, i) => (i === 0 ? 'chart.png' : `chart-${i + 1}.png`)));
    for (const a of attached) expect(h.discord.fileBytes(a.id)?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const status = await h.discord.waitFor(() => {
      const m = botMessages(h, threadId)[0];
      return m.content.includes('Done') && m;
    }, 5000, 'final status');
    for (const step of state.steps) expect(status.content).toContain(escapeMarkdown(step.label));
    expect(errorLogs(h.logs)).toEqual([]);
  });

  it('failing tools (MARKETDESK_FAULTS) show in the status checklist, and the thread still gets an answer', async () => {
    const faulty = ['render_chart', 'technicals_summary'];
    const h = await setup({ MARKETDESK_FAULTS: faulty.map((tool) => `${tool}=error`).join(',') });
    const asked = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> ${SEED}` });
    const { runId, answer } = await waitForAnswer(h, asked.id);
    const state = (await runs!.getRun(runId))!;
    const hit = state.steps.filter((s) => faulty.includes(s.tool));
    expect(hit.length, 'the plan uses at least one of the faulty tools').toBeGreaterThan(0);
    const status = await h.discord.waitFor(() => {
      const m = botMessages(h, asked.id)[0];
      return /Done|Failed/.test(m.content) && m;
    }, 5000, 'final status');
    for (const step of hit) {
      expect(['failed', 'replaced']).toContain(step.status);
      const line = status.content.split('\n').find((l) => l.includes(escapeMarkdown(step.label)));
      expect(line).toMatch(/^(❌|↪️)/);
      if (step.status === 'failed') expect(line).toContain('injected fault');
    }
    expect(answer.length).toBeGreaterThan(0);
  });

  it('a mention in the thread is a follow-up: the new run inherits the benchmark and period', async () => {
    const h = await setup();
    const bot = `<@${h.discord.botUser.id}>`;
    const asked = h.discord.postUserMessage({ content: `${bot} ${SEED}` });
    const first = await waitForAnswer(h, asked.id);
    h.discord.postUserMessage({ content: `${bot} and AMD?`, channelId: asked.id });
    const second = await waitForAnswer(h, asked.id, 2);
    const a = (await runs!.getRun(first.runId))!;
    const b = (await runs!.getRun(second.runId))!;
    expect(b.status).toBe('completed');
    expect(b.entities?.tickers).toContain('AMD');
    expect(b.entities?.benchmark).toBe(a.entities?.benchmark);
    expect(b.entities?.period).toEqual(a.entities?.period);
    expect(second.answer.map((m) => m.content).join('\n')).toContain('AMD');
    expect(h.discord.state.threads()).toHaveLength(1);
  });
});
