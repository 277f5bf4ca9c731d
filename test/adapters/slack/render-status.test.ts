import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../../src/adapters/slack/render-answer.js';
import { renderStatus } from '../../../src/adapters/slack/render-status.js';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import { reduceRun } from '../../../src/pipeline/events/reduce.js';
import { statusView } from '../../../src/render/views/status-view.js';
import { SEED_STEPS } from './helpers/scripted-runs.js';

function stateAfter(build: (log: MemoryEventLog) => void) {
  const log = new MemoryEventLog();
  build(log);
  return reduceRun(log.history('r1'), 'r1');
}

const base = (log: MemoryEventLog) => {
  log.append('r1', 'run.created', { question: 'NVDA vs SOX <b>', source: { platform: 'slack' } });
  log.append('r1', 'route.completed', {
    intent: 'compare',
    entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: [], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] },
    router: 'rules',
  });
  log.append('r1', 'plan.created', { steps: SEED_STEPS, planner: 'template' });
};

describe('renderStatus', () => {
  it('draws a plan of task cards with live states, a headline and a Cancel button while running', () => {
    const state = stateAfter((log) => {
      base(log);
      log.append('r1', 'step.started', { stepId: 'bars_nvda', attempt: 1 });
      log.append('r1', 'step.succeeded', { stepId: 'bars_nvda', durationMs: 1234, summary: '63 bars' });
      log.append('r1', 'step.started', { stepId: 'bars_sox', attempt: 1 });
      log.append('r1', 'step.retrying', { stepId: 'bars_sox', attempt: 1, error: { code: 'timeout', message: 'timed out' }, delayMs: 200 });
    });
    const { blocks, text } = renderStatus(statusView(state), state);
    const plan = blocks[0] as { type: string; tasks: { task_id: string; status: string; title: string; details?: unknown }[] };
    expect(plan.type).toBe('plan');
    expect(plan.tasks.map((t) => t.status)).toEqual(['complete', 'in_progress', 'pending', 'pending', 'pending', 'pending']);
    expect(plan.tasks[0].title).toBe('Fetching NVDA daily prices · 1.2 s');
    expect(JSON.stringify(plan.tasks[1].details)).toContain('retrying in 200 ms after: timed out');
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'marketdesk_cancel', value: 'r1' }] });
    expect(text.split('\n')[1]).toBe('✓ Fetching NVDA daily prices · 1.2 s');
    expect(text).toContain('◐ Fetching ^SOX daily prices');
  });

  it('shows the failure with Retry, escaped', () => {
    const state = stateAfter((log) => {
      base(log);
      log.append('r1', 'run.failed', { error: { code: 'provider_call_failed', message: 'upstream <500>' } });
    });
    const { blocks, text } = renderStatus(statusView(state), state);
    expect(JSON.stringify(blocks)).toContain('upstream &lt;500&gt;');
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'marketdesk_retry', value: 'r1' }] });
    expect(text).toContain("I couldn't finish this one");
    // Pending steps of a failed run are not left "in progress".
    expect(JSON.stringify(blocks)).not.toContain('in_progress');
  });

  it('says when the market-data service is rate-limited', () => {
    const state = stateAfter((log) => {
      base(log);
      log.append('r1', 'run.failed', { error: { code: 'rate_limited', message: 'Finnhub answered 429', retryable: true } });
    });
    expect(renderStatus(statusView(state), state).text).toContain('rate-limited right now — try again in a minute');
  });

  it('caps a huge plan at 50 task cards and stays within block limits', () => {
    const steps = Array.from({ length: 70 }, (_, i) => ({ id: `s${i}`, tool: 'get_bars', label: `Step ${i} ${'long '.repeat(80)}`, dependsOn: [] }));
    const state = stateAfter((log) => {
      log.append('r1', 'run.created', { question: 'q', source: { platform: 'slack' } });
      log.append('r1', 'plan.created', { steps, planner: 'llm' });
    });
    const { blocks } = renderStatus(statusView(state), state);
    const plan = blocks[0] as { tasks: { title: string }[] };
    expect(plan.tasks).toHaveLength(50);
    expect(plan.tasks.every((t) => t.title.length <= 200)).toBe(true);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('renderAnswer', () => {
  it('splits a long answer into several messages; feedback only under the last', () => {
    const answer = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'NVDA moved with the sector. '.repeat(12)}`).join('\n\n');
    const state = stateAfter((log) => {
      base(log);
      log.append('r1', 'run.completed', { answer, artifacts: [], usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 5 } });
    });
    const messages = renderAnswer(state);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect((m.blocks[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
    expect(messages.slice(0, -1).every((m) => m.blocks.length === 1)).toBe(true);
    expect(messages.at(-1)!.blocks.at(-1)).toMatchObject({ type: 'context_actions', elements: [{ type: 'feedback_buttons', positive_button: { value: 'positive:r1' } }] });
  });
});
