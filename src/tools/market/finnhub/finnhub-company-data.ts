/**
 * CompanyDataProvider on Finnhub's free endpoints: /stock/metric + /stock/profile2 (fundamentals),
 * /company-news, /stock/peers, /stock/recommendation, /calendar/earnings. Maps Finnhub's field names and units
 * to ours; never invents a figure (a missing metric is null).
 */
import { BotError } from '../../../errors.js';
import type { CallOptions } from '../types.js';
import type { CompanyDataProvider, Earnings, EarningsEvent, Fundamentals, NewsList, Peers, Recommendations } from '../company-data.js';
import { normalizeSymbol, type FinnhubClient } from './finnhub-client.js';
import type { FinnhubEarningsCalendar } from './finnhub-schemas.js';
import { addDays, isoDate } from './dates.js';

const SOURCE = 'Finnhub';
/** Earnings calendar window around today: wide enough to hold one past and one next report. */
const EARNINGS_BACK_DAYS = 120;
const EARNINGS_AHEAD_DAYS = 150;

export class FinnhubCompanyData implements CompanyDataProvider {
  readonly id = 'finnhub';
  readonly label = 'Finnhub';

  constructor(
    private readonly client: FinnhubClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getFundamentals(symbol: string, options: CallOptions = {}): Promise<Fundamentals> {
    const [metric, profile] = await Promise.all([
      this.client.metrics(symbol, options),
      // The profile only adds name and currency; a fund or a thin listing has none, and that is fine.
      this.client.profile(symbol, options).catch((error: unknown) => {
        if (BotError.is(error) && error.code === 'symbol_not_found') return undefined;
        throw error;
      }),
    ]);
    const num = (...keys: string[]): number | null => {
      for (const key of keys) {
        const value = metric[key];
        if (typeof value === 'number' && Number.isFinite(value)) return value;
      }
      return null;
    };
    const text = (key: string): string | null => (typeof metric[key] === 'string' ? (metric[key] as string) : null);
    return {
      symbol: normalizeSymbol(symbol),
      name: profile?.name ?? null,
      currency: profile?.currency ?? null,
      marketCapMillions: num('marketCapitalization') ?? profile?.marketCapitalization ?? null,
      peTTM: num('peTTM', 'peBasicExclExtraTTM', 'peExclExtraTTM'),
      forwardPE: num('forwardPE'),
      epsTTM: num('epsTTM', 'epsBasicExclExtraItemsTTM', 'epsExclExtraItemsTTM'),
      grossMarginTTM: num('grossMarginTTM'),
      operatingMarginTTM: num('operatingMarginTTM'),
      netMarginTTM: num('netProfitMarginTTM'),
      revenueGrowthTTMYoy: num('revenueGrowthTTMYoy'),
      week52High: num('52WeekHigh'),
      week52HighDate: text('52WeekHighDate'),
      week52Low: num('52WeekLow'),
      week52LowDate: text('52WeekLowDate'),
      beta: num('beta'),
      dividendYieldPct: num('dividendYieldIndicatedAnnual', 'currentDividendYieldTTM'),
      source: SOURCE,
      asOf: isoDate(this.now()),
    };
  }

  async getNews(symbol: string, query: { days?: number; limit?: number } = {}, options: CallOptions = {}): Promise<NewsList> {
    const days = clampInt(query.days ?? 7, 1, 30, 'days');
    const limit = clampInt(query.limit ?? 10, 1, 50, 'limit');
    const to = isoDate(this.now());
    const from = addDays(to, -days);
    const raw = await this.client.companyNews(symbol, { from, to }, options);
    const seen = new Set<string>();
    const items = [...raw]
      .sort((a, b) => b.datetime - a.datetime)
      .filter((item) => item.headline.trim() && !seen.has(item.headline) && seen.add(item.headline))
      .slice(0, limit)
      .map((item) => ({
        headline: item.headline.trim(),
        source: item.source ?? null,
        url: item.url,
        publishedAt: new Date(item.datetime * 1000).toISOString(),
        summary: item.summary?.trim() || null,
      }));
    return { symbol: normalizeSymbol(symbol), from, to, items, source: SOURCE, asOf: to };
  }

  async getPeers(symbol: string, options: CallOptions = {}): Promise<Peers> {
    const sym = normalizeSymbol(symbol);
    const peers = [...new Set(await this.client.peers(sym, options))].filter((p) => p !== sym);
    return { symbol: sym, peers, source: SOURCE, asOf: isoDate(this.now()) };
  }

  async getRecommendations(symbol: string, options: CallOptions = {}): Promise<Recommendations> {
    const rows = await this.client.recommendations(symbol, options);
    const trend = [...rows]
      .sort((a, b) => b.period.localeCompare(a.period))
      .map(({ period, strongBuy, buy, hold, sell, strongSell }) => ({
        period,
        strongBuy,
        buy,
        hold,
        sell,
        strongSell,
        total: strongBuy + buy + hold + sell + strongSell,
      }));
    return { symbol: normalizeSymbol(symbol), trend, source: SOURCE, asOf: isoDate(this.now()) };
  }

  async getEarnings(symbol: string, options: CallOptions = {}): Promise<Earnings> {
    const today = isoDate(this.now());
    const rows = await this.client.earningsCalendar(symbol, { from: addDays(today, -EARNINGS_BACK_DAYS), to: addDays(today, EARNINGS_AHEAD_DAYS) }, options);
    const sorted = [...rows].sort((a, b) => a.date.localeCompare(b.date));
    const next = sorted.find((row) => row.date >= today && row.epsActual == null);
    const last = [...sorted].reverse().find((row) => row.date < today || row.epsActual != null);
    return { symbol: normalizeSymbol(symbol), next: next ? toEvent(next) : null, last: last ? toEvent(last) : null, source: SOURCE, asOf: today };
  }
}

type CalendarRow = NonNullable<FinnhubEarningsCalendar['earningsCalendar']>[number];

function toEvent(row: CalendarRow): EarningsEvent {
  const hour = row.hour === 'bmo' || row.hour === 'amc' || row.hour === 'dmh' ? row.hour : null;
  return {
    date: row.date,
    hour,
    fiscalQuarter: row.quarter ?? null,
    fiscalYear: row.year ?? null,
    epsEstimate: row.epsEstimate ?? null,
    epsActual: row.epsActual ?? null,
    revenueEstimate: row.revenueEstimate ?? null,
    revenueActual: row.revenueActual ?? null,
  };
}

function clampInt(value: number, min: number, max: number, name: string): number {
  if (!Number.isFinite(value)) throw new BotError('invalid_argument', `${name} must be a number`);
  return Math.min(max, Math.max(min, Math.round(value)));
}
