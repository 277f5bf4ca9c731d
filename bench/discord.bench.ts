/**
 * Discord adapter benchmarks (fake Discord on 127.0.0.1, the real discord.js client, all in this process):
 *  1. Discord API calls by route for the seed question through the real pipeline (createApp, offline), via
 *     /analyze and via a mention, at the production edit interval (1.5 s).
 *  2. Interaction handling: INTERACTION_CREATE dispatched → defer callback received (the 3-second budget), and
 *     run terminal event → answer message received.
 *  3. Edit throttling on a slow run (get_bars, indicators, relative_performance each slow:1500): run events vs status edits sent, and the smallest gap
 *     between two edits.
 *  4. Answer latency under a 429 storm on status edits (every edit limited, retry_after 5 s) vs no storm.
 *  5. Render cost: status message for the seed run; answer split for the seed answer.
 */
import { renderStatus } from '../src/adapters/discord/render-status.js';
import { splitContent, toDiscordMarkdown } from '../src/adapters/discord/split-content.js';
import { createApp } from '../src/app/create-app.js';
import { silentLogger } from '../src/logger.js';
import type { RunApi } from '../src/pipeline/run/run-api.js';
import { isTerminal } from '../src/pipeline/events/events.js';
import type { RunState } from '../src/pipeline/events/reduce.js';
import { startHarness, type Harness } from '../test/adapters/discord/harness.js';
import { createScriptedRuns, seedScript } from '../test/adapters/discord/scripted-runs.js';
import { median, percentile, type BenchResult } from './types.js';
import { waitForValue } from '../test/helpers/wait-for.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

const botMessages = (h: Harness, channelId: string) => h.discord.messagesIn(channelId).filter((m) => m.author.id === h.discord.botUser.id);

async function pipelineHarness(env: Record<string, string> = {}): Promise<{ h: Harness; runs: RunApi }> {
  let runs: RunApi | undefined;
  const h = await startHarness({ env, runs: (config) => (runs = createApp(config, { logger: silentLogger }).pipeline) });
  return { h, runs: runs! };
}

/** Waits until the run in `threadId` ended and every answer part reached the fake. */
async function waitForAnswered(h: Harness, runs: RunApi, threadId: string): Promise<RunState> {
  const state = await waitForValue(async () => {
    const states = await Promise.all((await runs.listRuns(50)).map((r) => runs.getRun(r.runId)));
    const s = states.find((x) => x?.source?.thread === threadId);
    return s?.done ? s : undefined;
  }, 60_000, 'run end');
  const parts = splitContent(toDiscordMarkdown(state.answer)).length;
  await h.discord.waitFor(() => botMessages(h, threadId).length >= 1 + parts || undefined, 15_000, 'answer');
  await h.discord.waitFor(() => /Done|Failed/.test(botMessages(h, threadId)[0]?.content ?? '') || undefined, 15_000, 'final status');
  return state;
}

async function seedCalls(results: BenchResult[], via: 'slash' | 'mention'): Promise<void> {
  const { h, runs } = await pipelineHarness();
  try {
    const since = Date.now();
    let threadId: string;
    if (via === 'slash') {
      const record = h.discord.sendSlashCommand({ question: SEED });
      threadId = await h.discord.waitFor(() => record.originalMessageId && h.discord.state.isThread(record.originalMessageId) && record.originalMessageId, 10_000, 'thread');
    } else {
      threadId = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> ${SEED}` }).id;
    }
    const state = await waitForAnswered(h, runs, threadId);
    const events = (await runs.getEvents(state.runId)).length;
    for (const [route, count] of Object.entries(h.discord.callsByRoute(since))) {
      results.push({ name: `seed API calls (${via === 'slash' ? '/analyze' : 'mention'})`, metric: route, value: count, unit: 'calls', note: route.startsWith('PATCH /channels') ? `${events} run events` : undefined });
    }
    results.push({ name: `seed API calls (${via === 'slash' ? '/analyze' : 'mention'})`, metric: 'total', value: h.discord.calls.filter((c) => c.at >= since).length, unit: 'calls', note: 'plus GET /gateway/bot once at start-up' });
  } finally {
    await h.close();
  }
}

async function interactionLatency(results: BenchResult[], storm: boolean): Promise<void> {
  const dataDir = (await import('../test/adapters/discord/harness.js')).tempDataDir;
  const dir = await dataDir();
  const runs = createScriptedRuns(seedScript({ stepDelayMs: 15 }));
  const h = await startHarness({ runs, dataDir: dir });
  const ack: number[] = [];
  const answer: number[] = [];
  const terminalAt = new Map<string, number>();
  runs.log.subscribeAll((event) => {
    if (isTerminal(event)) terminalAt.set(event.runId, Date.now());
  });
  try {
    if (storm) h.discord.rateLimitNext('PATCH /channels/:id/messages/:id', 1000, 5);
    for (let i = 0; i < 8; i++) {
      const record = h.discord.sendSlashCommand({ question: `${SEED} #${i}` });
      const threadId = await h.discord.waitFor(() => record.originalMessageId && h.discord.state.isThread(record.originalMessageId) && record.originalMessageId, 10_000, 'thread');
      const posted = await h.discord.waitFor(() => botMessages(h, threadId).find((m) => m.attachments.length > 0), 20_000, 'answer');
      ack.push(record.respondedAt! - record.createdAt);
      const runId = (await runs.listRuns(1)).map((r) => r.runId)[0];
      const createdAt = h.discord.calls.find((c) => c.route === 'POST /channels/:id/messages' && c.path.includes(threadId) && c.files.length > 0)?.at ?? Date.now();
      answer.push(createdAt - (terminalAt.get(runId) ?? createdAt));
      void posted;
    }
    const tag = storm ? 'every status edit 429 (retry_after 5 s)' : 'no rate limits';
    if (!storm) {
      results.push({ name: '/analyze acknowledgement', metric: 'dispatch → defer callback p50', value: median(ack), unit: 'ms', note: 'budget 3000 ms' });
      results.push({ name: '/analyze acknowledgement', metric: 'dispatch → defer callback max', value: Math.max(...ack), unit: 'ms', note: `${ack.length} commands` });
    }
    results.push({ name: 'answer latency', metric: 'terminal event → answer posted p50', value: median(answer), unit: 'ms', note: tag });
    results.push({ name: 'answer latency', metric: 'terminal event → answer posted p95', value: percentile(answer, 95), unit: 'ms', note: tag });
    if (storm) results.push({ name: 'answer latency', metric: '429s served on edits', value: h.discord.limits.sent429.get('PATCH /channels/:id/messages/:id') ?? 0, unit: 'responses' });
  } finally {
    await h.close();
  }
}

async function throttling(results: BenchResult[]): Promise<void> {
  const { h, runs } = await pipelineHarness({ MARKETDESK_FAULTS: 'get_bars=slow:1500,indicators=slow:1500,relative_performance=slow:1500' });
  try {
    const threadId = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> ${SEED}` }).id;
    const state = await waitForAnswered(h, runs, threadId);
    const statusId = botMessages(h, threadId)[0].id;
    const edits = h.discord.callsTo('PATCH /channels/:id/messages/:id').filter((c) => c.path.endsWith(statusId) && c.status === 200);
    const gaps = edits.slice(1).map((c, i) => c.at - edits[i].at);
    results.push({ name: 'status throttling (slow run)', metric: 'run events', value: (await runs.getEvents(state.runId)).length, unit: 'events' });
    results.push({ name: 'status throttling (slow run)', metric: 'status edits sent', value: edits.length, unit: 'edits', note: `run took ${state.usage?.durationMs ?? 0} ms` });
    results.push({ name: 'status throttling (slow run)', metric: 'smallest gap between edits', value: gaps.length ? Math.min(...gaps) : NaN, unit: 'ms', note: 'target ≥ 1500' });
  } finally {
    await h.close();
  }
}

async function renderCost(results: BenchResult[]): Promise<void> {
  const { h, runs } = await pipelineHarness();
  let state: RunState;
  try {
    const threadId = h.discord.postUserMessage({ content: `<@${h.discord.botUser.id}> ${SEED}` }).id;
    state = await waitForAnswered(h, runs, threadId);
  } finally {
    await h.close();
  }
  const perOp = (iterations: number, fn: () => void) => {
    for (let i = 0; i < 200; i++) fn();
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    return ((performance.now() - start) * 1000) / iterations;
  };
  results.push({ name: 'render', metric: `status message (${state.steps.length} steps)`, value: perOp(5000, () => renderStatus(state)), unit: 'µs/op' });
  results.push({ name: 'render', metric: `answer → discord markdown + split (${state.answer.length} chars)`, value: perOp(5000, () => splitContent(toDiscordMarkdown(state.answer))), unit: 'µs/op' });
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  await seedCalls(results, 'slash');
  await seedCalls(results, 'mention');
  await interactionLatency(results, false);
  await interactionLatency(results, true);
  await throttling(results);
  await renderCost(results);
  return results;
}
