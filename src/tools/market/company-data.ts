/**
 * Company data beyond prices: fundamentals, news, peers, analyst recommendations, earnings dates.
 * Only live providers have it (Finnhub today); offline, `ToolServices.company` is absent and the tools answer
 * `needs_live_data`. Every result names its source and the date it was fetched (`asOf`).
 */
import { z } from 'zod';
import { BotError } from '../../errors.js';
import type { CallOptions } from './types.js';

const n = z.number().nullable();

export const fundamentalsSchema = z.object({
  symbol: z.string(),
  name: z.string().nullable(),
  currency: z.string().nullable(),
  /** USD millions (Finnhub's unit). */
  marketCapMillions: n,
  peTTM: n,
  forwardPE: n,
  epsTTM: n,
  /** Percent. */
  grossMarginTTM: n,
  operatingMarginTTM: n,
  netMarginTTM: n,
  revenueGrowthTTMYoy: n,
  week52High: n,
  week52HighDate: z.string().nullable(),
  week52Low: n,
  week52LowDate: z.string().nullable(),
  beta: n,
  dividendYieldPct: n,
  source: z.string(),
  asOf: z.string(),
});
export type Fundamentals = z.infer<typeof fundamentalsSchema>;

export const newsItemSchema = z.object({
  headline: z.string(),
  source: z.string().nullable(),
  url: z.string(),
  /** ISO time. */
  publishedAt: z.string(),
  summary: z.string().nullable(),
});
export const newsListSchema = z.object({
  symbol: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(newsItemSchema),
  source: z.string(),
  asOf: z.string(),
});
export type NewsList = z.infer<typeof newsListSchema>;

export const peersSchema = z.object({
  symbol: z.string(),
  /** Without the symbol itself. */
  peers: z.array(z.string()),
  source: z.string(),
  asOf: z.string(),
});
export type Peers = z.infer<typeof peersSchema>;

export const recommendationPeriodSchema = z.object({
  period: z.string(),
  strongBuy: z.number(),
  buy: z.number(),
  hold: z.number(),
  sell: z.number(),
  strongSell: z.number(),
  total: z.number(),
});
export const recommendationsSchema = z.object({
  symbol: z.string(),
  /** Newest first; empty when no analyst covers the stock. */
  trend: z.array(recommendationPeriodSchema),
  source: z.string(),
  asOf: z.string(),
});
export type Recommendations = z.infer<typeof recommendationsSchema>;

export const earningsEventSchema = z.object({
  date: z.string(),
  /** bmo = before the open, amc = after the close, dmh = during market hours, null = not given. */
  hour: z.enum(['bmo', 'amc', 'dmh']).nullable(),
  fiscalQuarter: n,
  fiscalYear: n,
  epsEstimate: n,
  epsActual: n,
  revenueEstimate: n,
  revenueActual: n,
});
export type EarningsEvent = z.infer<typeof earningsEventSchema>;
export const earningsSchema = z.object({
  symbol: z.string(),
  next: earningsEventSchema.nullable(),
  last: earningsEventSchema.nullable(),
  source: z.string(),
  asOf: z.string(),
});
export type Earnings = z.infer<typeof earningsSchema>;

export interface CompanyDataProvider {
  readonly id: string;
  readonly label: string;
  getFundamentals(symbol: string, options?: CallOptions): Promise<Fundamentals>;
  /** Headlines of the last `days` days (default 7), newest first. */
  getNews(symbol: string, query?: { days?: number; limit?: number }, options?: CallOptions): Promise<NewsList>;
  getPeers(symbol: string, options?: CallOptions): Promise<Peers>;
  getRecommendations(symbol: string, options?: CallOptions): Promise<Recommendations>;
  /** The next scheduled earnings date and the last reported one. */
  getEarnings(symbol: string, options?: CallOptions): Promise<Earnings>;
}

/** The company-data provider, or the `needs_live_data` error that tells the user how to get one. */
export function requireCompanyData(services: { readonly company?: CompanyDataProvider }, what: string): CompanyDataProvider {
  if (services.company) return services.company;
  throw new BotError('needs_live_data', `${what} needs live data: set FINNHUB_API_KEY (with MARKET_DATA=live or unset) to enable it. The offline dataset has prices only.`);
}
