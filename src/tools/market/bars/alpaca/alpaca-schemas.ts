/**
 * Alpaca market data v2 wire format (docs.alpaca.markets, "Historical bars"): `GET /v2/stocks/{symbol}/bars` answers
 * `{bars, symbol, next_page_token}`; `bars` is `null` (or the response a bare 204) for an empty window, and for a
 * symbol Alpaca does not know (it does not say "not found"). Daily bars are stamped 00:00 New York in UTC
 * (`…T05:00:00Z` in winter). Errors are `{"code"?, "message"}`.
 */
import { z } from 'zod';

const price = z.number().finite();

export const alpacaBarSchema = z.object({
  t: z.string(),
  o: price,
  h: price,
  l: price,
  c: price,
  v: z.number().nonnegative(),
  n: z.number().optional(),
  vw: z.number().optional(),
});

export const alpacaBarsPageSchema = z.object({
  bars: z.array(alpacaBarSchema).nullable().optional(),
  symbol: z.string().optional(),
  next_page_token: z.string().nullable().optional(),
});

export const alpacaErrorSchema = z.object({ message: z.string(), code: z.number().optional() });
