/**
 * The tool registry, built from an explicit list (no filesystem globbing): adding a tool means adding it here.
 */
import type { AnyTool } from './define-tool.js';
import { ToolRegistry } from './registry.js';
import { getBarsTool } from './get-bars.js';
import { getQuoteTool } from './get-quote.js';
import { getProfileTool } from './get-profile.js';
import { indicatorsTool } from './indicators-tool.js';
import { relativePerformanceTool } from './relative-performance.js';
import { technicalsSummaryTool } from './technicals-summary.js';
import { renderChartTool } from './render-chart.js';
import { chartNumericReadingTool } from './chart-numeric-reading.js';
import { analyzeChartTool } from './analyze-chart.js';
import { getFundamentalsTool } from './get-fundamentals.js';
import { getNewsTool } from './get-news.js';
import { getPeersTool } from './get-peers.js';
import { getRecommendationsTool } from './get-recommendations.js';
import { getEarningsTool } from './get-earnings.js';
import { closeOnDateTool } from './close-on-date.js';
import { maxDrawdownTool } from './max-drawdown.js';
import { volatilityTool } from './volatility.js';
import { betaTool } from './beta.js';
import { allTimeHighTool } from './all-time-high.js';
import { range52wTool } from './range-52w.js';
import { movingAverageTool } from './moving-average.js';
import { findAnchorTool } from './find-anchor.js';
import { watchlistDigestTool } from './watchlist-digest.js';

export const CORE_TOOLS: readonly AnyTool[] = [
  getBarsTool,
  getQuoteTool,
  getProfileTool,
  indicatorsTool,
  relativePerformanceTool,
  technicalsSummaryTool,
  renderChartTool,
  chartNumericReadingTool,
  analyzeChartTool,
  // metrics computed from prices (issue 12); each measures the window it states
  closeOnDateTool,
  maxDrawdownTool,
  volatilityTool,
  betaTool,
  allTimeHighTool,
  range52wTool,
  movingAverageTool,
  findAnchorTool,
  // the watchlist digest run (issue 17)
  watchlistDigestTool,
  // live company data (Finnhub); offline they answer needs_live_data
  getFundamentalsTool,
  getNewsTool,
  getPeersTool,
  getRecommendationsTool,
  getEarningsTool,
];

export function createToolRegistry(extra: readonly AnyTool[] = []): ToolRegistry {
  return new ToolRegistry([...CORE_TOOLS, ...extra]);
}
