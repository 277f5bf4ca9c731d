/**
 * Spec snapshots per chart kind. The templates are data-free (rows and numbers are bound at render time), so a
 * snapshot diff is a deliberate design change; the bindings are snapshotted on fixed offline data.
 */
import { describe, expect, it } from 'vitest';
import { CHART_SIZES } from '../../../src/render/charts/chart-size.js';
import { monthTicks, spreadLabels } from '../../../src/render/charts/chart-theme.js';
import { comparisonChartData } from '../../../src/render/charts/comparison-chart-data.js';
import { lineChartSpec } from '../../../src/render/charts/line-chart-spec.js';
import { relativeChartData } from '../../../src/render/charts/relative-chart-data.js';
import { technicalChartInput } from '../../../src/tools/chart-input.js';
import { technicalChartData } from '../../../src/render/charts/technical-chart-data.js';
import { technicalChartSpec } from '../../../src/render/charts/technical-chart-spec.js';
import { MIN_FONT_PX } from '../../../src/render/charts/chart-size.js';
import { MIN_CONTEXT_SESSIONS } from '../../../src/render/charts/technical-chart-data.js';
import { fitSubtitle } from '../../../src/render/charts/chart-text.js';
import { FONT_PX } from '../../../src/render/charts/chart-theme.js';
import { formatPct, formatPp } from '../../../src/render/charts/format.js';
import { measureText } from '../../../src/render/charts/text-metrics.js';
import { computeRelativePerformance } from '../../../src/tools/indicators/compute-relative-performance.js';
import { computeIndicators, loadSeries } from './fixtures.js';

const END = '2026-05-15';

/** Every fontSize in a spec, wherever it sits. */
function fontSizes(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => fontSizes(v, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (/fontSize$/i.test(k) && typeof v === 'number') out.push(v);
      else fontSizes(v, out);
    }
  return out;
}

describe('chart specs', () => {
  it('technical template (chat) snapshot', () => {
    expect(technicalChartSpec(CHART_SIZES.chat)).toMatchSnapshot();
  });

  it('line template (relative and comparison) snapshot', () => {
    expect(lineChartSpec(CHART_SIZES.vision)).toMatchSnapshot();
  });

  it('no text under 13 px, one font, white background, no legends', () => {
    for (const spec of [technicalChartSpec(CHART_SIZES.vision), lineChartSpec(CHART_SIZES.vision)]) {
      const sizes = fontSizes(spec);
      expect(sizes.length).toBeGreaterThan(3);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_FONT_PX);
      expect(JSON.stringify(spec)).not.toContain('"legend":{');
      expect((spec as { background?: string }).background).toBe('white');
      expect((spec as { config: { font: string } }).config.font).toBe('DejaVu Sans');
    }
  });

  it('technical binding snapshot (NVDA to 2026-05-15)', () => {
    const series = loadSeries('NVDA', 125, 250, END);
    const binding = technicalChartData(technicalChartInput(series.symbol, series, computeIndicators(series)), CHART_SIZES.chat);
    expect({ keyNumbers: binding.keyNumbers, alt: binding.alt, params: binding.params, labels: binding.data.labels, events: binding.data.events, notes: binding.data.notes }).toMatchSnapshot();
    // 125 sessions is close enough to the six-month minimum: shown as asked, nothing shaded.
    expect(binding.data.bars).toHaveLength(125);
    expect(binding.data.window).toHaveLength(0);
  });

  it('a 2-session window still shows six months of context, with the asked window shaded and the title on it', () => {
    const series = loadSeries('NVDA', 2, 300, END);
    const binding = technicalChartData(technicalChartInput(series.symbol, series, computeIndicators(series)), CHART_SIZES.chat);
    expect(binding.data.bars).toHaveLength(MIN_CONTEXT_SESSIONS);
    expect(binding.data.window.map((r) => (r as { d: string }).d)).toEqual(series.bars.slice(-2).map((b) => b.date));
    expect(binding.params.titleText).toContain('(2 sessions)');
    expect(binding.keyNumbers.sessions).toBe(2);
  });

  it('an index (no volume) drops the volume panel; every technical chart has a MACD panel note', () => {
    const sox = loadSeries('^SOX', 63, 250, END);
    const binding = technicalChartData(technicalChartInput('^SOX', sox, computeIndicators(sox)), CHART_SIZES.chat);
    expect(binding.template).toBe('technical-novolume');
    const notes = binding.data.notes.map((n) => (n as { text: string }).text);
    expect(notes.some((t) => t.startsWith('Volume'))).toBe(false);
    expect(notes.find((t) => t.startsWith('MACD (12, 26, 9) '))).toMatch(/MACD \(12, 26, 9\) [\d,.−-]+ {2}· {2}signal/);
    const nvda = loadSeries('NVDA', 63, 250, END);
    expect(technicalChartData(technicalChartInput('NVDA', nvda, computeIndicators(nvda)), CHART_SIZES.chat).template).toBe('technical');
  });

  it('multi-year relative charts switch to a log scale and say so; short ones stay linear', () => {
    const long = ['NVDA', '^SOX'].map((s) => loadSeries(s, 1250, 1, END));
    const perf = computeRelativePerformance({ series: long, benchmark: '^SOX', from: long[0].bars[long[0].windowStart].date, to: END });
    const binding = relativeChartData(perf, CHART_SIZES.chat);
    expect(perf.rows[0].returnPct).toBeGreaterThan(300);
    expect(binding.template).toBe('lines-log');
    expect(JSON.stringify(lineChartSpec(CHART_SIZES.chat, { log: true }))).toContain('log scale');
    const short = ['NVDA', '^SOX'].map((s) => loadSeries(s, 63, 1, END));
    const perfShort = computeRelativePerformance({ series: short, benchmark: '^SOX', from: short[0].bars[short[0].windowStart].date, to: END });
    expect(relativeChartData(perfShort, CHART_SIZES.chat).template).toBe('lines');
  });

  it('a ticker keeps its colour from chart to chart; percents have one decimal; the footer names source and date', () => {
    const colorOf = (symbols: string[], symbol: string) => {
      const cmp = comparisonChartData(symbols.map((s) => loadSeries(s, 40, 0, END)), '2026-03-01', END, CHART_SIZES.chat);
      return (cmp.data.labels as { text: string; color: string }[]).find((l) => l.text.startsWith(`${symbol} `))?.color;
    };
    const msft = colorOf(['MSFT', 'AAPL'], 'MSFT');
    expect(msft).toMatch(/^#/);
    expect(colorOf(['GOOGL', 'MSFT', 'NVDA'], 'MSFT')).toBe(msft);
    expect(colorOf(['MSFT'], 'MSFT')).toBe(msft);
    expect(formatPct(1481.97)).toBe('+1,482.0%');
    expect(formatPct(-0.04)).toBe('0.0%');
    expect(formatPp(1322.73)).toBe('+1,322.7 pp');
    const cmp = comparisonChartData(['AAPL', 'MSFT'].map((s) => loadSeries(s, 40, 0, END)), '2026-03-01', END, CHART_SIZES.chat);
    expect((cmp.data.footer[0] as { text: string }).text).toBe('Source: offline dataset, data as of 2026-05-15\u00a0\u00a0\u00b7\u00a0\u00a0marketdesk');
  });

  it('a subtitle too wide for the canvas drops whole items and counts them', () => {
    const parts = Array.from({ length: 12 }, (_, k) => `TICK${k} +${k}.0% (+1.0 pp vs ^SOX)`);
    const text = fitSubtitle(parts, CHART_SIZES.chat);
    expect(text).toMatch(/\+\d+ more$/);
    expect(measureText(text, { size: FONT_PX.subtitle })).toBeLessThanOrEqual(CHART_SIZES.chat.width - 20);
    expect(text.startsWith(parts[0])).toBe(true);
  });

  it('relative and comparison binding snapshots', () => {
    const series = ['NVDA', '^SOX'].map((s) => loadSeries(s, 63, 0, END));
    const perf = computeRelativePerformance({ series, benchmark: '^SOX', from: series[0].bars[0].date, to: END });
    const rel = relativeChartData(perf, CHART_SIZES.chat);
    expect({ keyNumbers: rel.keyNumbers, alt: rel.alt, params: rel.params, labels: rel.data.labels }).toMatchSnapshot();
    const cmp = comparisonChartData(['AAPL', 'MSFT', 'GOOGL'].map((s) => loadSeries(s, 40, 0, END)), '2026-03-01', END, CHART_SIZES.vision);
    expect({ keyNumbers: cmp.keyNumbers, alt: cmp.alt, labels: cmp.data.labels }).toMatchSnapshot();
  });
});

describe('layout helpers', () => {
  it('spreadLabels keeps labels at least minGap apart and inside the panel', () => {
    const out = spreadLabels([100, 101, 102, 400, 5], 18, 420);
    const sorted = [...out].sort((a, b) => a - b);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k] - sorted[k - 1]).toBeGreaterThanOrEqual(18 - 1e-9);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(420);
    expect(out[3]).toBe(400); // a label with room stays where it is
  });

  it('monthTicks labels the first session of each month, with the year when it changes', () => {
    const dates = ['2025-12-29', '2025-12-30', '2026-01-02', '2026-01-05', '2026-02-02', '2026-02-03', '2026-03-02'];
    const ticks = monthTicks(dates);
    expect(ticks.values).toEqual(['2025-12-29', '2026-01-02', '2026-02-02', '2026-03-02']);
    expect(ticks.labels['2026-01-02']).toBe('Jan 2026');
    expect(ticks.labels['2026-02-02']).toBe('Feb');
  });
});
