/** The results synthesis reads, by tool, typed with the tools' own output types. */
import type { ChartAnalysis } from '../../../tools/chart-reading/vision-model.js';
import type { AllTimeHigh } from '../../../tools/all-time-high.js';
import type { Beta } from '../../../tools/beta.js';
import type { CloseOnDate } from '../../../tools/close-on-date.js';
import type { FindAnchor } from '../../../tools/find-anchor.js';
import type { MaxDrawdown } from '../../../tools/max-drawdown.js';
import type { MovingAverage } from '../../../tools/moving-average.js';
import type { Range52w } from '../../../tools/range-52w.js';
import type { Volatility } from '../../../tools/volatility.js';
import type { RelativePerformance } from '../../../tools/indicators/relative-performance-schema.js';
import type { TechnicalsSummary } from '../../../tools/indicators/technicals-summary-schema.js';
import type { Profile, Quote } from '../../../tools/market/types.js';
import type { SynthesisResult } from '../synthesis-model.js';

export type { AllTimeHigh, Beta, ChartAnalysis, CloseOnDate, FindAnchor, MaxDrawdown, MovingAverage, Profile, Quote, Range52w, RelativePerformance, TechnicalsSummary, Volatility };

export type Results = {
  perf?: RelativePerformance;
  techs: TechnicalsSummary[];
  readings: ChartAnalysis[];
  quotes: Quote[];
  profiles: Profile[];
  closes: CloseOnDate[];
  drawdowns: MaxDrawdown[];
  vols: Volatility[];
  betas: Beta[];
  aths: AllTimeHigh[];
  ranges: Range52w[];
  averages: MovingAverage[];
  anchors: FindAnchor[];
  /** Results of tools the writer has no section for (company data, peers…): reported by their summary. */
  others: SynthesisResult[];
};

const READ = new Set([
  'relative_performance', 'technicals_summary', 'analyze_chart', 'chart_numeric_reading', 'get_quote', 'get_profile', 'close_on_date',
  'max_drawdown', 'volatility', 'beta', 'all_time_high', 'range_52w', 'moving_average', 'find_anchor',
]);
/** Tools whose output is an input to others, never a paragraph of its own. */
const SILENT = new Set(['get_bars', 'indicators', 'render_chart']);

export function readResults(results: readonly SynthesisResult[]): Results {
  const all = <T>(tool: string) => results.filter((r) => r.tool === tool).map((r) => r.data as T);
  return {
    perf: all<RelativePerformance>('relative_performance')[0],
    techs: all<TechnicalsSummary>('technicals_summary'),
    readings: [...all<ChartAnalysis>('analyze_chart'), ...all<ChartAnalysis>('chart_numeric_reading')],
    quotes: all<Quote>('get_quote'),
    profiles: all<Profile>('get_profile'),
    closes: all<CloseOnDate>('close_on_date'),
    drawdowns: all<MaxDrawdown>('max_drawdown'),
    vols: all<Volatility>('volatility'),
    betas: all<Beta>('beta'),
    aths: all<AllTimeHigh>('all_time_high'),
    ranges: all<Range52w>('range_52w'),
    averages: all<MovingAverage>('moving_average'),
    anchors: all<FindAnchor>('find_anchor'),
    others: results.filter((r) => !READ.has(r.tool) && !SILENT.has(r.tool)),
  };
}
