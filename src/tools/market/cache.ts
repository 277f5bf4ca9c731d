/**
 * Response cache with per-entry TTLs, and in-flight coalescing on top of it.
 * `Cache` is the interface (async, so Redis can stand behind it); `MemoryCache` is the in-memory one (lru-cache).
 * `CoalescingLoader` makes ten runs asking for NVDA's quote at once share one upstream request. Coalescing is
 * per process by nature; across processes the shared cache does that job.
 */
import { LRUCache } from 'lru-cache';

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Loads and stores a missing entry so that only one process loads it at a time (a shared cache's single-flight
   * across processes); the others get the stored value. Optional: without it the loader loads then `set`s.
   */
  fill?<T>(key: string, ttlMs: number, load: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

export class MemoryCache implements Cache {
  // lru-cache wants object values; the box also lets `undefined`-free falsy values (0, '') be cached.
  private readonly lru: LRUCache<string, { value: unknown }>;

  /** @param maxEntries @default 5000 */
  constructor(maxEntries = 5000) {
    this.lru = new LRUCache({ max: maxEntries, ttl: 1, allowStale: false, ttlAutopurge: false });
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.lru.get(key)?.value as T | undefined;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    this.lru.set(key, { value }, { ttl: ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  get size(): number {
    return this.lru.size;
  }
}

export type LoadStats = { hits: number; loads: number; coalesced: number };

type Flight = { promise: Promise<unknown>; controller: AbortController; waiters: number; settled: boolean };

export type CoalescingLoaderOptions = {
  /** When false every call goes upstream (the bench's "without" case). @default true */
  readonly enabled?: boolean;
};

export class CoalescingLoader {
  private readonly flights = new Map<string, Flight>();
  private readonly enabled: boolean;
  readonly stats: LoadStats = { hits: 0, loads: 0, coalesced: 0 };

  constructor(
    private readonly cache: Cache,
    options: CoalescingLoaderOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
  }

  /**
   * The cached value for `key`, or the result of the one in-flight `load` for it, or a new `load`.
   * `load` gets its own signal: one caller giving up must not fail the others, so the shared request is aborted
   * only when every caller waiting on it has gone. Each caller still leaves at once when its own signal aborts.
   */
  async load<T>(key: string, ttlMs: number, load: (signal: AbortSignal) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (!this.enabled) {
      this.stats.loads++;
      return load(signal ?? new AbortController().signal);
    }
    let flight = this.flights.get(key);
    if (!flight) {
      const cached = await this.cache.get<T>(key);
      signal?.throwIfAborted();
      if (cached !== undefined) {
        this.stats.hits++;
        return cached;
      }
      flight = this.flights.get(key); // another caller may have started while we read the cache
    }
    if (flight) this.stats.coalesced++;
    else flight = this.start(key, ttlMs, load);
    return this.wait(flight, signal) as Promise<T>;
  }

  private start<T>(key: string, ttlMs: number, load: (signal: AbortSignal) => Promise<T>): Flight {
    this.stats.loads++;
    const controller = new AbortController();
    const flight: Flight = { promise: Promise.resolve(), controller, waiters: 0, settled: false };
    flight.promise = (async () => {
      try {
        if (this.cache.fill) return await this.cache.fill(key, ttlMs, () => load(controller.signal), controller.signal);
        const value = await load(controller.signal);
        await this.cache.set(key, value, ttlMs);
        return value;
      } finally {
        flight.settled = true;
        this.flights.delete(key);
      }
    })();
    // Every waiter may have left; the rejection is theirs to see, not the process's.
    flight.promise.catch(() => undefined);
    this.flights.set(key, flight);
    return flight;
  }

  private async wait(flight: Flight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.waiters++;
    try {
      if (!signal) return await flight.promise;
      return await new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    } finally {
      flight.waiters--;
      if (flight.waiters === 0 && !flight.settled) flight.controller.abort(signal?.reason);
    }
  }
}
