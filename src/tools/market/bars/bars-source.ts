/**
 * What a live daily-bars provider implements: one upstream read of a span of daily bars for one symbol,
 * normalised to our `Bar` (New York trading date, split-adjusted OHLC and volume, split + dividend `adjClose` when
 * the provider has it). Caching, freshness, windows and fall-through live above it (`span-cache.ts`,
 * `bars-chain.ts`); a source only talks to its API and classifies what went wrong (`bars-errors.ts`).
 */
import { BARS_PROVIDER_IDS, type BarsProviderId } from '../../../config.js';
import type { Bar } from '../types.js';

// The provider ids are part of the configuration (BARS_PROVIDERS), so config.ts owns the list.

export { BARS_PROVIDER_IDS, type BarsProviderId };
export type LiveBarsProviderId = Exclude<BarsProviderId, 'offline'>;

export type SpanRequest = {
  /** First date wanted (YYYY-MM-DD, New York). */
  readonly from: string;
  /** Last date wanted, usually today (the source returns what it has up to then). */
  readonly to: string;
};

export type FetchOptions = { readonly signal: AbortSignal };

export type UpstreamCounters = { total: number; byPath: Record<string, number> };

export interface BarsSource {
  readonly id: LiveBarsProviderId;
  /** For answers: "Tiingo", "Alpaca (SIP)", "Yahoo Finance (unofficial)". */
  readonly label: string;
  /** Serves index symbols (`^SOX`, `^GSPC`). Only Yahoo does among the free sources. */
  readonly indices: boolean;
  /** Bars in [from, to], ascending by date, one per date. An empty array is an empty span, not an error. */
  fetchSpan(symbol: string, span: SpanRequest, options: FetchOptions): Promise<Bar[]>;
  /** Attempts that reached the network (benches and tests read these). */
  readonly upstream: UpstreamCounters;
}

/** Index symbols start with `^` (`^SOX`, `^GSPC`); no key-based free source carries them. */
export function isIndexSymbol(symbol: string): boolean {
  return symbol.startsWith('^');
}

/**
 * The symbol as a provider spells it: share classes are `BRK.B` for us and Alpaca, `BRK-B` for Tiingo and Yahoo.
 */
export function providerSymbol(provider: LiveBarsProviderId, symbol: string): string {
  if (provider === 'alpaca') return symbol;
  return symbol.replace(/\./g, '-');
}

/** Rounds away float noise (Yahoo sends float32 values; split division leaves long tails). */
export function roundPrice(value: number, decimals = 6): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** One bar per date in an ascending list, the last one wins (a provider can repeat the latest session). */
export function dedupeByDate(bars: readonly Bar[]): Bar[] {
  const out: Bar[] = [];
  for (const bar of bars) {
    if (out.length > 0 && out[out.length - 1].date === bar.date) out[out.length - 1] = bar;
    else out.push(bar);
  }
  return out;
}
