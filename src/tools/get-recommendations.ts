import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { recommendationsSchema, requireCompanyData, type Recommendations } from './market/company-data.js';

export const getRecommendationsTool = defineTool({
  name: 'get_recommendations',
  description:
    'Analyst recommendation trend for one stock (live data only): monthly counts of strong buy / buy / hold / sell / strong sell, newest first. Output: Recommendations.',
  input: z.object({ symbol: z.string().min(1).max(12) }),
  output: recommendationsSchema,
  timeoutMs: 20_000,
  concurrencyKey: (services) => services.company?.id ?? 'compute',
  summarize: (r: Recommendations) => {
    const latest = r.trend[0];
    if (!latest) return `no analyst recommendations for ${r.symbol} (${r.source})`;
    return `${r.symbol} analysts (${latest.period}): ${latest.strongBuy} strong buy, ${latest.buy} buy, ${latest.hold} hold, ${latest.sell} sell, ${latest.strongSell} strong sell (${r.source})`;
  },
  // The last six months are the trend; older months add length, not meaning.
  compact: (r: Recommendations) => ({ ...r, trend: r.trend.slice(0, 6) }),
  execute: (input, ctx) => requireCompanyData(ctx.services, 'Analyst recommendations').getRecommendations(input.symbol, { signal: ctx.signal }),
});
