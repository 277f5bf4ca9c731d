/**
 * Issue 14, failures 1 and 2: a stalled optional or late step never costs the answer, and a hung render never
 * holds a concurrency slot while it sleeps between attempts.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { isTerminal } from '../../src/pipeline/events/events.js';
import { memoryArtifacts, testLogger } from '../helpers/tool-fixtures.js';

function app(env: Record<string, string>) {
  return createApp(loadConfig(env), { logger: testLogger, artifacts: memoryArtifacts(), random: () => 0 });
}

describe('the run deadline', () => {
  it('answers from what finished when the chart reading hangs (analyze_chart=timeout)', async () => {
    const a = app({ MARKETDESK_FAULTS: 'analyze_chart=timeout', RUN_TIMEOUT_MS: '4000' });
    const { runId, done } = await a.pipeline.startRun({ question: 'AMD technicals', source: { platform: 'test' } });
    const state = await done;
    const events = await a.pipeline.getEvents(runId);
    expect(events.filter(isTerminal)).toHaveLength(1);
    expect(state.status).toBe('completed');
    // The hung step is named as a gap and the time limit is said.
    const failed = events.filter((e) => e.type === 'step.failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.map((e) => (e.data as { error: { code: string } }).error.code)).toContain('run_deadline');
    expect(state.answer).toMatch(/AMD/);
    expect(state.answer).toMatch(/time limit/);
    expect(state.error).toBeUndefined(); // not the run timeout: answered at the steps' deadline
  });

  it('eight concurrent runs with a hanging renderer all answer (no slot held while sleeping)', async () => {
    const a = app({ MARKETDESK_FAULTS: 'render_chart=timeout', RUN_TIMEOUT_MS: '6000' });
    const runs = await Promise.all(
      ['NVDA', 'AMD', 'AAPL', 'MSFT', 'TSLA', 'GOOGL', 'META', 'AMZN'].map((t) => a.pipeline.startRun({ question: `${t} vs SPY YTD`, source: { platform: 'test' } })),
    );
    const states = await Promise.all(runs.map((r) => r.done));
    expect(states).toHaveLength(8);
    for (const state of states) {
      expect(state.status).toBe('completed');
      expect(state.answer).toMatch(/SPY/);
    }
    // Nobody sat in the render queue behind a sleeping retry: no render slot is taken at the end.
    expect(a.limits.stats().render?.active ?? 0).toBe(0);
  });
});
