/**
 * MarketDataProvider on Finnhub. Quotes, profiles and search are free; daily bars come from `/stock/candle`,
 * which is premium: on a free key it answers 403 → `not_in_plan` (never retried), and the provider chain moves
 * on to the next daily-bars provider.
 */
import { BotError } from '../../../errors.js';
import type { Bar, BarSeries, CallOptions, DateRange, MarketDataProvider, Profile, Quote, SymbolMatch } from '../types.js';
import { normalizeSymbol, type FinnhubClient } from './finnhub-client.js';
import { addDays, isoDate, toUnixSeconds, unixToIsoDate } from './dates.js';

const SOURCE = 'Finnhub';

export class FinnhubProvider implements MarketDataProvider {
  readonly id = 'finnhub';
  readonly label = 'Finnhub';

  constructor(
    private readonly client: FinnhubClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  referenceDate(): string {
    return isoDate(this.now());
  }

  availableSymbols(): undefined {
    return undefined;
  }

  async getDailyBars(symbol: string, range: DateRange & { warmupBars?: number }, options: CallOptions = {}): Promise<BarSeries> {
    const warmup = Math.max(0, Math.floor(range.warmupBars ?? 0));
    if (!(range.from <= range.to)) throw new BotError('invalid_range', `bar range ${range.from} → ${range.to} is empty`);
    // Sessions → calendar days: 5 sessions a week plus room for holidays.
    const fromDay = addDays(range.from, -Math.ceil((warmup * 7) / 5) - 10);
    const body = await this.client.candles(symbol, { from: toUnixSeconds(fromDay), to: toUnixSeconds(addDays(range.to, 1)) - 1 }, options);
    const t = body.t ?? [];
    const bars: Bar[] = [];
    for (let i = 0; i < t.length; i++) {
      const bar = { date: unixToIsoDate(t[i]), open: body.o?.[i], high: body.h?.[i], low: body.l?.[i], close: body.c?.[i], volume: body.v?.[i] ?? 0 };
      if (bar.date > range.to || bar.open === undefined || bar.high === undefined || bar.low === undefined || bar.close === undefined) continue;
      bars.push(bar as Bar);
    }
    const firstInWindow = bars.findIndex((bar) => bar.date >= range.from);
    if (firstInWindow < 0) throw new BotError('no_data', `Finnhub has no daily bars for ${symbol} between ${range.from} and ${range.to}`);
    const start = Math.max(0, firstInWindow - warmup);
    const kept = bars.slice(start);
    return { symbol: normalizeSymbol(symbol), bars: kept, windowStart: firstInWindow - start, source: SOURCE, asOf: kept[kept.length - 1].date, provider: this.id, adjustment: 'split' };
  }

  async getQuote(symbol: string, options: CallOptions = {}): Promise<Quote> {
    const q = await this.client.quote(symbol, options);
    return {
      symbol: normalizeSymbol(symbol),
      price: q.c ?? 0,
      previousClose: q.pc ?? null,
      change: q.d ?? null,
      changePct: q.dp ?? null,
      high: q.h ?? null,
      low: q.l ?? null,
      open: q.o ?? null,
      asOf: q.t ? new Date(q.t * 1000).toISOString() : this.referenceDate(),
      source: SOURCE,
    };
  }

  async getProfile(symbol: string, options: CallOptions = {}): Promise<Profile> {
    const p = await this.client.profile(symbol, options);
    return {
      symbol: normalizeSymbol(p.ticker ?? symbol),
      name: p.name ?? symbol,
      kind: 'stock', // profile2 only knows companies; funds answer {} and fall through the chain
      sector: null, // finnhubIndustry is Finnhub's own taxonomy, not a GICS sector
      industry: p.finnhubIndustry ?? null,
      exchange: p.exchange ?? null,
      // Finnhub gives USD millions; Profile.marketCap is in currency units.
      marketCap: typeof p.marketCapitalization === 'number' ? p.marketCapitalization * 1e6 : null,
      source: SOURCE,
    };
  }

  async searchSymbols(query: string, options: CallOptions = {}): Promise<SymbolMatch[]> {
    const results = await this.client.search(query, options);
    return results.map((r) => ({ symbol: r.symbol, name: r.description, kind: 'stock' }));
  }
}
