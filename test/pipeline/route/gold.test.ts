import { describe, expect, it } from 'vitest';
import { loadGoldSet } from '../../../eval/gold-schema.js';
import { evaluate, graphOf, multisetPrf } from '../../../eval/score.js';
import { hasBlockingProblem, planFromRoute, route, TOOL } from '../../../src/pipeline/route/index.js';
import { validatePlan } from '../../../src/pipeline/plan/validate-plan.js';
import { createToolRegistry } from '../../../src/tools/index.js';
import type { AnyTool } from '../../../src/tools/define-tool.js';
import { renderChartTool } from '../../../src/tools/render-chart.js';
import { analyzeChartTool } from '../../../src/tools/analyze-chart.js';
import { chartNumericReadingTool } from '../../../src/tools/chart-numeric-reading.js';
import { OfflineMarketData } from '../../../src/tools/market/offline-provider.js';
import { defaultSymbolDirectory } from '../../../src/tools/market/symbol-directory.js';

const gold = loadGoldSet();
const market = new OfflineMarketData();
const directory = defaultSymbolDirectory();
const available = new Set<string>(Object.values(TOOL));

describe('gold set', () => {
  it('has at least 40 varied questions about the offline dataset', () => {
    expect(gold.questions.length).toBeGreaterThanOrEqual(40);
    expect(gold.referenceDate).toBe(market.referenceDate());
    const intents = new Set(gold.questions.map((q) => q.intent));
    for (const intent of ['quote', 'compare', 'technicals', 'overview', 'fundamentals', 'news', 'peers', 'recommendations', 'earnings', 'unknown']) expect(intents).toContain(intent);
    expect(gold.questions.filter((q) => q.problems?.length).length).toBeGreaterThanOrEqual(8);
  });

  it('the rules router meets the accuracy and graph-F1 thresholds', () => {
    const report = evaluate(gold, { directory, market, available });
    const misses = report.questions.filter((q) => !q.intentOk || !q.entityOk).map((q) => q.id);
    expect(report.intentAccuracy, `intent misses: ${misses}`).toBeGreaterThanOrEqual(0.9);
    expect(report.entityAccuracy, `entity misses: ${misses}`).toBeGreaterThanOrEqual(0.85);
    expect(report.nodeF1.micro).toBeGreaterThanOrEqual(0.9);
    expect(report.edgeF1.micro).toBeGreaterThanOrEqual(0.85);
  });

  it('every answerable gold question plans a graph that validates against the real registry', () => {
    const registry = createToolRegistry();
    for (const tool of [renderChartTool, analyzeChartTool, chartNumericReadingTool] as AnyTool[]) if (!registry.has(tool.name)) registry.register(tool);
    for (const q of gold.questions) {
      const result = route(q.question, { directory, market, inherit: q.inherit });
      if (hasBlockingProblem(result.problems)) continue;
      const plan = planFromRoute(result, { available: new Set(registry.names()) });
      expect(() => validatePlan(plan, registry), q.id).not.toThrow();
    }
  });
});

describe('scoring', () => {
  it('computes multiset precision, recall and F1', () => {
    expect(multisetPrf(['a', 'a', 'b'], ['a', 'b', 'b'])).toMatchObject({ tp: 2, precision: 2 / 3, recall: 2 / 3 });
    expect(multisetPrf([], []).f1).toBe(1);
    expect(multisetPrf(['a'], []).f1).toBe(0);
    expect(multisetPrf([], ['a']).f1).toBe(0);
    expect(multisetPrf(['a', 'b'], ['a', 'b']).f1).toBe(1);
  });

  it('reads nodes and edges off a plan', () => {
    const graph = graphOf({
      steps: [
        { id: 'x', tool: 'get_bars', label: 'x', args: {} },
        { id: 'y', tool: 'indicators', label: 'y', args: {}, dependsOn: ['x'] },
      ],
    });
    expect(graph).toEqual({ nodes: ['get_bars', 'indicators'], edges: ['get_bars->indicators'] });
  });

  it('scores a wrong router low (the thresholds can fail)', () => {
    const wrong = { ...gold, questions: gold.questions.map((q) => ({ ...q, intent: q.intent === 'quote' ? ('news' as const) : ('quote' as const), tickers: ['ZZZ'] })) };
    const report = evaluate(wrong, { directory, market, available });
    expect(report.intentAccuracy).toBeLessThan(0.9);
    expect(report.entityAccuracy).toBeLessThan(0.85);
  });
});
