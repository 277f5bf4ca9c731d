/**
 * One window, one base: for the same symbol and window, the table (relative_performance), technicals_summary's
 * window change, the technical chart's key numbers, the numeric chart reading, and the comparison and relative
 * charts all state the same return — and it is the reference calculator's (issue 12 saw +67.1% in the table and
 * +66.48% in the chart reading for one question).
 */
import { round2 } from '../../../src/tools/indicators/round.js';
import { describe, expect, it } from 'vitest';
import type { RelativePerformance } from '../../../src/tools/indicators/relative-performance-schema.js';
import type { TechnicalsSummary } from '../../../src/tools/indicators/technicals-summary-schema.js';
import type { IndicatorSet } from '../../../src/tools/indicators/indicator-set.js';
import { technicalChartInput, toChartInput } from '../../../src/tools/chart-input.js';
import { readTechnical } from '../../../src/tools/chart-reading/numeric-chart-reader.js';
import { technicalChartData } from '../../../src/render/charts/technical-chart-data.js';
import { comparisonChartData } from '../../../src/render/charts/comparison-chart-data.js';
import { relativeChartData } from '../../../src/render/charts/relative-chart-data.js';
import { CHART_SIZES } from '../../../src/render/charts/chart-size.js';
import type { ComparisonChartInput } from '../../../src/render/charts/chart-input.js';
import { bars, output, reference, TODAY } from './helpers.js';

const WINDOWS = [
  { name: 'the past year (from is a session)', from: '2025-05-15' },
  { name: 'YTD (from is a holiday)', from: '2026-01-01' },
  { name: 'since April 1st (a session)', from: '2026-04-01' },
  { name: 'this week (a Monday)', from: '2026-05-11' },
  { name: 'the past quarter (a Sunday)', from: '2026-02-15' },
];

describe('one base: every surface states the same window return', () => {
  for (const { name, from } of WINDOWS) {
    it(name, async () => {
      const symbols = ['NVDA', 'SMH'];
      // As the router fetches them: a technicals series with a long warm-up, the same window.
      const series = await Promise.all(symbols.map((symbol) => bars(symbol, from, TODAY, 252)));
      const perf = await output<RelativePerformance>('relative_performance', { series, benchmark: 'SMH', from, to: TODAY });
      const comparison = comparisonChartData(...comparisonArgs(toChartInput({ kind: 'comparison', series, from, to: TODAY }) as ComparisonChartInput));
      const relative = relativeChartData(perf, CHART_SIZES.chat);
      for (const [i, symbol] of symbols.entries()) {
        const expected = reference({ kind: 'return', ticker: symbol, window: { from, to: TODAY } });
        const table = perf.rows[i].returnPct;
        expect(table, `${symbol} table`).toBeCloseTo(expected, 2);

        const indicators = await output<IndicatorSet>('indicators', { series: series[i] });
        const technicals = await output<TechnicalsSummary>('technicals_summary', { series: series[i], indicators });
        const chart = technicalChartData(technicalChartInput(symbol, series[i], indicators), CHART_SIZES.chat);
        const reading = readTechnical(series[i], indicators).find((o) => o.kind === 'trend')!.text;
        const readingPct = Number(/moved ([+-]\d+\.\d+)%/.exec(reading)![1]);

        expect(technicals.window.changePct, `${symbol} technicals`).toBe(table);
        expect(technicals.window.baseDate).toBe(perf.rows[i].startDate);
        // Charts and the numeric reading print two decimals: the same figure, rounded once.
        expect(chart.keyNumbers.changePct, `${symbol} technical chart`).toBe(round2(table));
        expect(readingPct, `${symbol} numeric reading`).toBe(round2(table));
        expect(reading).toContain(`from the ${perf.rows[i].startDate} close`);
        expect(comparison.keyNumbers[`${symbol}.returnPct`], `${symbol} comparison chart`).toBe(round2(table));
        expect(relative.keyNumbers[`${symbol}.returnPct`], `${symbol} relative chart`).toBe(table);
      }
    });
  }
});

function comparisonArgs(input: ComparisonChartInput): Parameters<typeof comparisonChartData> {
  return [input.series, input.from, input.to, CHART_SIZES.chat];
}
