import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../../src/adapters/discord/render-status.js';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import { reduceRun } from '../../../src/pipeline/events/reduce.js';

const PERIOD = { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' };

function runWith(build: (log: MemoryEventLog, id: string) => void) {
  const log = new MemoryEventLog();
  const id = 'run_abc';
  log.append(id, 'run.created', { question: 'NVDA vs SOX', source: { platform: 'discord' } });
  log.append(id, 'route.completed', { intent: 'compare', router: 'rules', entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: [], period: PERIOD, unknown: [] } });
  build(log, id);
  return reduceRun(log.history(id), id);
}

const steps = [
  { id: 'bars', tool: 'get_bars', label: 'Fetching NVDA daily prices', dependsOn: [] },
  { id: 'chart', tool: 'render_chart', label: 'Rendering the chart', dependsOn: ['bars'] },
  { id: 'sum', tool: 'technicals_summary', label: 'Summarizing *technicals*', dependsOn: ['bars'] },
];

describe('renderStatus', () => {
  it('draws the checklist with states, durations, retries, fallbacks, and a live Cancel button', () => {
    const state = runWith((log, id) => {
      log.append(id, 'plan.created', { steps, planner: 'template' });
      log.append(id, 'step.started', { stepId: 'bars', attempt: 1 });
      log.append(id, 'step.succeeded', { stepId: 'bars', durationMs: 42, summary: '63 sessions' });
      log.append(id, 'step.started', { stepId: 'chart', attempt: 1 });
      log.append(id, 'step.retrying', { stepId: 'chart', attempt: 1, error: { code: 'fault_injected', message: 'renderer down' }, delayMs: 200 });
      log.append(id, 'step.started', { stepId: 'chart', attempt: 2 });
      log.append(id, 'step.failed', { stepId: 'chart', error: { code: 'fault_injected', message: 'renderer down' }, final: true });
      log.append(id, 'plan.revised', { reason: 'chart renderer failed → numeric reading', added: [{ id: 'reading', tool: 'chart_numeric_reading', label: 'Reading chart levels', dependsOn: ['bars'] }], removed: ['chart'] });
      log.append(id, 'step.started', { stepId: 'sum', attempt: 1 });
    });
    const { content, components } = renderStatus(state);
    const lines = content.split('\n');
    expect(lines[0]).toBe('**NVDA vs ^SOX — past quarter**');
    expect(lines[1]).toMatch(/^⏳ Running: /);
    expect(content).toContain('✅ Fetching NVDA daily prices · 42 ms — 63 sessions');
    expect(content).toMatch(/↪️ Rendering the chart · attempt 2 — chart renderer failed/);
    expect(content).toContain('🔄 Summarizing \\*technicals\\*');
    expect(content).toContain('⬜ Reading chart levels');
    expect(content).toContain('-# ↷ chart renderer failed → numeric reading');
    expect(components).toEqual([{ type: 1, components: [{ type: 2, style: 4, label: 'Cancel', custom_id: 'md:cancel:run_abc', disabled: false }] }]);
  });

  it('offers Retry after a failure and disables it once retried', () => {
    const state = runWith((log, id) => {
      log.append(id, 'plan.created', { steps, planner: 'template' });
      log.append(id, 'run.failed', { error: { code: 'no_data_in_range', message: 'no bars' } });
    });
    const failed = renderStatus(state);
    expect(failed.content.split('\n')[1]).toBe('❌ Failed: no bars');
    expect(failed.components[0].components.map((b) => [b.label, b.disabled])).toEqual([
      ['Cancel', true],
      ['Retry', false],
    ]);
    expect(renderStatus(state, { retried: true }).components[0].components[1]).toMatchObject({ label: 'Retried', disabled: true });
  });

  it('names who cancelled, without pinging (a user mention)', () => {
    const state = runWith((log, id) => {
      log.append(id, 'plan.created', { steps, planner: 'template' });
      log.append(id, 'run.cancelled', { by: 'discord:123456789012' });
    });
    const { content } = renderStatus(state);
    expect(content).toContain('🛑 Cancelled by <@123456789012>');
    expect(content).toContain('⏭️ Fetching NVDA daily prices — cancelled');
  });

  it('stays under 2000 characters with many long steps', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, tool: 'get_bars', label: `Fetching symbol number ${i} with a long label ${'x'.repeat(40)}`, dependsOn: [] }));
    const state = runWith((log, id) => {
      log.append(id, 'plan.created', { steps: many, planner: 'llm' });
      for (const s of many) {
        log.append(id, 'step.started', { stepId: s.id, attempt: 1 });
        log.append(id, 'step.succeeded', { stepId: s.id, durationMs: 5, summary: 'y'.repeat(300) });
      }
    });
    const { content } = renderStatus(state);
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toContain('NVDA vs ^SOX');
  });
});

describe('escapeMarkdown', () => {
  it('escapes emphasis, code, spoilers, masked links and line-start markers', async () => {
    const { escapeMarkdown } = await import('../../../src/adapters/discord/escape-markdown.js');
    expect(escapeMarkdown('a*b_c~d`e|f[g](h) \\')).toBe('a\\*b\\_c\\~d\\`e\\|f\\[g\\](h) \\\\');
    expect(escapeMarkdown('# title\n> quote\n- item\nplain - dash')).toBe('\\# title\n\\> quote\n\\- item\nplain - dash');
  });
});
