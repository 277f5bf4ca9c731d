/**
 * The daily-bars provider chain, behind the `MarketDataProvider` interface: for each symbol, the first provider that
 * can serve the window serves it, in the configured order (`BARS_PROVIDERS`; default Tiingo if keyed, Alpaca if
 * keyed, Yahoo, then the offline dataset). Index symbols (`^SOX`) only go to providers that carry them (Yahoo, the
 * offline dataset). Every failure is classified first (`bars-errors.ts`); lasting ones are remembered in the shared
 * cache (`source-health.ts`), so a provider that said 429 or "unknown ticker" is not asked again meanwhile.
 *
 * The offline dataset is used only for windows it covers: its series must reach the window's last completed session
 * (one session of slack), otherwise it is `window_not_covered`. When nothing can serve a window the error names
 * every provider's reason (`bars_unavailable`, or `unknown_symbol` when nobody knows the symbol), with the list in
 * `details.tried`, so the answer can say which data is missing.
 *
 * "Now" for live data is the last completed NYSE session (`referenceDate()`); quotes can be read from the latest bar
 * when there is no quote provider.
 */
import type { Logger } from 'pino';
import { BotError, asBotError } from '../../../errors.js';
import { silentLogger } from '../../../logger.js';
import { MemoryCache, type Cache } from '../cache.js';
import { isTradingDay, lastCompletedSession, marketDate, nextSession, sessionsBefore } from '../calendar/trading-calendar.js';
import type { BarSeries, CallOptions, DateRange, MarketDataProvider, Profile, Quote, SymbolMatch } from '../types.js';
import { barsFailure, failureKind } from './bars-errors.js';
import { barsUnavailable, type ProviderFailure } from './bars-unavailable.js';
import { isIndexSymbol, type BarsSource } from './bars-source.js';
import { coverageGap, expectedLastSession, MAX_SESSIONS_MISSING, type WindowRequest } from './series-window.js';
import { SourceHealth } from './source-health.js';
import { SpanCache, type SpanCacheStats } from './span-cache.js';

export type DailyBarsChainOptions = {
  /** Live sources and/or the offline dataset, in the order they are asked. */
  readonly legs: readonly (BarsSource | MarketDataProvider)[];
  readonly cache?: Cache;
  /** false: no cache and no single-flight (bench baseline). @default true */
  readonly caching?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
  readonly logger?: Logger;
};

type Leg = {
  readonly id: string;
  readonly label: string;
  readonly live: boolean;
  readonly indices: boolean;
  serve(symbol: string, range: WindowRequest, signal: AbortSignal | undefined): Promise<BarSeries>;
};


const SYMBOL = /^\^?[A-Z0-9][A-Z0-9.=-]{0,14}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DailyBarsChain implements MarketDataProvider {
  readonly id = 'bars';
  readonly label: string;
  readonly spans: readonly SpanCache[];
  private readonly legs: readonly Leg[];
  private readonly health: SourceHealth;
  private readonly now: () => number;
  private readonly log: Logger;
  private offline?: MarketDataProvider;

  constructor(options: DailyBarsChainOptions) {
    if (options.legs.length === 0) throw new TypeError('a daily-bars chain needs at least one provider');
    const cache = options.cache ?? new MemoryCache();
    this.now = options.now ?? Date.now;
    this.log = (options.logger ?? silentLogger).child({ component: 'bars-chain' });
    this.health = new SourceHealth(options.caching === false ? new MemoryCache() : cache, this.now);
    const spans: SpanCache[] = [];
    this.legs = options.legs.map((leg): Leg => {
      if (isBarsSource(leg)) {
        const span = new SpanCache(leg, { cache, caching: options.caching, now: this.now, logger: options.logger });
        spans.push(span);
        return { id: leg.id, label: leg.label, live: true, indices: leg.indices, serve: (s, r, signal) => span.window(s, r, { signal }) };
      }
      this.offline = leg;
      return { id: leg.id, label: leg.label, live: false, indices: true, serve: (s, r, signal) => this.serveOffline(leg, s, r, signal) };
    });
    this.spans = spans;
    this.label = this.legs.map((l) => l.label).join(' → ');
  }

  /** Live: the last completed NYSE session (today 2026-11-26, Thanksgiving → 2026-11-25). Offline only: its as-of date. */
  referenceDate(): string {
    if (this.legs.some((l) => l.live)) return lastCompletedSession(this.now());
    return this.offline!.referenceDate();
  }

  availableSymbols(): readonly string[] | undefined {
    return this.legs.some((l) => l.live) ? undefined : this.offline!.availableSymbols();
  }

  get cacheStats(): SpanCacheStats {
    return this.spans.reduce((sum, s) => ({ hits: sum.hits + s.stats.hits, loads: sum.loads + s.stats.loads, coalesced: sum.coalesced + s.stats.coalesced }), { hits: 0, loads: 0, coalesced: 0 });
  }

  async getDailyBars(symbol: string, range: DateRange & { warmupBars?: number }, options: CallOptions = {}): Promise<BarSeries> {
    const sym = checkSymbol(symbol);
    checkRange(range);
    this.requireSession(range.from, range.to);
    return this.firstServing(sym, range, this.legs, options.signal);
  }

  /** The latest bar as a quote (for setups without a quote provider); never from the offline dataset. */
  async getQuote(symbol: string, options: CallOptions = {}): Promise<Quote> {
    const sym = checkSymbol(symbol);
    const now = this.now();
    const live = this.legs.filter((l) => l.live);
    if (live.length === 0) throw new BotError('not_supported', 'quotes from daily bars need a live daily-bars provider');
    const range = { from: sessionsBefore(lastCompletedSession(now), 5), to: marketDate(now), warmupBars: 1 };
    const series = await this.firstServing(sym, range, live, options.signal);
    const last = series.bars[series.bars.length - 1];
    const prev = series.bars[series.bars.length - 2];
    const change = prev ? last.close - prev.close : null;
    return {
      symbol: sym,
      price: last.close,
      previousClose: prev?.close ?? null,
      change,
      changePct: prev && change !== null ? (change / prev.close) * 100 : null,
      high: last.high,
      low: last.low,
      open: last.open,
      asOf: last.date,
      source: `${series.source} (${series.partial ? 'session in progress, delayed' : 'last close'})`,
    };
  }

  async getProfile(symbol: string): Promise<Profile> {
    throw new BotError('not_supported', `profiles are not served by the daily-bars providers (${symbol})`);
  }

  async searchSymbols(): Promise<SymbolMatch[]> {
    throw new BotError('not_supported', 'symbol search is not served by the daily-bars providers');
  }

  private async firstServing(symbol: string, range: WindowRequest, legs: readonly Leg[], signal: AbortSignal | undefined): Promise<BarSeries> {
    const failures: ProviderFailure[] = [];
    const index = isIndexSymbol(symbol);
    for (const leg of legs) {
      signal?.throwIfAborted();
      if (index && !leg.indices) continue;
      const hold = leg.live ? await this.health.hold(leg.id, symbol) : undefined;
      if (hold) {
        failures.push({ provider: leg.id, label: leg.label, kind: hold.kind, code: hold.code, message: hold.message, until: hold.until });
        continue;
      }
      try {
        const series = await leg.serve(symbol, range, signal);
        if (failures.length > 0) this.log.info({ symbol, served: leg.id, skipped: failures.map((f) => `${f.provider}:${f.kind}`) }, `daily bars for ${symbol} from ${leg.label}`);
        return series;
      } catch (thrown) {
        if (signal?.aborted) throw signal.reason;
        const error = asBotError(thrown);
        if (error.code === 'invalid_symbol' || error.code === 'cancelled') throw error;
        const kind = failureKind(error);
        const held = leg.live ? await this.health.record(leg.id, symbol, error) : undefined;
        const endsOn = leg.live ? undefined : this.offline?.referenceDate();
        failures.push({ provider: leg.id, label: leg.label, kind, code: error.code, message: error.message, until: held?.until, endsOn: endsOn && endsOn < range.to ? endsOn : undefined });
        this.log.info({ symbol, provider: leg.id, kind, code: error.code }, `${leg.label} could not serve daily bars for ${symbol}`);
      }
    }
    if (failures.length === 0) {
      throw new BotError('not_supported', `none of the configured daily-bars providers (${this.label}) carries ${index ? 'index symbols such as ' : ''}${symbol}`, {
        details: { symbol, from: range.from, to: range.to, tried: [] },
      });
    }
    throw barsUnavailable(symbol, range, failures);
  }

  /** The offline dataset, for windows it covers only. */
  private async serveOffline(offline: MarketDataProvider, symbol: string, range: WindowRequest, signal: AbortSignal | undefined): Promise<BarSeries> {
    const now = this.now();
    const live = this.legs.some((l) => l.live);
    const series = await offline.getDailyBars(symbol, range, { signal });
    const last = series.bars[series.bars.length - 1]?.date;
    const missing = live ? coverageGap(last, range.to, now) : 0;
    if (missing > MAX_SESSIONS_MISSING) {
      throw barsFailure('not_covered', offline.id, `${offline.label}: ends ${last}, ${missing} sessions before this window's last session ${expectedLastSession(range.to, now)}`);
    }
    return { ...series, provider: offline.id, adjustment: series.adjustment ?? 'split', sessionsMissing: missing };
  }

  /** A window without a single NYSE session (a holiday, a weekend, the future) is answered here, not upstream. */
  private requireSession(from: string, to: string): void {
    if (!this.legs.some((l) => l.live)) return;
    const today = marketDate(this.now());
    const last = to < today ? to : today;
    const first = isTradingDay(from) ? from : nextSession(from);
    if (first > last) {
      throw new BotError('no_data_in_range', from > today ? `${from} is in the future: there are no bars for it yet` : `the NYSE had no session between ${from} and ${to}`, {
        details: { from, to },
      });
    }
  }
}

function isBarsSource(leg: BarsSource | MarketDataProvider): leg is BarsSource {
  return typeof (leg as BarsSource).fetchSpan === 'function';
}

function checkSymbol(symbol: string): string {
  const sym = typeof symbol === 'string' ? symbol.trim().toUpperCase().replace(/^\$/, '') : '';
  if (!SYMBOL.test(sym)) throw new BotError('invalid_symbol', `"${String(symbol).slice(0, 32)}" is not a ticker symbol`);
  return sym;
}

function checkRange(range: DateRange): void {
  if (!ISO_DATE.test(range.from) || !ISO_DATE.test(range.to)) throw new BotError('invalid_range', `bar range ${range.from} → ${range.to} needs YYYY-MM-DD dates`);
  if (range.from > range.to) throw new BotError('invalid_range', `bar range ${range.from} → ${range.to} is empty`);
}
