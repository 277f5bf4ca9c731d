import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { newsListSchema, requireCompanyData, type NewsList } from './market/company-data.js';

export const getNewsTool = defineTool({
  name: 'get_news',
  description:
    'Recent company news headlines for one stock (live data only): the last `days` days (default 7, max 30), newest first, each with source, time and link. Output: NewsList.',
  input: z.object({ symbol: z.string().min(1).max(12), days: z.number().int().min(1).max(30).optional() }),
  output: newsListSchema,
  timeoutMs: 20_000,
  concurrencyKey: (services) => services.company?.id ?? 'compute',
  summarize: (n: NewsList) => `${n.items.length} ${n.symbol} headline${n.items.length === 1 ? '' : 's'} from ${n.from} to ${n.to} (${n.source})`,
  // Synthesis needs headlines and links, not long summaries.
  compact: (n: NewsList) => ({ ...n, items: n.items.map((item) => ({ ...item, summary: item.summary && item.summary.length > 200 ? `${item.summary.slice(0, 199)}…` : item.summary })) }),
  execute: (input, ctx) => requireCompanyData(ctx.services, 'News').getNews(input.symbol, { days: input.days }, { signal: ctx.signal }),
});
