/**
 * Tiingo EOD wire format (api.tiingo.com/documentation/end-of-day): `GET /tiingo/daily/{ticker}/prices` answers a
 * JSON array, ascending, one row per session, `date` at UTC midnight of the trading date; raw OHLCV plus CRSP
 * (split + dividend) adjusted fields, the cash dividend and the split factor of the row's date. Errors and throttling
 * are `{"detail": "…"}`, sometimes with HTTP 200.
 */
import { z } from 'zod';

const price = z.number().finite();

export const tiingoPriceRowSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  open: price,
  high: price,
  low: price,
  close: price,
  volume: z.number().nonnegative(),
  adjOpen: price.nullish(),
  adjHigh: price.nullish(),
  adjLow: price.nullish(),
  adjClose: price.nullish(),
  adjVolume: z.number().nullish(),
  divCash: z.number().nullish(),
  splitFactor: z.number().positive().nullish(),
});
export type TiingoPriceRow = z.infer<typeof tiingoPriceRowSchema>;

export const tiingoPricesSchema = z.array(tiingoPriceRowSchema);

export const tiingoDetailSchema = z.object({ detail: z.string() });
