/**
 * Slack adapter benchmarks (fake Slack on 127.0.0.1, real Bolt and WebClients, all in this process):
 *  1. Render cost: status view → plan blocks for a 9-step run; markdown → mrkdwn + split for the seed answer.
 *  2. Slack API calls by method for the seed question through the real pipeline (createApp, offline), at the
 *     production edit interval (1 s).
 *  3. Answer latency under a 429 storm: time from the run's terminal event to the answer message and to the chart
 *     share, with every chat.update rate-limited (Retry-After 30 s) vs no storm. Goal: no difference.
 *  4. API calls per answer with streaming on vs off (SLACK_STREAMING), the seed question through `startSurfaces`
 *     with bars slowed to 1.3 s so the run outlasts the 1-second edit interval as live data would.
 *  5. Chart control click → replaced chart (offline): from the signed block_actions POST to the chat.update that
 *     shows the redrawn chart, p50/p99 over 40 clicks cycling 1M/3M/YTD/1Y/5Y/swap on both charts (the first click
 *     of each window renders; repeats hit the renderer's cache).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { markdownToMrkdwn } from '../src/adapters/slack/mrkdwn.js';
import { renderStatus } from '../src/adapters/slack/render-status.js';
import { splitMessage } from '../src/adapters/slack/split-message.js';
import { createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { isTerminal } from '../src/pipeline/events/events.js';
import { statusView } from '../src/render/views/status-view.js';
import { startHarness } from '../test/adapters/slack/helpers/harness.js';
import { scriptedRuns, seedScript } from '../test/adapters/slack/helpers/scripted-runs.js';
import { median, percentile, type BenchResult } from './types.js';
import { startRealSlackStack } from '../test/adapters/slack/helpers/real-stack.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

function perOp(iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(500, iterations); i++) fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return ((performance.now() - start) * 1000) / iterations;
}

async function seedCalls(results: BenchResult[]): Promise<string> {
  const app = createApp(loadConfig({ DATA_DIR: '/tmp/marketdesk-slack-bench', LOG_LEVEL: 'silent' }), { logger: silentLogger });
  const h = await startHarness(app.pipeline, { editIntervalMs: 1000 });
  try {
    const { ts } = await h.slack.mention({ text: SEED });
    await h.fake.waitFor(() => h.fake.thread('C0MARKETS', ts).some((m) => JSON.stringify(m.blocks ?? []).includes('feedback_buttons')), 30_000, 'answer');
    await h.adapter.idle();
    for (const [method, count] of Object.entries(h.fake.countByMethod())) {
      results.push({ name: 'seed question API calls', metric: method, value: count, unit: 'calls', note: method === 'auth.test' ? 'once at start-up' : undefined });
    }
    const runId = (await app.pipeline.listRuns(1))[0].runId;
    return (await app.pipeline.getRun(runId))?.answer ?? '';
  } finally {
    await h.close();
  }
}

async function stormLatency(storm: boolean): Promise<{ answer: number[]; chart: number[]; updates: number }> {
  const answer: number[] = [];
  const chart: number[] = [];
  let updates = 0;
  const runs = scriptedRuns(() => seedScript({ stepDelayMs: 15 }));
  const h = await startHarness(runs, { editIntervalMs: 1000 });
  if (storm) h.fake.fault('chat.update', { kind: 'ratelimit', retryAfter: 30 });
  try {
    for (let i = 0; i < 8; i++) {
      const { ts } = await h.slack.mention({ text: `NVDA vs semis, run ${i}` });
      await h.fake.waitFor(() => [...h.fake.files.values()].some((f) => f.shared?.thread_ts === ts), 10_000, 'chart');
      const runId = (await runs.listRuns(1))[0].runId;
      const ended = Date.parse((await runs.getEvents(runId)).find(isTerminal)!.ts);
      const answerMsg = h.fake.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts && String(c.args.blocks ?? '').length > 0 && JSON.stringify(c.args.blocks).includes('feedback_buttons'))!;
      const share = h.fake.calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts)!;
      answer.push(answerMsg.at - ended);
      chart.push(share.at - ended);
    }
    updates = h.fake.calls.filter((c) => c.method === 'chat.update').length;
  } finally {
    await h.close();
  }
  return { answer, chart, updates };
}

const blocksOfType = (blocks: unknown[] | undefined, type: string) => ((blocks ?? []) as { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[]).filter((b) => b.type === type);

async function callsPerAnswer(streaming: 'on' | 'off'): Promise<{ byMethod: Record<string, number>; total: number }> {
  const stack = await startRealSlackStack({ SLACK_STREAMING: streaming, MARKETDESK_FAULTS: 'get_bars=slow:1300' });
  const h = stack.harness;
  try {
    const { ts } = await h.slack.mention({ text: SEED });
    await h.fake.waitFor(() => h.fake.thread('C0MARKETS', ts).filter((m) => blocksOfType(m.blocks, 'image').length > 0).length === 2 && h.fake.thread('C0MARKETS', ts).some((m) => JSON.stringify(m.blocks ?? []).includes('feedback_buttons')), 60_000, 'answer and charts');
    await h.adapter.idle();
    const byMethod = h.fake.countByMethod();
    delete byMethod['auth.test'];
    return { byMethod, total: Object.values(byMethod).reduce((a, b) => a + b, 0) };
  } finally {
    await h.close();
  }
}

async function chartClicks(): Promise<{ all: number[]; first: number[] }> {
  const stack = await startRealSlackStack({});
  const h = stack.harness;
  const all: number[] = [];
  const first: number[] = [];
  try {
    const { ts } = await h.slack.mention({ text: SEED });
    const charts = () => h.fake.thread('C0MARKETS', ts).filter((m) => blocksOfType(m.blocks, 'image').length > 0);
    await h.fake.waitFor(() => charts().length === 2, 30_000, 'charts');
    await h.adapter.idle();
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const message = charts()[i % 2];
      const controls = blocksOfType(message.blocks, 'actions')[0].elements!;
      const button = controls[Math.floor(i / 2) % controls.length];
      const edits = message.edits;
      const t0 = Date.now();
      await h.slack.click({ actionId: button.action_id, value: button.value, channel: 'C0MARKETS', messageTs: message.ts, responseUrl: h.fake.responseUrl('bench'), blocks: message.blocks });
      await h.fake.waitFor(() => message.edits > edits, 20_000, 'chart replaced');
      const took = h.fake.calls.filter((c) => c.method === 'chat.update').at(-1)!.at - t0;
      all.push(took);
      const key = `${i % 2}:${button.value}`;
      if (!seen.has(key)) first.push(took);
      seen.add(key);
    }
  } finally {
    await h.close();
  }
  return { all, first };
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const [off, on] = [await callsPerAnswer('off'), await callsPerAnswer('on')];
  for (const [label, counts] of [['streaming off', off], ['streaming on', on]] as const) {
    results.push({ name: 'API calls per answer (seed question, bars 1.3 s)', metric: `${label}: total`, value: counts.total, unit: 'calls', note: Object.entries(counts.byMethod).map(([m, n]) => `${m} ${n}`).join(', ') });
  }
  const clicks = await chartClicks();
  results.push({ name: 'chart control click → replaced chart', metric: 'p50 (40 clicks)', value: median(clicks.all), unit: 'ms', note: 'block_actions POST → chat.update, offline' });
  results.push({ name: 'chart control click → replaced chart', metric: 'p99 (40 clicks)', value: percentile(clicks.all, 99), unit: 'ms' });
  results.push({ name: 'chart control click → replaced chart', metric: `p50 first click per button (${clicks.first.length})`, value: median(clicks.first), unit: 'ms', note: 'renders (renderer cache miss)' });

  const answerText = await seedCalls(results);

  const app = createApp(loadConfig({ DATA_DIR: '/tmp/marketdesk-slack-bench', LOG_LEVEL: 'silent' }), { logger: silentLogger });
  const done = await (await app.pipeline.startRun({ question: SEED, source: { platform: 'test' } })).done;
  const midRun = { ...done, status: 'running' as const, done: false, steps: done.steps.map((s, i) => (i % 3 === 0 ? { ...s, status: 'running' as const } : s)) };
  results.push({ name: 'render status (plan blocks)', metric: 'per render', value: perOp(20_000, () => renderStatus(statusView(midRun), midRun)), unit: 'µs', note: `${done.steps.length} steps` });
  results.push({ name: 'answer markdown → mrkdwn + split', metric: 'per answer', value: perOp(5_000, () => splitMessage(markdownToMrkdwn(answerText))), unit: 'µs', note: `${answerText.length} chars` });

  const calm = await stormLatency(false);
  const storm = await stormLatency(true);
  results.push({ name: 'terminal event → answer posted', metric: 'p50 no 429s', value: median(calm.answer), unit: 'ms' });
  results.push({ name: 'terminal event → answer posted', metric: 'p50 chat.update 429 storm', value: median(storm.answer), unit: 'ms', note: 'Retry-After 30 s on every edit' });
  results.push({ name: 'terminal event → chart shared', metric: 'p50 no 429s', value: median(calm.chart), unit: 'ms', note: '40 kB PNG' });
  results.push({ name: 'terminal event → chart shared', metric: 'p50 chat.update 429 storm', value: median(storm.chart), unit: 'ms' });
  results.push({ name: 'chat.update attempts during storm', metric: '8 runs', value: storm.updates, unit: 'calls', note: 'paused for Retry-After, not hammered' });
  return results;
}
