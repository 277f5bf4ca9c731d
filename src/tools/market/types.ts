/**
 * The market-data provider interface. Implementations: the offline dataset (embedded default), Finnhub, and a
 * provider chain. Tools call these; nothing else does I/O for market data.
 */
import { z } from 'zod';

export const barSchema = z.object({
  date: z.string(), // YYYY-MM-DD, exchange-local trading day
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  /** Split + dividend adjusted close, when the source has it. */
  adjClose: z.number().optional(),
});
export type Bar = z.infer<typeof barSchema>;

export const barSeriesSchema = z.object({
  symbol: z.string(),
  bars: z.array(barSchema),
  /** Index in `bars` of the first bar inside the requested window; bars before it are indicator warm-up. */
  windowStart: z.number().int().nonnegative(),
  /** Where the data came from, e.g. "offline dataset" or "Finnhub". */
  source: z.string(),
  /** Last date the source has data for (YYYY-MM-DD). */
  asOf: z.string(),
  /** Stable id of the provider that served the bars: "tiingo", "alpaca", "yahoo", "offline", "finnhub". */
  provider: z.string().optional(),
  /** What open/high/low/close (and volume) are adjusted for; `adjClose`, when present, is split + dividend adjusted. */
  adjustment: z.enum(['split', 'raw']).optional(),
  /** The last bar is the session still in progress: its close is the latest price, not a closing price. */
  partial: z.boolean().optional(),
  /** Completed sessions the window asked for that the source does not have yet (0 = it reaches the window's end). */
  sessionsMissing: z.number().int().nonnegative().optional(),
});
export type BarSeries = z.infer<typeof barSeriesSchema>;

export const quoteSchema = z.object({
  symbol: z.string(),
  price: z.number(),
  previousClose: z.number().nullable(),
  change: z.number().nullable(),
  changePct: z.number().nullable(),
  high: z.number().nullable().optional(),
  low: z.number().nullable().optional(),
  open: z.number().nullable().optional(),
  /** Date (or ISO time) of the quote. */
  asOf: z.string(),
  source: z.string(),
});
export type Quote = z.infer<typeof quoteSchema>;

export const profileSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  kind: z.enum(['stock', 'etf', 'index']),
  sector: z.string().nullable(),
  industry: z.string().nullable(),
  exchange: z.string().nullable().optional(),
  marketCap: z.number().nullable().optional(),
  source: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const symbolMatchSchema = z.object({ symbol: z.string(), name: z.string(), kind: z.string() });
export type SymbolMatch = z.infer<typeof symbolMatchSchema>;

export type DateRange = { from: string; to: string };
export type CallOptions = { signal?: AbortSignal };

export interface MarketDataProvider {
  /** Stable id, also the executor's concurrency key for this provider ("offline", "finnhub", ...). */
  readonly id: string;
  /** Human name for answers: "offline dataset", "Finnhub". */
  readonly label: string;
  /**
   * The date "now" means for this provider: the dataset's last date offline, today for live data.
   * Periods like "past quarter" are resolved against it.
   */
  referenceDate(): string;
  /** Symbols this provider can serve daily bars for, when it is a closed set (offline); undefined = open set. */
  availableSymbols(): readonly string[] | undefined;
  /** Daily bars for [from, to], plus `warmupBars` sessions before `from` for indicators. */
  getDailyBars(symbol: string, range: DateRange & { warmupBars?: number }, options?: CallOptions): Promise<BarSeries>;
  getQuote(symbol: string, options?: CallOptions): Promise<Quote>;
  getProfile(symbol: string, options?: CallOptions): Promise<Profile>;
  searchSymbols(query: string, options?: CallOptions): Promise<SymbolMatch[]>;
}

/**
 * Index of the close a window's change is measured from: the session before the window's first one when the
 * series carries it (the convention relative_performance uses), else the first session of the window.
 */
export function windowBaseIndex(series: Pick<BarSeries, 'bars' | 'windowStart'>): number {
  const start = Math.min(series.windowStart, series.bars.length - 1);
  return start > 0 ? start - 1 : start;
}
