/**
 * Daily bars of one live source, cached per symbol as one span (by default the last two years, further back when a
 * window needs it) so that every shorter window of the same symbol is cut from it, and concurrent runs asking for
 * the same symbol share one upstream request (single-flight). Values are plain JSON in the async `Cache`, so a
 * shared (Redis) cache serves other processes too.
 *
 * Freshness follows the trading calendar: bars before the last one are history and never change (a window that
 * ends on or before the span's last completed bar is served from the cache however old the entry is); the last bar
 * lives until the next session's close. A span that lags the calendar (the provider has not published the latest
 * session yet) is re-asked after 15 minutes, one with the session in progress after 5 minutes, an empty one after an
 * hour.
 */
import type { Logger } from 'pino';
import { silentLogger } from '../../../logger.js';
import { CoalescingLoader, type Cache } from '../cache.js';
import { isPartial, lastCompletedSession, marketDate, nextSessionClose, sessionTimes, sessionsBefore } from '../calendar/trading-calendar.js';
import { addDays } from '../calendar/zoned-time.js';
import type { Bar, BarSeries } from '../types.js';
import type { BarsSource } from './bars-source.js';
import { sliceWindow, type WindowRequest } from './series-window.js';

export type SpanEntry = {
  readonly symbol: string;
  /** The first date asked for: the entry serves any window whose warm-up starts on or after it. */
  readonly spanFrom: string;
  readonly bars: Bar[];
  /** The last bar is the session that was in progress when fetched. */
  readonly partial: boolean;
  readonly fetchedAt: number;
  /** Until then, even a window reaching past the last bar is served as is. */
  readonly freshUntil: number;
};

export const SPAN_TTL = {
  /** Default depth of a fetch: two years serve "past year" plus SMA200 warm-up. */
  spanDays: 731,
  /** How long an entry is kept at all (its history serves older windows meanwhile). */
  storeMs: 7 * 86_400_000,
  lagRetryMs: 15 * 60_000,
  partialMs: 5 * 60_000,
  emptyMs: 3_600_000,
} as const;

export type SpanCacheOptions = {
  readonly cache: Cache;
  /** false: every window goes upstream (the bench's baseline). @default true */
  readonly caching?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
  readonly logger?: Logger;
};

export type SpanCacheStats = { hits: number; loads: number; coalesced: number };

const NO_CACHE: Cache = { get: async () => undefined, set: async () => undefined, delete: async () => undefined };

export class SpanCache {
  private readonly cache: Cache;
  private readonly caching: boolean;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly flights: CoalescingLoader;
  private hits = 0;

  constructor(
    readonly source: BarsSource,
    options: SpanCacheOptions,
  ) {
    this.cache = options.cache;
    this.caching = options.caching ?? true;
    this.now = options.now ?? Date.now;
    this.log = (options.logger ?? silentLogger).child({ component: 'bars-cache', provider: source.id });
    // Only the single-flight part of the loader: whether an entry serves a window is decided here, not by a TTL.
    this.flights = new CoalescingLoader(NO_CACHE, { enabled: this.caching });
  }

  get stats(): SpanCacheStats {
    return { hits: this.hits, loads: this.flights.stats.loads, coalesced: this.flights.stats.coalesced };
  }

  /** The window [from, to] of `symbol` with `warmupBars` sessions before it, from the cache or one upstream span. */
  async window(symbol: string, range: WindowRequest, options: { signal?: AbortSignal } = {}): Promise<BarSeries> {
    const now = this.now();
    const needStart = addDays(sessionsBefore(range.from, Math.max(0, range.warmupBars ?? 0)), -7); // a week of slack for gaps
    const key = `bars:v1:span:${this.source.id}:${symbol}`;
    const cached = this.caching ? await this.cache.get<SpanEntry>(key) : undefined;
    options.signal?.throwIfAborted();
    if (cached && serves(cached, needStart, range.to, now)) {
      this.hits++;
      return this.slice(cached, range, now);
    }
    const today = marketDate(now);
    const spanFrom = [needStart, addDays(today, -SPAN_TTL.spanDays), cached?.spanFrom].filter((d): d is string => Boolean(d)).sort()[0];
    const entry = await this.flights.load(`${key}@${spanFrom}`, 0, (signal) => this.fetch(key, symbol, spanFrom, today, signal), options);
    return this.slice(entry, range, this.now());
  }

  private async fetch(key: string, symbol: string, spanFrom: string, today: string, signal: AbortSignal): Promise<SpanEntry> {
    const bars = await this.source.fetchSpan(symbol, { from: spanFrom, to: today }, { signal });
    const entry = makeEntry(symbol, spanFrom, bars, this.now());
    this.log.debug({ symbol, spanFrom, bars: entry.bars.length, last: entry.bars.at(-1)?.date, partial: entry.partial, freshUntil: new Date(entry.freshUntil).toISOString() }, 'daily-bars span fetched');
    if (this.caching) await this.cache.set(key, entry, SPAN_TTL.storeMs);
    return entry;
  }

  private slice(entry: SpanEntry, range: WindowRequest, now: number): BarSeries {
    return sliceWindow({ symbol: entry.symbol, bars: entry.bars, partial: entry.partial, provider: this.source.id, label: this.source.label }, range, now);
  }
}

/** An entry serves a window when it reaches back far enough and either covers its end with history or is fresh. */
export function serves(entry: SpanEntry, needStart: string, to: string, now: number): boolean {
  if (entry.spanFrom > needStart) return false;
  const last = lastCompleteDate(entry);
  if (last !== undefined && to <= last) return true;
  return now < entry.freshUntil;
}

export function lastCompleteDate(entry: Pick<SpanEntry, 'bars' | 'partial'>): string | undefined {
  return entry.bars[entry.bars.length - (entry.partial ? 2 : 1)]?.date;
}

/** Drops bars that cannot be real yet (dated after today, or today before the close outside a session). */
export function makeEntry(symbol: string, spanFrom: string, fetched: readonly Bar[], now: number): SpanEntry {
  const today = marketDate(now);
  const inSession = isPartial(now);
  const todaySession = sessionTimes(today);
  const closedToday = todaySession !== undefined && now >= todaySession.close;
  const bars = fetched.filter((b) => b.date < today || (b.date === today && (inSession || closedToday)));
  const partial = inSession && bars.at(-1)?.date === today;
  const lastComplete = lastCompleteDate({ bars, partial });
  const completed = lastCompletedSession(now);
  let freshUntil: number;
  if (bars.length === 0) freshUntil = now + SPAN_TTL.emptyMs;
  else if (partial) freshUntil = Math.min(now + SPAN_TTL.partialMs, todaySession!.close);
  else if (lastComplete !== undefined && lastComplete >= completed) freshUntil = nextSessionClose(completed);
  else freshUntil = now + SPAN_TTL.lagRetryMs;
  return { symbol, spanFrom, bars, partial, fetchedAt: now, freshUntil };
}
