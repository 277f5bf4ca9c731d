import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { fundamentalsSchema, requireCompanyData, type Fundamentals } from './market/company-data.js';

const fmt = (value: number | null, digits = 2, suffix = '') => (value === null ? null : `${value.toFixed(digits)}${suffix}`);

export const getFundamentalsTool = defineTool({
  name: 'get_fundamentals',
  description:
    'Key fundamentals for one stock (live data only): P/E (TTM and forward), EPS TTM, gross/operating/net margins %, revenue growth %, 52-week high/low with dates, beta, market cap (USD millions), dividend yield %. Output: Fundamentals.',
  input: z.object({ symbol: z.string().min(1).max(12) }),
  output: fundamentalsSchema,
  // The shared Finnhub rate limit can make a call wait its turn.
  timeoutMs: 20_000,
  concurrencyKey: (services) => services.company?.id ?? 'compute',
  summarize: (f: Fundamentals) => {
    const parts = [
      f.peTTM !== null || f.forwardPE !== null ? `P/E ${fmt(f.peTTM) ?? 'n/a'} TTM, ${fmt(f.forwardPE) ?? 'n/a'} forward` : null,
      f.epsTTM !== null ? `EPS ${fmt(f.epsTTM)}` : null,
      f.netMarginTTM !== null ? `net margin ${fmt(f.netMarginTTM, 1, '%')}` : null,
    ].filter(Boolean);
    return `${f.symbol}: ${parts.join('; ') || 'no ratios reported'} (${f.source}, ${f.asOf})`;
  },
  execute: (input, ctx) => requireCompanyData(ctx.services, 'Fundamentals').getFundamentals(input.symbol, { signal: ctx.signal }),
});
