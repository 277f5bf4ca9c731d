import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { quoteSchema } from './market/types.js';

export const getQuoteTool = defineTool({
  name: 'get_quote',
  description: 'Latest price for one symbol: price, previous close, change and change %, with the date and source. Output: Quote.',
  input: z.object({ symbol: z.string().min(1).max(12) }),
  output: quoteSchema,
  timeoutMs: 5_000,
  concurrencyKey: (services) => services.market.id,
  summarize: (q) => `${q.symbol} ${q.price.toFixed(2)}${q.changePct === null ? '' : ` (${q.changePct >= 0 ? '+' : ''}${q.changePct.toFixed(2)}%)`} as of ${q.asOf}`,
  execute: (input, ctx) => ctx.services.market.getQuote(input.symbol, { signal: ctx.signal }),
});
