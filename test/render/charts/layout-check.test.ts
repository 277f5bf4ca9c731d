/**
 * The automatic layout check over every chart kind × size × input shape (short, normal, long, index, many tickers):
 * no text may touch another text, a data mark (candle, bar, wick, marker, line) or the canvas edge. Plus a check
 * that the check itself can fail.
 */
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { ChartRenderer, type ChartInput } from '../../../src/render/charts/chart-renderer.js';
import { CHART_SIZES, type ChartSizeName } from '../../../src/render/charts/chart-size.js';
import { ChartTemplate } from '../../../src/render/charts/chart-template.js';
import { findCollisions, sceneContents } from '../../../src/render/charts/layout-check.js';
import { comparisonChartInput, technicalChartInput } from '../../../src/tools/chart-input.js';
import { computeRelativePerformance } from '../../../src/tools/indicators/compute-relative-performance.js';
import { computeIndicators, loadSeries } from './fixtures.js';

const END = '2026-05-15';
const MANY = ['NVDA', 'AMD', 'AVGO', 'QCOM', 'INTC', 'TSM', 'SOXX'];

function technical(symbol: string, sessions: number): ChartInput {
  const series = loadSeries(symbol, sessions, 260, END);
  return technicalChartInput(symbol, series, computeIndicators(series));
}

function relative(subjects: readonly string[], benchmark: string, sessions: number): ChartInput {
  const series = [...subjects, benchmark].map((s) => loadSeries(s, sessions, 1, END));
  const from = series[0].bars[series[0].windowStart].date;
  return { kind: 'relative', performance: computeRelativePerformance({ series, benchmark, from, to: END }) };
}

function comparison(symbols: readonly string[], sessions: number): ChartInput {
  const series = symbols.map((s) => loadSeries(s, sessions, 1, END));
  return comparisonChartInput({ kind: 'comparison', series, window: { from: series[0].bars[series[0].windowStart].date, to: END } });
}

const CASES: Record<string, () => ChartInput> = {
  'technical short (2 sessions)': () => technical('NVDA', 2),
  'technical normal (quarter)': () => technical('NVDA', 63),
  'technical long (5 years)': () => technical('NVDA', 1250),
  'technical index (^SOX)': () => technical('^SOX', 63),
  'technical normal (AMD half-year)': () => technical('AMD', 126),
  'relative short (2 sessions)': () => relative(['SOXX'], '^SOX', 2),
  'relative normal (quarter)': () => relative(['NVDA'], '^SOX', 63),
  'relative long (5 years, log scale)': () => relative(['NVDA'], '^SOX', 1250),
  'relative index (SOXX vs ^SOX, year)': () => relative(['SOXX'], '^SOX', 252),
  'relative many tickers': () => relative(MANY, '^SOX', 63),
  'comparison short (5 sessions)': () => comparison(['AAPL', 'MSFT'], 5),
  'comparison normal (quarter)': () => comparison(['AAPL', 'MSFT', 'GOOGL'], 63),
  'comparison long (5 years)': () => comparison(['AAPL', 'MSFT', 'NVDA'], 1250),
  'comparison index (SPY, QQQ, ^SOX)': () => comparison(['SPY', 'QQQ', '^SOX'], 126),
  'comparison many tickers': () => comparison([...MANY, 'SMH'], 63),
};

describe('chart layout check', () => {
  const renderer = new ChartRenderer({ cacheBytes: 0 });
  for (const sizeName of ['chat', 'vision'] as ChartSizeName[])
    for (const [name, make] of Object.entries(CASES))
      it(`${name} at ${sizeName} size: no text collides`, async () => {
        const collisions = await renderer.checkLayout(make(), sizeName);
        expect(collisions.map((c) => `${c.kind}: "${c.text}" vs ${c.other}`)).toEqual([]);
      });

  it('reads the texts and marks it checks (a chart with none would pass vacuously)', async () => {
    const template = renderer.template('technical', CHART_SIZES.chat);
    const input = technical('NVDA', 63) as Extract<ChartInput, { kind: 'technical' }>;
    const { technicalChartData } = await import('../../../src/render/charts/technical-chart-data.js');
    const contents = await template.inspect(technicalChartData(input, CHART_SIZES.chat), (view) => sceneContents(view));
    expect(contents.texts.length).toBeGreaterThan(20);
    expect(contents.texts.map((t) => t.text)).toContain('70');
    expect(contents.obstacles.length).toBeGreaterThan(100);
  });

  it('fails on overlapping texts, text on a mark and text past the edge', async () => {
    const spec = {
      width: 200,
      height: 100,
      layer: [
        { data: { values: [{ x: 10, y: 10, t: 'first label' }, { x: 14, y: 12, t: 'second label' }] }, mark: { type: 'text', align: 'left' }, encoding: { x: { field: 'x', type: 'quantitative', scale: null }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 't' } } },
        { data: { values: [{ x: 50, y: 60 }] }, mark: { type: 'rect', width: 40, height: 20 }, encoding: { x: { field: 'x', type: 'quantitative', scale: null }, y: { field: 'y', type: 'quantitative', scale: null } } },
        { data: { values: [{ x: 52, y: 60, t: 'on the bar' }, { x: 190, y: 90, t: 'running off the edge' }] }, mark: { type: 'text', align: 'left' }, encoding: { x: { field: 'x', type: 'quantitative', scale: null }, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 't' } } },
      ],
    } as unknown as TopLevelSpec;
    const template = new ChartTemplate('collisions', spec);
    const found = await template.inspect({ data: {} }, (view) => findCollisions(view, { width: 220, height: 120 }));
    template.dispose();
    expect(found.map((c) => c.kind).sort()).toEqual(['text-edge', 'text-mark', 'text-text']);
  });
});
