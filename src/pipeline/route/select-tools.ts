/**
 * Intent → which tools, and why. Tools that are not registered are skipped (with the reason), and so is anything
 * that needs a skipped tool, so every plan built from a selection validates against the registry it came from.
 * Tool names and arguments follow docs/tools.md (a contract shared with the LLM planner).
 */
import type { Entities } from '../events/events.js';
import type { MetricName } from './detect-metrics.js';
import type { Intent } from './intents.js';

export const TOOL = {
  bars: 'get_bars',
  quote: 'get_quote',
  indicators: 'indicators',
  relative: 'relative_performance',
  technicals: 'technicals_summary',
  render: 'render_chart',
  numericReading: 'chart_numeric_reading',
  analyze: 'analyze_chart',
  fundamentals: 'get_fundamentals',
  news: 'get_news',
  peers: 'get_peers',
  recommendations: 'get_recommendations',
  earnings: 'get_earnings',
  anchor: 'find_anchor',
  closeOnDate: 'close_on_date',
  drawdown: 'max_drawdown',
  volatility: 'volatility',
  beta: 'beta',
  allTimeHigh: 'all_time_high',
  range52w: 'range_52w',
  movingAverage: 'moving_average',
} as const;

export type ToolPurpose =
  | 'prices'
  | 'relative'
  | 'relative_chart'
  | 'indicators'
  | 'technicals'
  | 'technical_chart'
  | 'chart_analysis'
  | 'chart_reading'
  | 'quote'
  | 'fundamentals'
  | 'news'
  | 'peers'
  | 'recommendations'
  | 'earnings'
  | 'anchor'
  | 'close_on_date'
  | 'drawdown'
  | 'volatility'
  | 'beta'
  | 'all_time_high'
  | 'range_52w'
  | 'moving_average';

export type ToolPick = { readonly purpose: ToolPurpose; readonly tool: string; readonly reason: string; readonly optional?: boolean };
export type ToolSkip = { readonly purpose: ToolPurpose; readonly tool: string; readonly reason: string };
export type ToolSelection = { readonly intent: Intent; readonly picks: readonly ToolPick[]; readonly skipped: readonly ToolSkip[] };

type Want = { purpose: ToolPurpose; tool: string; reason: string; optional?: boolean; needs?: ToolPurpose[]; insteadOf?: ToolPurpose };

const PERFORMANCE: Want[] = [
  { purpose: 'prices', tool: TOOL.bars, reason: 'daily prices for each symbol and the benchmark' },
  { purpose: 'relative', tool: TOOL.relative, reason: 'returns over the window, rebased, vs the benchmark', needs: ['prices'] },
];
const TECHNICALS: Want[] = [
  { purpose: 'prices', tool: TOOL.bars, reason: 'daily prices with warm-up history for the indicators' },
  { purpose: 'indicators', tool: TOOL.indicators, reason: 'SMA/EMA/RSI/MACD/Bollinger from the prices', needs: ['prices'] },
  { purpose: 'technicals', tool: TOOL.technicals, reason: 'trend, crossovers, RSI regime, 52-week levels', needs: ['indicators'] },
  { purpose: 'technical_chart', tool: TOOL.render, reason: 'a technical chart to post and to read', needs: ['indicators'] },
  { purpose: 'chart_reading', tool: TOOL.numericReading, reason: 'no chart renderer: read the chart levels numerically', needs: ['indicators'], insteadOf: 'technical_chart' },
  { purpose: 'chart_analysis', tool: TOOL.analyze, reason: 'the vision role reads the rendered chart', needs: ['technical_chart'] },
];
const RELATIVE_CHART: Want = { purpose: 'relative_chart', tool: TOOL.render, reason: 'a relative performance chart (nice to have)', optional: true, needs: ['relative'] };

const single = (purpose: ToolPurpose, tool: string, reason: string): Want[] => [{ purpose, tool, reason }];

const PRICES: Want = { purpose: 'prices', tool: TOOL.bars, reason: 'daily prices for the window' };
const ANCHOR: Want = { purpose: 'anchor', tool: TOOL.anchor, reason: 'the dated close the window starts at (a low, a peak)', needs: ['prices'] };

/** The tool each metric asks for (computed from prices); metrics without one are answered by the intent's tools. */
const METRIC_WANTS: Partial<Record<MetricName, Want>> = {
  close_on_date: { purpose: 'close_on_date', tool: TOOL.closeOnDate, reason: 'the close and the move on the day asked about', needs: ['prices'] },
  max_drawdown: { purpose: 'drawdown', tool: TOOL.drawdown, reason: 'the largest peak-to-trough fall in the window', needs: ['prices'] },
  volatility: { purpose: 'volatility', tool: TOOL.volatility, reason: 'annualized realized volatility over the window', needs: ['prices'] },
  beta: { purpose: 'beta', tool: TOOL.beta, reason: 'beta and correlation against the benchmark', needs: ['prices'] },
  correlation: { purpose: 'beta', tool: TOOL.beta, reason: 'beta and correlation against the benchmark', needs: ['prices'] },
  all_time_high: { purpose: 'all_time_high', tool: TOOL.allTimeHigh, reason: 'the highest close in the history available', needs: ['prices'] },
  high_52w: { purpose: 'range_52w', tool: TOOL.range52w, reason: 'the 52-week high and low and the distance from them', needs: ['prices'] },
  low_52w: { purpose: 'range_52w', tool: TOOL.range52w, reason: 'the 52-week high and low and the distance from them', needs: ['prices'] },
  moving_average: { purpose: 'moving_average', tool: TOOL.movingAverage, reason: 'the moving average asked about and where the price is against it', needs: ['prices'] },
};

/** Intents whose whole answer is the metric: only the metric's tools, none of the intent's usual ones. */
const METRIC_ONLY: ReadonlySet<Intent> = new Set(['risk', 'quote']);

const WANTS: Record<Intent, Want[]> = {
  risk: [...PERFORMANCE, RELATIVE_CHART],
  quote: single('quote', TOOL.quote, 'the latest price and change'),
  fundamentals: single('fundamentals', TOOL.fundamentals, 'valuation and financial metrics (live data)'),
  news: single('news', TOOL.news, 'recent company news (live data)'),
  peers: single('peers', TOOL.peers, 'companies in the same industry (live data)'),
  recommendations: single('recommendations', TOOL.recommendations, 'analyst recommendation trends (live data)'),
  earnings: single('earnings', TOOL.earnings, 'earnings calendar and surprises (live data)'),
  compare: [...PERFORMANCE, RELATIVE_CHART],
  technicals: TECHNICALS,
  overview: [...PERFORMANCE, ...TECHNICALS.slice(1), RELATIVE_CHART],
  unknown: [...PERFORMANCE, ...TECHNICALS.slice(1), RELATIVE_CHART],
};

/** Questions about company data a live provider answers. */
const COMPANY_DATA: ReadonlySet<Intent> = new Set(['fundamentals', 'news', 'peers', 'recommendations', 'earnings']);

export function selectTools(intent: Intent, entities: Entities, options: { available: ReadonlySet<string>; priceActionForCompanyData?: boolean }): ToolSelection {
  const { available } = options;
  const picks: ToolPick[] = [];
  const skipped: ToolSkip[] = [];
  const chosen = new Set<ToolPurpose>();
  if (entities.tickers.length === 0) return { intent, picks, skipped: [{ purpose: 'prices', tool: TOOL.bars, reason: 'no symbol to look up' }] };

  // The metric asked for first; then the intent's usual tools, unless the metric is the whole answer.
  const metricWants = (entities.metrics ?? []).flatMap((m) => METRIC_WANTS[m.name as MetricName] ?? []);
  const metricsServed = metricWants.length > 0 && metricWants.every((w) => available.has(w.tool));
  // Without live company data, say so and answer what the prices can: the period's price action.
  const priceAction = options.priceActionForCompanyData && COMPANY_DATA.has(intent) ? [...PERFORMANCE, RELATIVE_CHART] : [];
  const intentWants = METRIC_ONLY.has(intent) && metricsServed ? [] : [...WANTS[intent], ...priceAction];
  const anchored = entities.period.anchor && available.has(TOOL.anchor) ? [PRICES, ANCHOR] : [];
  const wants = metricWants.length > 0 ? [PRICES, ...anchored, ...metricWants, ...intentWants] : [...anchored, ...intentWants];

  for (const want of wants) {
    if (chosen.has(want.purpose)) continue;
    if (want.insteadOf && (chosen.has(want.insteadOf) || !skipped.some((s) => s.purpose === want.insteadOf))) continue;
    const missingNeed = want.needs?.find((need) => !chosen.has(need));
    if (!available.has(want.tool)) {
      skipped.push({ purpose: want.purpose, tool: want.tool, reason: `${want.tool} is not registered` });
    } else if (missingNeed) {
      skipped.push({ purpose: want.purpose, tool: want.tool, reason: `needs ${missingNeed}, which is not available` });
    } else {
      chosen.add(want.purpose);
      picks.push({ purpose: want.purpose, tool: want.tool, reason: want.reason, ...(want.optional ? { optional: true } : {}) });
    }
  }
  // Nothing usable (e.g. a live-data intent whose tool is not registered): the quote is the next best answer.
  if (picks.length === 0 && intent !== 'quote' && available.has(TOOL.quote)) {
    picks.push({ purpose: 'quote', tool: TOOL.quote, reason: `the tools for ${intent} are not available; showing the latest price instead` });
  }
  return { intent, picks, skipped };
}
