/**
 * The metric tools inside real plans, as the router will build them: validated by validatePlan, run by the real
 * executor on the offline provider, outputs passed by $ref — `{"$ref": "anchor.window"}` carries find_anchor's
 * window into every measurement. Figures are checked against eval/reference.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../../src/pipeline/plan/validate-plan.js';
import type { Step } from '../../../src/pipeline/plan/plan-schema.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import type { RelativePerformance } from '../../../src/tools/indicators/relative-performance-schema.js';
import type { FindAnchor } from '../../../src/tools/find-anchor.js';
import type { MaxDrawdown } from '../../../src/tools/max-drawdown.js';
import type { Volatility } from '../../../src/tools/volatility.js';
import type { Beta } from '../../../src/tools/beta.js';
import type { AllTimeHigh } from '../../../src/tools/all-time-high.js';
import type { CloseOnDate } from '../../../src/tools/close-on-date.js';
import { reference, runSteps, TODAY } from './helpers.js';

const registry = createToolRegistry();
const METRIC_TOOLS = ['close_on_date', 'max_drawdown', 'volatility', 'beta', 'all_time_high', 'range_52w', 'moving_average', 'find_anchor'];

const succeeded = <T>(outcomes: Awaited<ReturnType<typeof runSteps>>, id: string): T => {
  const outcome = outcomes.get(id);
  if (outcome?.status !== 'succeeded') throw new Error(`${id}: ${JSON.stringify(outcome)}`);
  return outcome.output as T;
};

describe('metric tools in executed plans', () => {
  it('are registered, each with a description and a JSON schema for the planner', () => {
    const catalog = registry.catalog({ includeOutput: true });
    for (const name of METRIC_TOOLS) {
      const entry = catalog.find((e) => e.name === name);
      expect(entry, name).toBeDefined();
      expect(entry!.description.length).toBeGreaterThan(80);
      expect(JSON.stringify(entry!.input)).toContain('"series"');
    }
  });

  it('"TSLA vs QQQ since the March low": find_anchor → relative_performance, max_drawdown, volatility, beta on {$ref: anchor.window}', async () => {
    const steps: Step[] = [
      { id: 'bars_tsla', tool: 'get_bars', args: { symbol: 'TSLA', from: '2026-03-01', to: TODAY, warmupBars: 1 }, label: 'TSLA prices' },
      { id: 'bars_qqq', tool: 'get_bars', args: { symbol: 'QQQ', from: '2026-03-01', to: TODAY, warmupBars: 1 }, label: 'QQQ prices' },
      { id: 'anchor', tool: 'find_anchor', args: { series: { $ref: 'bars_tsla' }, anchor: { kind: 'low', from: '2026-03-01', to: '2026-03-31' } }, label: 'TSLA March low' },
      {
        id: 'perf',
        tool: 'relative_performance',
        args: { series: [{ $ref: 'bars_tsla' }, { $ref: 'bars_qqq' }], benchmark: 'QQQ', window: { $ref: 'anchor.window' } },
        label: 'TSLA vs QQQ since the low',
      },
      { id: 'dd', tool: 'max_drawdown', args: { series: { $ref: 'bars_tsla' }, window: { $ref: 'anchor.window' } }, label: 'TSLA drawdown since the low' },
      { id: 'vol', tool: 'volatility', args: { series: { $ref: 'bars_tsla' }, window: { $ref: 'anchor.window' } }, label: 'TSLA volatility since the low' },
      { id: 'beta', tool: 'beta', args: { series: { $ref: 'bars_tsla' }, benchmark: { $ref: 'bars_qqq' }, window: { $ref: 'anchor.window' } }, label: 'TSLA beta vs QQQ' },
    ];
    const plan = validatePlan({ steps }, registry);
    const outcomes = await runSteps(plan.steps);
    const anchor = succeeded<FindAnchor>(outcomes, 'anchor');
    expect(anchor.window).toEqual({ from: '2026-03-30', to: TODAY, base: 'from_close' });
    const window = { from: '2026-03-30', to: TODAY, anchor: { kind: 'lowest_close' as const, date: '2026-03-30' } };

    const perf = succeeded<RelativePerformance>(outcomes, 'perf');
    const [tsla, qqq] = perf.rows;
    expect(tsla).toMatchObject({ startDate: '2026-03-30', startClose: 355.28, endClose: 422.24 });
    expect(tsla.returnPct).toBeCloseTo(reference({ kind: 'return', ticker: 'TSLA', window }), 2);
    expect(qqq.returnPct).toBeCloseTo(reference({ kind: 'return', ticker: 'QQQ', window }), 2);
    expect(Math.abs(tsla.vsBenchmarkPp!)).toBeCloseTo(Math.abs(reference({ kind: 'spread', ticker: 'QQQ', benchmark: 'TSLA', window })), 1);
    expect(perf.window).toMatchObject({ from: '2026-03-30', base: 'from_close' });

    const dd = succeeded<MaxDrawdown>(outcomes, 'dd');
    expect(dd.drawdownPct).toBeCloseTo(reference({ kind: 'max_drawdown', ticker: 'TSLA', window }), 2);
    expect(dd.window).toMatchObject({ from: '2026-03-30', base: 'from_close', baseDate: '2026-03-30', baseClose: 355.28 });
    expect(succeeded<Volatility>(outcomes, 'vol').annualizedPct).toBeCloseTo(reference({ kind: 'volatility', ticker: 'TSLA', window }), 2);
    expect(succeeded<Beta>(outcomes, 'beta').beta).toBeCloseTo(reference({ kind: 'beta', ticker: 'TSLA', benchmark: 'QQQ', window }), 4);
  });

  it('"all-time high for NVDA" and "NVDA close on March 31" from get_bars as the router would fetch them', async () => {
    const steps: Step[] = [
      { id: 'bars_all', tool: 'get_bars', args: { symbol: 'NVDA', from: '1990-01-01', to: TODAY, warmupBars: 0 }, label: 'NVDA history' },
      { id: 'ath', tool: 'all_time_high', args: { series: { $ref: 'bars_all' } }, label: 'NVDA all-time high' },
      { id: 'bars_day', tool: 'get_bars', args: { symbol: 'NVDA', from: '2026-03-24', to: '2026-03-31', warmupBars: 1 }, label: 'NVDA around March 31' },
      { id: 'close', tool: 'close_on_date', args: { series: { $ref: 'bars_day' }, date: '2026-03-31' }, label: 'NVDA close on March 31' },
    ];
    const outcomes = await runSteps(validatePlan({ steps }, registry).steps);
    const ath = succeeded<AllTimeHigh>(outcomes, 'ath');
    expect(ath).toMatchObject({ historyFrom: '2019-05-16', highestClose: { close: reference({ kind: 'all_time_high', ticker: 'NVDA' }) } });
    expect(succeeded<CloseOnDate>(outcomes, 'close')).toMatchObject({ date: '2026-03-31', close: 174.4 });
  });

  it('literal bad arguments are rejected when the plan is validated (plan_invalid_args), before anything runs', () => {
    const bad: Step[] = [
      { id: 'bars', tool: 'get_bars', args: { symbol: 'NVDA', from: '2026-01-01', to: TODAY }, label: 'NVDA' },
      { id: 'ma', tool: 'moving_average', args: { series: { $ref: 'bars' }, period: 1 }, label: 'MA' },
      { id: 'dd', tool: 'max_drawdown', args: { series: { $ref: 'bars' }, window: { from: '2026/01/01', to: TODAY } }, label: 'DD' },
    ];
    expect(() => validatePlan({ steps: bad }, registry)).toThrow(expect.objectContaining({ code: 'plan_invalid_args' }));
  });

  it('a $ref that resolves to the wrong shape fails the step with tool_input_invalid, and its dependents are skipped', async () => {
    const steps: Step[] = [
      { id: 'bars', tool: 'get_bars', args: { symbol: 'NVDA', from: '2026-01-01', to: TODAY }, label: 'NVDA' },
      { id: 'anchor', tool: 'find_anchor', args: { series: { $ref: 'bars' }, anchor: { kind: 'low', from: '2026-03-01', to: '2026-03-31' } }, label: 'low' },
      // anchor.close is a number, not a window
      { id: 'vol', tool: 'volatility', args: { series: { $ref: 'bars' }, window: { $ref: 'anchor.close' } }, label: 'vol' },
      { id: 'after', tool: 'max_drawdown', args: { series: { $ref: 'bars' }, window: { $ref: 'vol.window' } }, label: 'after' },
    ];
    const outcomes = await runSteps(validatePlan({ steps }, registry).steps);
    expect(outcomes.get('vol')).toMatchObject({ status: 'failed', error: { code: 'tool_input_invalid' } });
    expect(outcomes.get('after')).toMatchObject({ status: 'skipped' });
  });
});
