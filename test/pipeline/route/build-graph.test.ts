import { describe, expect, it } from 'vitest';
import { buildGraph, MAX_CHARTED_SYMBOLS, slug, WARMUP_BARS } from '../../../src/pipeline/route/build-graph.js';
import { selectTools, TOOL } from '../../../src/pipeline/route/select-tools.js';
import { validatePlan } from '../../../src/pipeline/plan/validate-plan.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import type { AnyTool } from '../../../src/tools/define-tool.js';
import { renderChartTool } from '../../../src/tools/render-chart.js';
import { analyzeChartTool } from '../../../src/tools/analyze-chart.js';
import { chartNumericReadingTool } from '../../../src/tools/chart-numeric-reading.js';
import type { Entities } from '../../../src/pipeline/events/events.js';
import type { Intent } from '../../../src/pipeline/route/intents.js';
import type { Plan } from '../../../src/pipeline/plan/plan-schema.js';

const ALL = new Set(Object.values(TOOL));
const seed: Entities = {
  tickers: ['NVDA'],
  benchmark: '^SOX',
  altBenchmarks: ['SOXX', 'SMH'],
  benchmarkLabel: 'semiconductors',
  period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' },
  unknown: [],
};
const plan = (intent: Intent, entities: Entities = seed, available: ReadonlySet<string> = ALL) => buildGraph(selectTools(intent, entities, { available }), entities);
const byId = (p: Plan) => new Map(p.steps.map((s) => [s.id, s]));

describe('buildGraph', () => {
  it('builds the seed graph: parallel fetches → performance; indicators → technicals; chart → analysis', () => {
    const p = plan('overview');
    const steps = byId(p);
    expect(p.steps.map((s) => s.id)).toEqual([
      'bars_nvda', 'bars_sox', 'bars_soxx', 'bars_smh', 'performance', 'indicators_nvda', 'technicals_nvda', 'chart_nvda', 'analysis_nvda', 'chart_relative',
    ]);
    for (const id of ['bars_nvda', 'bars_sox', 'bars_soxx', 'bars_smh']) {
      expect(steps.get(id)?.tool).toBe('get_bars');
      expect(steps.get(id)?.dependsOn).toBeUndefined();
    }
    expect(steps.get('bars_nvda')?.args).toEqual({ symbol: 'NVDA', from: '2026-02-15', to: '2026-05-15', warmupBars: WARMUP_BARS });
    expect(steps.get('bars_nvda')?.label).toBe('Fetching NVDA daily prices');
    expect(steps.get('bars_sox')?.args).toMatchObject({ symbol: '^SOX', warmupBars: 1 });
    expect(steps.get('performance')).toMatchObject({
      tool: 'relative_performance',
      args: {
        series: [{ $ref: 'bars_nvda' }, { $ref: 'bars_sox' }, { $ref: 'bars_soxx' }, { $ref: 'bars_smh' }],
        benchmark: '^SOX',
        alts: ['SOXX', 'SMH'],
        from: '2026-02-15',
        to: '2026-05-15',
      },
      dependsOn: ['bars_nvda', 'bars_sox', 'bars_soxx', 'bars_smh'],
    });
    expect(steps.get('indicators_nvda')?.args).toEqual({ series: { $ref: 'bars_nvda' } });
    expect(steps.get('technicals_nvda')?.args).toEqual({ series: { $ref: 'bars_nvda' }, indicators: { $ref: 'indicators_nvda' } });
    expect(steps.get('chart_nvda')?.args).toEqual({ kind: 'technical', symbol: 'NVDA', series: { $ref: 'bars_nvda' }, indicators: { $ref: 'indicators_nvda' } });
    expect(steps.get('analysis_nvda')?.args).toEqual({ chart: { $ref: 'chart_nvda' }, series: { $ref: 'bars_nvda' }, indicators: { $ref: 'indicators_nvda' } });
    expect(steps.get('chart_relative')).toMatchObject({ args: { kind: 'relative', performance: { $ref: 'performance' } }, optional: true });
    expect(steps.get('analysis_nvda')?.optional).toBeUndefined();
  });

  it('builds one step per symbol for single-call intents', () => {
    const two = { ...seed, tickers: ['NVDA', 'AMD'] };
    expect(plan('quote', two).steps.map((s) => [s.id, s.tool, s.args])).toEqual([
      ['quote_nvda', 'get_quote', { symbol: 'NVDA' }],
      ['quote_amd', 'get_quote', { symbol: 'AMD' }],
    ]);
    expect(plan('fundamentals').steps).toEqual([{ id: 'fundamentals_nvda', tool: 'get_fundamentals', label: 'Fetching NVDA fundamentals', args: { symbol: 'NVDA' } }]);
    expect(plan('news', { ...seed, period: { label: 'last week', from: '2026-05-08', to: '2026-05-15' } }).steps[0].args).toEqual({ symbol: 'NVDA', days: 7 });
    expect(plan('news').steps[0].args).toEqual({ symbol: 'NVDA' }); // a quarter is longer than news goes back
  });

  it('compares without indicators: no warm-up beyond the base close, no technicals', () => {
    const p = plan('compare', { ...seed, tickers: ['NVDA', 'AMD'], altBenchmarks: [] });
    expect(p.steps.map((s) => s.id)).toEqual(['bars_nvda', 'bars_amd', 'bars_sox', 'performance', 'chart_relative']);
    expect(p.steps[0].args).toMatchObject({ warmupBars: 1 });
    expect(byId(p).get('performance')?.args).not.toHaveProperty('alts');
  });

  it('measures the symbols on their own when there is no benchmark (never a symbol against itself)', () => {
    const p = plan('compare', { ...seed, tickers: ['SPY'], benchmark: null, altBenchmarks: [] });
    expect(byId(p).get('performance')?.args).toMatchObject({ series: [{ $ref: 'bars_spy' }] });
    expect(byId(p).get('performance')?.args).not.toHaveProperty('benchmark');
    const two = plan('compare', { ...seed, tickers: ['SPY', 'QQQ'], benchmark: null, altBenchmarks: [] });
    expect(byId(two).get('performance')?.label).toMatch(/with each other/);
  });

  it(`charts at most ${MAX_CHARTED_SYMBOLS} symbols and stays within the plan budget with 6 symbols`, () => {
    const six = { ...seed, tickers: ['NVDA', 'AMD', 'AVGO', 'INTC', 'QCOM', 'TSM'] };
    const p = plan('overview', six);
    expect(p.steps.filter((s) => s.tool === 'render_chart' && s.args.kind === 'technical')).toHaveLength(MAX_CHARTED_SYMBOLS);
    expect(p.steps.filter((s) => s.tool === 'technicals_summary')).toHaveLength(6);
    expect(p.steps.length).toBeLessThanOrEqual(40);
  });

  it('makes readable, unique, valid step ids', () => {
    expect(slug('^SOX')).toBe('sox');
    expect(slug('BRK.B')).toBe('brk_b');
    const p = plan('quote', { ...seed, tickers: ['BRK.B', 'BRK-B'] });
    expect(p.steps.map((s) => s.id)).toEqual(['quote_brk_b', 'quote_brk_b_2']);
  });
});

describe('plans validate against the real tool registry (chart tools included)', () => {
  const registry = createToolRegistry();
  for (const tool of [renderChartTool, analyzeChartTool, chartNumericReadingTool] as AnyTool[]) if (!registry.has(tool.name)) registry.register(tool);

  it.each(['overview', 'compare', 'technicals', 'quote', 'fundamentals', 'news', 'peers', 'recommendations', 'earnings', 'unknown'] as Intent[])('%s', (intent) => {
    const p = plan(intent, { ...seed, tickers: ['NVDA', 'AMD'] }, new Set(registry.names()));
    expect(p.steps.length).toBeGreaterThan(0);
    expect(() => validatePlan(p, registry)).not.toThrow();
  });

  it('validates with only the core tools too (charts skipped)', () => {
    const core = createToolRegistry();
    const p = plan('overview', seed, new Set(core.names()));
    expect(p.steps.some((s) => s.tool === 'render_chart')).toBe(core.has('render_chart'));
    expect(() => validatePlan(p, core)).not.toThrow();
  });
});
