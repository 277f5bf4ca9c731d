import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { profileSchema } from './market/types.js';

export const getProfileTool = defineTool({
  name: 'get_profile',
  description: 'Company or fund profile for one symbol: name, kind (stock/etf/index), sector, industry. Output: Profile.',
  input: z.object({ symbol: z.string().min(1).max(12) }),
  output: profileSchema,
  timeoutMs: 5_000,
  concurrencyKey: (services) => services.market.id,
  summarize: (p) => `${p.name}${p.sector ? ` — ${p.sector}` : ''}`,
  execute: (input, ctx) => ctx.services.market.getProfile(input.symbol, { signal: ctx.signal }),
});
