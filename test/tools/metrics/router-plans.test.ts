/**
 * The issue-12 questions through the rules router's plans (route → planFromRoute → validatePlan → the real
 * executor on the offline data): every step the router plans for the metric tools validates and succeeds, and the
 * figures they produce are the reference calculator's. This pins the contract between the plans and the tools.
 */
import { describe, expect, it } from 'vitest';
import { planFromRoute, route } from '../../../src/pipeline/route/index.js';
import { validatePlan } from '../../../src/pipeline/plan/validate-plan.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import { defaultSymbolDirectory } from '../../../src/tools/market/symbol-directory.js';
import type { Figure } from '../../../eval/reference/index.js';
import { market, reference, runSteps } from './helpers.js';

const registry = createToolRegistry();
// Charts are not what this checks (and need a renderer): without render_chart the router plans the numeric reading.
const available = new Set(registry.names().filter((name) => name !== 'render_chart' && name !== 'analyze_chart'));
const directory = defaultSymbolDirectory();
const YTD = { from: '2026-01-01', to: '2026-05-15' };
const MARCH_LOW = { from: '2026-03-30', to: '2026-05-15', anchor: { kind: 'lowest_close' as const, date: '2026-03-30' } };

/** question → [tool, output field, figure] checks. */
const CASES: [string, [string, (out: Record<string, unknown>) => unknown, Figure][]][] = [
  ['max drawdown of TSLA this year', [['max_drawdown', (o) => o.drawdownPct, { kind: 'max_drawdown', ticker: 'TSLA', window: YTD }]]],
  ['how volatile has AMD been over the last 30 days', [['volatility', (o) => o.annualizedPct, { kind: 'volatility', ticker: 'AMD', window: { from: '2026-04-15', to: '2026-05-15' } }]]],
  ['beta of TSLA vs SPY', [['beta', (o) => o.beta, { kind: 'beta', ticker: 'TSLA', benchmark: 'SPY', window: { from: '2025-05-15', to: '2026-05-15' } }]]],
  ['all-time high for NVDA', [['all_time_high', (o) => (o.highestClose as { close: number }).close, { kind: 'all_time_high', ticker: 'NVDA' }]]],
  ["NVDA's close on March 31", [['close_on_date', (o) => o.close, { kind: 'close', ticker: 'NVDA', date: '2026-03-31' }]]],
  ["what's NVDA's 200 day", [['moving_average', (o) => o.value, { kind: 'sma', ticker: 'NVDA', n: 200 }]]],
  ['52-week high of MSFT', [['range_52w', (o) => o.high, { kind: 'high_52w', ticker: 'MSFT' }]]],
  [
    'TSLA vs QQQ since the March low',
    [
      ['find_anchor', (o) => o.close, { kind: 'close', ticker: 'TSLA', date: '2026-03-30' }],
      ['relative_performance', (o) => (o.rows as { returnPct: number }[])[0].returnPct, { kind: 'return', ticker: 'TSLA', window: MARCH_LOW }],
    ],
  ],
];

describe('the router plans the metric tools with arguments they accept', () => {
  for (const [question, checks] of CASES) {
    it(question, async () => {
      const routed = route(question, { directory, market });
      const plan = validatePlan(planFromRoute(routed, { available }), registry);
      const outcomes = await runSteps(plan.steps);
      for (const step of plan.steps) expect(outcomes.get(step.id)?.status, `${step.id}: ${JSON.stringify(outcomes.get(step.id))}`).toBe('succeeded');
      for (const [tool, read, figure] of checks) {
        const step = plan.steps.find((s) => s.tool === tool);
        expect(step, `${question}: the plan has no ${tool} step (${plan.steps.map((s) => s.tool).join(', ')})`).toBeDefined();
        const out = (outcomes.get(step!.id) as { output: Record<string, unknown> }).output;
        expect(read(out) as number).toBeCloseTo(reference(figure), figure.kind === 'beta' ? 4 : 2);
      }
    });
  }
});
