/**
 * A MarketDataProvider made of several: each call goes to the first provider that can serve it (Finnhub, then the
 * daily-bars chain, then the offline dataset). Daily bars can be limited to some of them (`barsProviders`: live
 * mode asks only the daily-bars chain). Results keep their own `source`/`asOf`, so an answer can say where every
 * figure came from.
 *
 * A provider that answers `not_in_plan` for daily bars (Finnhub candles on a free key) is skipped for bars for a
 * while, which saves a request from the shared rate limit on every run, and `referenceDate()` then follows the
 * provider that actually serves bars, so "past quarter" means the quarter that provider has.
 */
import type { Logger } from 'pino';
import { BotError, asBotError } from '../../errors.js';
import { silentLogger } from '../../logger.js';
import type { BarSeries, CallOptions, DateRange, MarketDataProvider, Profile, Quote, SymbolMatch } from './types.js';

export type ProviderChainOptions = {
  readonly logger?: Logger;
  /** How long a provider that said `not_in_plan` for daily bars is skipped for bars. @default 6 hours */
  readonly skipBarsMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** The providers asked for daily bars, in order (e.g. only the daily-bars chain). @default all of them */
  readonly barsProviders?: readonly MarketDataProvider[];
  /** @default the providers' labels joined by " → " */
  readonly label?: string;
};

/** Errors that no other provider can fix: the request itself is bad. */
const FINAL_CODES = new Set(['invalid_symbol', 'invalid_range', 'bad_range', 'invalid_query', 'invalid_date', 'invalid_argument', 'cancelled']);

export class ProviderChain implements MarketDataProvider {
  readonly id: string;
  readonly label: string;
  private readonly log: Logger;
  private readonly skipBarsMs: number;
  private readonly now: () => number;
  /** provider id → time until which it is skipped for daily bars. */
  private readonly barsSkippedUntil = new Map<string, number>();
  private readonly barsFrom: readonly MarketDataProvider[];

  constructor(
    private readonly providers: readonly MarketDataProvider[],
    options: ProviderChainOptions = {},
  ) {
    if (providers.length === 0) throw new TypeError('a provider chain needs at least one provider');
    this.id = providers[0].id;
    this.label = options.label ?? providers.map((p) => p.label).join(' → ');
    this.barsFrom = options.barsProviders?.length ? options.barsProviders : providers;
    this.log = (options.logger ?? silentLogger).child({ component: 'provider-chain' });
    this.skipBarsMs = options.skipBarsMs ?? 6 * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** The reference date of the provider that will serve daily bars (the first one not known to refuse them). */
  referenceDate(): string {
    return this.barsProviders()[0].referenceDate();
  }

  availableSymbols(): readonly string[] | undefined {
    const sets = this.barsProviders().map((p) => p.availableSymbols());
    if (sets.some((s) => s === undefined)) return undefined;
    return [...new Set(sets.flatMap((s) => s ?? []))];
  }

  getDailyBars(symbol: string, range: DateRange & { warmupBars?: number }, options: CallOptions = {}): Promise<BarSeries> {
    return this.value(this.first('getDailyBars', this.barsProviders(), options, (p) => p.getDailyBars(symbol, range, options)));
  }

  getQuote(symbol: string, options: CallOptions = {}): Promise<Quote> {
    return this.value(this.first('getQuote', this.providers, options, (p) => p.getQuote(symbol, options)));
  }

  async getProfile(symbol: string, options: CallOptions = {}): Promise<Profile> {
    const { value: profile, provider: served } = await this.first('getProfile', this.providers, options, (p) => p.getProfile(symbol, options));
    if (profile.sector !== null) return profile;
    // Finnhub has no GICS sector; a later provider (the offline constituents list) may.
    for (const provider of this.providers.slice(this.providers.indexOf(served) + 1)) {
      const other = await provider.getProfile(symbol, options).catch(() => undefined);
      if (other?.sector) return { ...profile, sector: other.sector };
    }
    return profile;
  }

  searchSymbols(query: string, options: CallOptions = {}): Promise<SymbolMatch[]> {
    return this.value(this.first('searchSymbols', this.providers, options, (p) => p.searchSymbols(query, options)));
  }

  /**
   * Asks the first provider for a few days of bars so a refusal (`not_in_plan`) is known before the first run
   * resolves its dates. Never throws.
   */
  async probeDailyBars(options: CallOptions = {}): Promise<void> {
    const [provider] = this.barsProviders();
    if (this.providers.length < 2 || provider !== this.providers[0]) return;
    const to = provider.referenceDate();
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 10 * 86_400_000).toISOString().slice(0, 10);
    try {
      await this.getDailyBars('SPY', { from, to }, options);
    } catch (error) {
      this.log.debug({ code: asBotError(error).code }, 'daily-bars probe failed');
    }
  }

  private barsProviders(): readonly MarketDataProvider[] {
    const now = this.now();
    const usable = this.barsFrom.filter((p) => !((this.barsSkippedUntil.get(p.id) ?? 0) > now));
    return usable.length > 0 ? usable : this.barsFrom.slice(-1);
  }

  private async value<T>(served: Promise<{ value: T }>): Promise<T> {
    return (await served).value;
  }

  private async first<T>(
    op: string,
    providers: readonly MarketDataProvider[],
    options: CallOptions,
    call: (p: MarketDataProvider) => Promise<T>,
  ): Promise<{ value: T; provider: MarketDataProvider }> {
    const failures: { provider: MarketDataProvider; error: BotError }[] = [];
    for (const provider of providers) {
      options.signal?.throwIfAborted();
      try {
        return { value: await call(provider), provider };
      } catch (thrown) {
        if (options.signal?.aborted) throw options.signal.reason;
        const error = asBotError(thrown);
        if (FINAL_CODES.has(error.code)) throw error;
        if (op === 'getDailyBars' && error.code === 'not_in_plan') this.barsSkippedUntil.set(provider.id, this.now() + this.skipBarsMs);
        failures.push({ provider, error });
        if (provider !== providers[providers.length - 1]) {
          this.log.info({ op, provider: provider.id, code: error.code }, `${provider.label} could not serve ${op}; trying the next provider`);
        }
      }
    }
    const last = failures[failures.length - 1].error;
    if (failures.length === 1) throw last;
    // Worth another try if any provider failed for a passing reason (a timeout, a 5xx), not a refusal.
    const retryable = failures.some((f) => f.error.retryable);
    const message = failures.map((f) => `${f.provider.label}: ${f.error.message}`).join('; ');
    throw new BotError(last.code, message, { retryable, cause: last, details: { tried: failures.map((f) => ({ provider: f.provider.id, code: f.error.code })) } });
  }
}
