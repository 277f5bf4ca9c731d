import { describe, expect, it } from 'vitest';
import { selectTools, TOOL } from '../../../src/pipeline/route/select-tools.js';
import type { Entities } from '../../../src/pipeline/events/events.js';

const ALL = new Set(Object.values(TOOL));
const entities: Entities = {
  tickers: ['NVDA'],
  benchmark: '^SOX',
  altBenchmarks: ['SOXX', 'SMH'],
  benchmarkLabel: 'semiconductors',
  period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' },
  unknown: [],
};
const tools = (selection: ReturnType<typeof selectTools>) => selection.picks.map((p) => p.tool);

describe('selectTools', () => {
  it('picks the composite for overview, with the relative chart optional', () => {
    const selection = selectTools('overview', entities, { available: ALL });
    expect(selection.picks.map((p) => p.purpose)).toEqual(['prices', 'relative', 'indicators', 'technicals', 'technical_chart', 'chart_analysis', 'relative_chart']);
    expect(selection.picks.find((p) => p.purpose === 'relative_chart')?.optional).toBe(true);
    expect(selection.skipped).toEqual([]);
    for (const pick of selection.picks) expect(pick.reason.length).toBeGreaterThan(5);
  });

  it('uses one tool for single-call intents', () => {
    expect(tools(selectTools('quote', entities, { available: ALL }))).toEqual(['get_quote']);
    expect(tools(selectTools('fundamentals', entities, { available: ALL }))).toEqual(['get_fundamentals']);
    expect(tools(selectTools('news', entities, { available: ALL }))).toEqual(['get_news']);
    expect(tools(selectTools('peers', entities, { available: ALL }))).toEqual(['get_peers']);
    expect(tools(selectTools('recommendations', entities, { available: ALL }))).toEqual(['get_recommendations']);
    expect(tools(selectTools('earnings', entities, { available: ALL }))).toEqual(['get_earnings']);
  });

  it('skips tools that are not registered, and whatever needs them', () => {
    const available = new Set(['get_bars', 'get_quote', 'indicators', 'relative_performance', 'technicals_summary']);
    const selection = selectTools('overview', entities, { available });
    expect(tools(selection)).toEqual(['get_bars', 'relative_performance', 'indicators', 'technicals_summary']);
    expect(selection.skipped.map((s) => `${s.purpose}:${s.reason}`)).toEqual([
      'technical_chart:render_chart is not registered',
      'chart_reading:chart_numeric_reading is not registered',
      'chart_analysis:analyze_chart is not registered',
      'relative_chart:render_chart is not registered',
    ]);
  });

  it('falls back to the numeric chart reading when there is no chart renderer', () => {
    const available = new Set([...ALL].filter((t) => t !== 'render_chart'));
    const selection = selectTools('technicals', entities, { available });
    expect(tools(selection)).toEqual(['get_bars', 'indicators', 'technicals_summary', 'chart_numeric_reading']);
    expect(selection.skipped.find((s) => s.purpose === 'chart_analysis')?.reason).toMatch(/needs technical_chart/);
  });

  it('drops dependents of a missing tool and answers with a quote when nothing else is possible', () => {
    const available = new Set(['get_quote', 'indicators']);
    const selection = selectTools('technicals', entities, { available });
    expect(tools(selection)).toEqual(['get_quote']);
    expect(selection.skipped.find((s) => s.purpose === 'indicators')?.reason).toMatch(/needs prices/);
    expect(tools(selectTools('fundamentals', entities, { available: new Set(['get_quote']) }))).toEqual(['get_quote']);
  });

  it('selects nothing without a symbol', () => {
    expect(selectTools('overview', { ...entities, tickers: [] }, { available: ALL }).picks).toEqual([]);
  });
});
