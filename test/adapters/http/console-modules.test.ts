// The console's plain-JS modules, run in Node: the fold must agree with the server's reduceRun (the console applies
// SSE events on top of the REST snapshot), and the markdown renderer must never let HTML through.
import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import { reduceRun } from '../../../src/pipeline/events/reduce.js';
import { consoleFoldModule } from '../../../src/adapters/http/console-fold.js';
import { alignments, escapeHtml, renderMarkdown } from '../../../src/adapters/http/console/markdown.js';
import { DECLINE_CODES, declineMarkdown, isDecline } from '../../../src/adapters/http/console/decline.js';
import { ROUTE_PROBLEM_CODES } from '../../../src/pipeline/route/route-problem.js';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function eventfulRun(log: MemoryEventLog, runId: string, end: 'completed' | 'failed' | 'cancelled') {
  log.append(runId, 'run.created', { question: 'NVDA vs SOX?', source: { platform: 'test' } });
  log.append(runId, 'route.completed', {
    intent: 'compare',
    router: 'rules',
    entities: { tickers: ['NVDA'], benchmark: '^SOX', altBenchmarks: ['SOXX'], period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' }, unknown: [] },
  });
  log.append(runId, 'plan.created', {
    planner: 'template',
    steps: [
      { id: 'bars', tool: 'get_bars', label: 'Prices', dependsOn: [] },
      { id: 'chart', tool: 'render_chart', label: 'Chart', dependsOn: ['bars'] },
      { id: 'news', tool: 'get_news', label: 'News', dependsOn: [], optional: true },
    ],
  });
  log.append(runId, 'step.started', { stepId: 'bars', attempt: 1 });
  log.append(runId, 'step.retrying', { stepId: 'bars', attempt: 1, error: { code: 'timeout', message: 'slow', retryable: true }, delayMs: 250 });
  log.append(runId, 'step.started', { stepId: 'bars', attempt: 2 });
  log.append(runId, 'step.progress', { stepId: 'bars', message: 'page 2' });
  log.append(runId, 'step.succeeded', { stepId: 'bars', durationMs: 321, summary: '62 bars' });
  log.append(runId, 'step.started', { stepId: 'chart', attempt: 1 });
  log.append(runId, 'step.failed', { stepId: 'chart', error: { code: 'render_failed', message: 'no fonts' }, final: true, durationMs: 12 });
  log.append(runId, 'plan.revised', { reason: 'fallback for chart', added: [{ id: 'tech', tool: 'technicals', label: 'Technicals', dependsOn: ['bars'] }], removed: ['chart'] });
  log.append(runId, 'step.skipped', { stepId: 'news', reason: 'no provider' });
  log.append(runId, 'step.started', { stepId: 'tech', attempt: 1 });
  log.append(runId, 'artifact.created', { name: 'chart.png', kind: 'chart', mime: 'image/png', alt: 'alt' });
  log.append(runId, 'synthesis.delta', { text: 'NVDA ' });
  log.append(runId, 'synthesis.delta', { text: 'rose.' });
  if (end === 'completed') {
    log.append(runId, 'step.succeeded', { stepId: 'tech', durationMs: 5, summary: 'RSI 61' });
    log.append(runId, 'run.completed', { answer: 'NVDA rose.', artifacts: [], usage: { stages: {}, totalTokens: 1, totalCostUsd: 0, durationMs: 900 }, flagged: ['9%'] });
  } else if (end === 'failed') log.append(runId, 'run.failed', { error: { code: 'no_results', message: 'nothing' }, partialAnswer: 'NVDA' });
  else log.append(runId, 'run.cancelled', { by: 'api' });
  return log.history(runId);
}

// The module the console loads as /run-fold.js: the server's reduce.ts with its types stripped, run as plain JS.
type Fold = typeof import('../../../src/pipeline/events/reduce.js');
const served = (): Promise<Fold> => import(`data:text/javascript;base64,${Buffer.from(consoleFoldModule()).toString('base64')}`);

describe('console /run-fold.js', () => {
  for (const end of ['completed', 'failed', 'cancelled'] as const) {
    it(`is plain JS that folds like reduceRun on every prefix of a ${end} run`, async () => {
      const { applyEvent, initialRunState } = await served();
      const events = eventfulRun(new MemoryEventLog(), 'r1', end);
      for (let n = 0; n <= events.length; n++) {
        const state = events.slice(0, n).reduce(applyEvent, initialRunState('r1'));
        expect(plain(state)).toEqual(plain(reduceRun(events.slice(0, n), 'r1')));
      }
    });
  }

  it('continues from a snapshot: later events applied on top of the REST snapshot', async () => {
    const { applyEvent } = await served();
    const events = eventfulRun(new MemoryEventLog(), 'r2', 'completed');
    const snapshot = reduceRun(events.slice(0, 8), 'r2');
    let state = snapshot;
    for (const event of events.slice(4, 8)) state = applyEvent(state, event); // overlap: already in the snapshot
    expect(state).toBe(snapshot);
    for (const event of events.slice(8)) state = applyEvent(state, event);
    expect(plain(state)).toEqual(plain(reduceRun(events, 'r2')));
  });
});

describe('console markdown.js', () => {
  it('escapes every HTML character and never emits tags from input', () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> **<b>bold</b>** `<i>` [x](javascript:alert(3))';
    const html = renderMarkdown(hostile);
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<a /i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('onerror=&quot;alert(2)&quot;');
    expect(escapeHtml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&#39;');
  });

  it('renders the markdown answers use: headings, emphasis, code, lists, tables, paragraphs', () => {
    const html = renderMarkdown(
      ['## NVDA vs SOX', '', 'NVDA rose **12.3%** vs *4.1%* for `^SOX`.', '', '- RSI 61', '- MACD above signal', '', '1. one', '2. two', '', '| Symbol | Return |', '|---|---:|', '| NVDA | 12.3% |', '| ^SOX | 4.1% |'].join('\n'),
    );
    expect(html).toContain('<h4>NVDA vs SOX</h4>');
    expect(html).toContain('<p>NVDA rose <strong>12.3%</strong> vs <em>4.1%</em> for <code>^SOX</code>.</p>');
    expect(html).toContain('<ul><li>RSI 61</li><li>MACD above signal</li></ul>');
    expect(html).toContain('<ol><li>one</li><li>two</li></ol>');
    // The separator row's `---:` right-aligns the figures' column (a class the stylesheet aligns and keeps unwrapped).
    expect(html).toContain(
      '<div class="table-wrap"><table><thead><tr><th>Symbol</th><th class="align-right">Return</th></tr></thead><tbody><tr><td>NVDA</td><td class="align-right">12.3%</td></tr><tr><td>^SOX</td><td class="align-right">4.1%</td></tr></tbody></table></div>',
    );
    expect(alignments('|:---|:---:|---:|---|')).toEqual(['left', 'center', 'right', '']);
  });

  it("the console's decline codes are the router's problem codes, and a decline is told apart from a failure", () => {
    expect([...DECLINE_CODES].sort()).toEqual([...ROUTE_PROBLEM_CODES].sort());
    expect(isDecline({ status: 'failed', error: { code: 'no_ticker' } })).toBe(true);
    expect(isDecline({ status: 'failed', error: { code: 'tool_failed' } })).toBe(false);
    expect(isDecline({ status: 'completed' })).toBe(false);
    expect(declineMarkdown({ error: { message: '• first\n• second' } })).toBe('- first\n- second');
  });

  it('leaves snake_case and arithmetic alone', () => {
    expect(renderMarkdown('get_bars and 2 * 3 * 4')).toBe('<p>get_bars and 2 * 3 * 4</p>');
  });
});
