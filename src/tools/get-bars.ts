import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const getBarsTool = defineTool({
  name: 'get_bars',
  description:
    'Daily OHLCV bars for one symbol over [from, to] (ISO dates), plus `warmupBars` earlier sessions so indicators (SMA200, 52-week range) can be computed from the first day of the window. Output: {symbol, bars, windowStart, source, asOf}.',
  input: z.object({
    symbol: z.string().min(1).max(12),
    from: isoDate,
    to: isoDate,
    // At least one session before the window, so a return can be measured from the close before `from`.
    warmupBars: z.number().int().min(0).max(400).default(1),
  }),
  output: barSeriesSchema,
  // Live bars may walk a provider chain (Tiingo → Alpaca → Yahoo), each leg with its own request timeout.
  timeoutMs: 12_000,
  concurrencyKey: (services) => services.market.id,
  retry: { retries: 2 },
  summarize: (out) => `${out.bars.length - out.windowStart} sessions ${out.bars[out.windowStart]?.date ?? ''} → ${out.bars.at(-1)?.date ?? ''} (${out.source})`,
  compact: (out) => ({ symbol: out.symbol, sessions: out.bars.length - out.windowStart, from: out.bars[out.windowStart]?.date, to: out.bars.at(-1)?.date, lastClose: out.bars.at(-1)?.close, source: out.source, asOf: out.asOf, provider: out.provider, partial: out.partial, sessionsMissing: out.sessionsMissing }),
  execute: (input, ctx) => ctx.services.market.getDailyBars(input.symbol, { from: input.from, to: input.to, warmupBars: input.warmupBars }, { signal: ctx.signal }),
});
