/**
 * Yahoo Finance chart API wire format (`/v8/finance/chart/{symbol}`, as recorded in gadicc/yahoo-finance2's test
 * fixtures): `{chart: {result: [{meta, timestamp, indicators: {quote: [{open, high, low, close, volume}],
 * adjclose: [{adjclose}]}}], error: null}}`. Columnar arrays indexed like `timestamp` (unix seconds at the session's
 * open), any element may be `null`; an empty window has no `timestamp` and `quote: [{}]`. An unknown symbol is HTTP
 * 404 with `result: null` and `error: {code: "Not Found", description}`.
 */
import { z } from 'zod';

const column = z.array(z.number().nullable()).optional();

export const yahooQuoteSchema = z.object({ open: column, high: column, low: column, close: column, volume: column });

export const yahooResultSchema = z.object({
  meta: z
    .object({
      symbol: z.string().optional(),
      currency: z.string().nullish(),
      exchangeTimezoneName: z.string().optional(),
      gmtoffset: z.number().optional(),
      instrumentType: z.string().optional(),
      priceHint: z.number().optional(),
    })
    .passthrough(),
  timestamp: z.array(z.number()).optional(),
  indicators: z.object({
    quote: z.array(yahooQuoteSchema),
    adjclose: z.array(z.object({ adjclose: column })).optional(),
  }),
});

export const yahooErrorSchema = z.object({ code: z.string(), description: z.string().nullish() });

export const yahooChartSchema = z.object({
  chart: z.object({
    result: z.array(yahooResultSchema).nullable().optional(),
    error: yahooErrorSchema.nullable().optional(),
  }),
});
