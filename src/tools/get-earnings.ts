import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { earningsSchema, requireCompanyData, type Earnings } from './market/company-data.js';

const HOURS = { bmo: 'before the open', amc: 'after the close', dmh: 'during market hours' } as const;

export const getEarningsTool = defineTool({
  name: 'get_earnings',
  description:
    'Next scheduled earnings date for one stock (live data only), with time of day, fiscal quarter/year and EPS/revenue estimates, plus the last reported quarter. Output: Earnings.',
  input: z.object({ symbol: z.string().min(1).max(12) }),
  output: earningsSchema,
  timeoutMs: 20_000,
  concurrencyKey: (services) => services.company?.id ?? 'compute',
  summarize: (e: Earnings) => {
    if (!e.next) return `no upcoming ${e.symbol} earnings date in the calendar (${e.source}, ${e.asOf})`;
    const when = e.next.hour ? ` ${HOURS[e.next.hour]}` : '';
    const fiscal = e.next.fiscalQuarter !== null && e.next.fiscalYear !== null ? `, fiscal Q${e.next.fiscalQuarter} ${e.next.fiscalYear}` : '';
    return `${e.symbol} next earnings ${e.next.date}${when}${fiscal} (${e.source})`;
  },
  execute: (input, ctx) => requireCompanyData(ctx.services, 'Earnings dates').getEarnings(input.symbol, { signal: ctx.signal }),
});
