/**
 * The fault matrix (issue 14): every tool the offline deployment plans × error | timeout | slow, plus runs with
 * 30% random faults on every tool, each through the real pipeline (createApp, the executor, the run deadline).
 * Every run must end with exactly one terminal event before its time limit; a fault in any step other than the
 * data fetch itself must not cost the answer (the run completes and names the gap); the fault must really have
 * fired (a retried or failed step of that tool, or a slow success).
 * The live-only tools (fundamentals, news, peers, recommendations, earnings, profile) are not planned offline.
 */
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { isTerminal, type RunEvent } from '../../src/pipeline/events/events.js';
import { memoryArtifacts, testLogger } from '../helpers/tool-fixtures.js';

// Long enough that a loaded CI machine reaches every step before the deadline; hung steps end at the deadline.
const RUN_TIMEOUT_MS = 6_000;
/** Slow (not hung) steps finish: their runs get the time a loaded machine needs to reach the end of the chain. */
const SLOW_RUN_TIMEOUT_MS = 30_000;
/** A question whose plan uses the tool (checked below: the plan must contain it). */
const QUESTION_FOR: Record<string, string> = {
  get_bars: 'NVDA vs SPY YTD',
  get_quote: 'NVDA price',
  indicators: 'AMD technicals',
  relative_performance: 'NVDA vs SPY YTD',
  technicals_summary: 'AMD technicals',
  render_chart: 'NVDA vs SPY YTD',
  analyze_chart: 'AMD technicals',
  close_on_date: 'NVDA close on 2026-01-02',
  max_drawdown: 'NVDA drawdown past year',
  volatility: 'NVDA volatility past year',
  beta: 'beta of NVDA vs SPY past year',
  all_time_high: 'NVDA all-time high',
  range_52w: 'NVDA 52-week range',
  moving_average: 'NVDA 50-day moving average',
  find_anchor: 'NVDA since its March low',
};
/** The data fetch every answer is built from: when it fails for good, "no data" is the right answer. */
const ROOTS = new Set(['get_bars', 'get_quote']);
const KINDS = ['error', 'timeout', 'slow:300'] as const;

type Outcome = { events: RunEvent[]; ms: number; status: string; code?: string; answer?: string };

async function runWith(faults: string, question: string, random?: () => number, timeoutMs = RUN_TIMEOUT_MS): Promise<Outcome> {
  const app = createApp(loadConfig({ MARKETDESK_FAULTS: faults, RUN_TIMEOUT_MS: String(timeoutMs) }), { logger: testLogger, artifacts: memoryArtifacts(), ...(random ? {} : { random: () => 0 }) });
  const started = performance.now();
  const { runId, done } = await app.pipeline.startRun({ question, source: { platform: 'test' } });
  const state = await done;
  return { events: [...(await app.pipeline.getEvents(runId))] as RunEvent[], ms: performance.now() - started, status: state.status, code: state.error?.code, answer: state.answer };
}

const stepTool = (events: RunEvent[]) => {
  const tools = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'plan.created') for (const s of e.data.steps) tools.set(s.id, s.tool);
    if (e.type === 'plan.revised') for (const s of e.data.added) tools.set(s.id, s.tool);
  }
  return tools;
};

const CONFIGS = Object.keys(QUESTION_FOR).flatMap((tool) => KINDS.map((kind) => ({ tool, kind })));
const results = new Map<string, Outcome>();

describe(`fault matrix: ${Object.keys(QUESTION_FOR).length} tools × ${KINDS.join(' | ')}`, () => {
  it('runs every configuration', async () => {
    const limit = pLimit(8);
    await Promise.all(CONFIGS.map(({ tool, kind }) => limit(async () => results.set(`${tool}=${kind}`, await runWith(`${tool}=${kind}`, QUESTION_FOR[tool], undefined, kind.startsWith('slow') ? SLOW_RUN_TIMEOUT_MS : RUN_TIMEOUT_MS)))));
    expect(results.size).toBe(CONFIGS.length);
  }, 120_000);

  it.each(CONFIGS.map((c) => [`${c.tool}=${c.kind}`, c] as const))('%s', (name, { tool, kind }) => {
    const r = results.get(name)!;
    expect(r, 'ran').toBeDefined();
    expect(r.events.filter(isTerminal)).toHaveLength(1);
    expect(r.code).not.toBe('run_timeout'); // ended by the run itself, not cut off by the hard timeout
    const tools = stepTool(r.events);
    const ofTool = [...tools].filter(([, t]) => t === tool).map(([id]) => id);
    expect(ofTool.length, `the plan uses ${tool}`).toBeGreaterThan(0);
    const touched = (type: string) => r.events.some((e) => e.type === type && ofTool.includes((e.data as { stepId?: string }).stepId ?? ''));
    if (kind === 'slow:300') {
      expect(touched('step.succeeded'), 'a slow step succeeds').toBe(true);
      expect(r.status).toBe('completed');
    } else {
      expect(touched('step.succeeded'), 'a faulted step never succeeds').toBe(false);
      expect(touched('step.failed') || touched('step.retrying') || touched('step.skipped'), 'the fault fired').toBe(true);
      if (ROOTS.has(tool)) expect(['completed', 'failed']).toContain(r.status);
      else expect(r.status, `${name}: ${r.code}`).toBe('completed');
      if (r.status === 'failed') expect(r.code).toBe('no_results');
      if (r.status === 'completed') expect(r.answer).toMatch(/Not included|time limit|instead/i);
    }
  });
});

describe('30% random faults on every tool', () => {
  const spec = Object.keys(QUESTION_FOR).map((tool, i) => `${tool}=${KINDS[i % 3]}@0.3`).join(',');
  const QUESTIONS = ['NVDA vs SPY YTD', 'AMD technicals', 'NVDA price', 'NVDA drawdown past year', 'beta of NVDA vs SPY past year', 'NVDA 52-week range', 'How has NVDA performed relative to the semiconductor sector over the past quarter?', 'MSFT vs QQQ past year', 'NVDA since its March low', 'TSLA volatility past year'];

  it(`${QUESTIONS.length} runs each end once, in time, with an answer or a clear failure`, async () => {
    const limit = pLimit(5);
    const outcomes = await Promise.all(QUESTIONS.map((q) => limit(() => runWith(spec, q, Math.random))));
    expect(outcomes).toHaveLength(QUESTIONS.length);
    let faultsSeen = 0;
    for (const r of outcomes) {
      expect(r.events.filter(isTerminal)).toHaveLength(1);
      expect(r.code).not.toBe('run_timeout');
      expect(['completed', 'failed']).toContain(r.status);
      if (r.status === 'failed') expect(r.code).toBe('no_results');
      faultsSeen += r.events.filter((e) => e.type === 'step.retrying' || e.type === 'step.failed').length;
    }
    expect(faultsSeen).toBeGreaterThan(0); // faults really fired somewhere
  }, 120_000);
});
