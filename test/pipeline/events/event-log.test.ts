import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import { runEventSchema, type RunEvent } from '../../../src/pipeline/events/events.js';
import { reduceRun } from '../../../src/pipeline/events/reduce.js';
import { statusView } from '../../../src/render/views/status-view.js';

const usage = { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 1 };

describe('event log', () => {
  it('numbers events from 1 per run and accepts nothing after the terminal event', () => {
    const log = new MemoryEventLog();
    log.append('a', 'run.created', { question: 'q', source: { platform: 'test' } });
    log.append('b', 'run.created', { question: 'q', source: { platform: 'test' } });
    log.append('a', 'run.cancelled', { by: 'me' });
    expect(log.append('a', 'run.failed', { error: { code: 'x', message: 'late' } })).toBeUndefined();
    expect(log.history('a').map((e) => e.seq)).toEqual([1, 2]);
    expect(log.history('b').map((e) => e.seq)).toEqual([1]);
  });

  it('replays after a sequence number then follows live, with no gap and no duplicate', () => {
    const log = new MemoryEventLog();
    for (let i = 0; i < 3; i++) log.append('r', 'step.progress', { stepId: 's', message: String(i) });
    const seen: number[] = [];
    const unsubscribe = log.subscribe('r', 1, (e) => seen.push(e.seq));
    log.append('r', 'step.progress', { stepId: 's', message: 'live' });
    unsubscribe();
    log.append('r', 'step.progress', { stepId: 's', message: 'after' });
    expect(seen).toEqual([2, 3, 4]);
  });

  it('a throwing reader does not break the run or other readers', () => {
    const log = new MemoryEventLog();
    const seen: string[] = [];
    log.subscribe('r', 0, () => {
      throw new Error('bad reader');
    });
    log.subscribe('r', 0, (e) => seen.push(e.type));
    log.append('r', 'run.created', { question: 'q', source: { platform: 'test' } });
    expect(seen).toEqual(['run.created']);
  });

  it('events validate against the published schema', () => {
    const log = new MemoryEventLog();
    const e = log.append('r', 'step.succeeded', { stepId: 's', durationMs: 3, summary: 'ok' })!;
    expect(runEventSchema.parse(JSON.parse(JSON.stringify(e))).type).toBe('step.succeeded');
    expect(() => runEventSchema.parse({ ...e, data: { stepId: 1 } })).toThrow();
  });
});

describe('reduceRun + statusView', () => {
  it('folds a run with a fallback into the states every surface draws', () => {
    const log = new MemoryEventLog();
    const add = log.append.bind(log, 'r') as (type: RunEvent['type'], data: unknown) => void;
    add('run.created', { question: 'NVDA?', source: { platform: 'test' } });
    add('route.completed', { intent: 'technicals', router: 'rules', entities: { tickers: ['NVDA'], benchmark: null, altBenchmarks: [], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] } });
    add('plan.created', { planner: 'rules', steps: [{ id: 'chart', tool: 'render_chart', label: 'Rendering the chart', dependsOn: [] }, { id: 'read', tool: 'analyze_chart', label: 'Reading the chart', dependsOn: ['chart'] }] });
    add('step.started', { stepId: 'chart', attempt: 1 });
    add('step.retrying', { stepId: 'chart', attempt: 1, error: { code: 'x', message: 'down' }, delayMs: 100 });
    expect(statusView(reduceRun(log.history('r'))).lines[0]).toMatchObject({ state: 'running', detail: expect.stringContaining('retrying') });
    add('step.failed', { stepId: 'chart', error: { code: 'x', message: 'down' }, final: true });
    add('plan.revised', { reason: 'chart renderer failed → switched to numeric analysis', removed: ['chart'], added: [{ id: 'chart_fallback', tool: 'chart_numeric_reading', label: 'Numeric reading', dependsOn: [] }] });
    add('step.skipped', { stepId: 'read', reason: 'no chart' });
    add('step.started', { stepId: 'chart_fallback', attempt: 1 });
    add('step.succeeded', { stepId: 'chart_fallback', durationMs: 4, summary: '3 observations' });
    add('run.completed', { answer: 'done', artifacts: [], usage });
    const state = reduceRun(log.history('r'));
    const view = statusView(state);
    expect(view.title).toBe('NVDA — past quarter');
    expect(view.lines.map((l) => [l.id, l.state])).toEqual([
      ['chart', 'replaced'],
      ['read', 'skipped'],
      ['chart_fallback', 'done'],
    ]);
    expect(view.notes).toEqual(['chart renderer failed → switched to numeric analysis']);
    expect(state.plannedSteps).toHaveLength(2); // the plan as made, for plan-vs-execution views
    expect(view.done).toBe(true);
  });
});
