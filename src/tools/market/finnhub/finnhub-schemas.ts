/**
 * zod schemas for the Finnhub responses we use, after the OpenAPI spec's components.schemas (Quote,
 * CompanyProfile2, BasicFinancials, StockCandles, CompanyNews, SymbolLookup, RecommendationTrend,
 * EarningsCalendar). Loose on purpose where Finnhub is: any field may be null or missing, and unknown symbols
 * come back as zeros or empty objects (handled by the callers, not here).
 */
import { z } from 'zod';

const num = z.number().nullable().optional();
const str = z.string().nullable().optional();

export const finnhubQuoteSchema = z.object({
  c: z.number().nullable(),
  d: num,
  dp: num,
  h: num,
  l: num,
  o: num,
  pc: num,
  t: num,
});
export type FinnhubQuote = z.infer<typeof finnhubQuoteSchema>;

/** `{}` for an unknown symbol or an ETF. marketCapitalization and shareOutstanding are in millions. */
export const finnhubProfileSchema = z.object({
  country: str,
  currency: str,
  estimateCurrency: str,
  exchange: str,
  finnhubIndustry: str,
  ipo: str,
  logo: str,
  marketCapitalization: num,
  name: str,
  phone: str,
  shareOutstanding: num,
  ticker: str,
  weburl: str,
});
export type FinnhubProfile = z.infer<typeof finnhubProfileSchema>;

/**
 * Metric keys contain `/` and `&` ("totalDebt/totalEquityQuarterly"), so this stays a record. Values are numbers,
 * date strings or null; they are read one by one (a number is used only if it is one), so one odd value among
 * ~130 does not throw the whole answer away.
 */
export const finnhubMetricSchema = z.object({
  symbol: str,
  metricType: str,
  metric: z.record(z.string(), z.unknown()).nullable().optional(),
  series: z.unknown().optional(),
});
export type FinnhubMetric = z.infer<typeof finnhubMetricSchema>;

export const finnhubCandlesSchema = z.object({
  s: z.string(),
  c: z.array(z.number()).optional(),
  h: z.array(z.number()).optional(),
  l: z.array(z.number()).optional(),
  o: z.array(z.number()).optional(),
  t: z.array(z.number()).optional(),
  v: z.array(z.number()).optional(),
});
export type FinnhubCandles = z.infer<typeof finnhubCandlesSchema>;

export const finnhubNewsSchema = z.array(
  z.object({
    category: str,
    datetime: z.number(),
    headline: z.string(),
    id: z.number().nullable().optional(),
    image: str,
    related: str,
    source: str,
    summary: str,
    url: z.string(),
  }),
);
export type FinnhubNews = z.infer<typeof finnhubNewsSchema>;

/** Queried symbol first. */
export const finnhubPeersSchema = z.array(z.string());

export const finnhubSearchSchema = z.object({
  count: z.number().optional(),
  result: z
    .array(
      z.object({
        description: z.string(),
        displaySymbol: z.string(),
        symbol: z.string(),
        type: z.string(),
        primary: z.array(z.string()).optional(),
      }),
    )
    .nullable()
    .optional(),
});
export type FinnhubSearch = z.infer<typeof finnhubSearchSchema>;

/** Monthly, newest first. */
export const finnhubRecommendationSchema = z.array(
  z.object({
    buy: z.number(),
    hold: z.number(),
    period: z.string(),
    sell: z.number(),
    strongBuy: z.number(),
    strongSell: z.number(),
    symbol: str,
  }),
);
export type FinnhubRecommendation = z.infer<typeof finnhubRecommendationSchema>;

/** quarter/year are fiscal; hour is bmo (before open), amc (after close), dmh (during hours) or "". */
export const finnhubEarningsCalendarSchema = z.object({
  earningsCalendar: z
    .array(
      z.object({
        date: z.string(),
        epsActual: num,
        epsEstimate: num,
        hour: str,
        quarter: num,
        revenueActual: num,
        revenueEstimate: num,
        symbol: z.string(),
        year: num,
      }),
    )
    .nullable(),
});
export type FinnhubEarningsCalendar = z.infer<typeof finnhubEarningsCalendarSchema>;

/** The `{"error": "..."}` body of 4xx answers. */
export const finnhubErrorSchema = z.object({ error: z.string() });
