/**
 * A concurrency cap per provider key ("offline", "finnhub", "bars", "render", "vision", "compute"), shared by every run
 * in the process so that ten runs cannot open forty connections to one provider. Built on p-limit.
 */
import pLimit, { type LimitFunction } from 'p-limit';

export const DEFAULT_CONCURRENCY: Readonly<Record<string, number>> = {
  compute: 16,
  offline: 16,
  finnhub: 4,
  // The live daily-bars chain (Tiingo → Alpaca → Yahoo): its own per-provider budgets pace requests; this only
  // bounds the sockets one process holds open to those providers.
  bars: 6,
  render: 2,
  vision: 4,
};

export class ConcurrencyLimits {
  private readonly limiters = new Map<string, LimitFunction>();

  constructor(
    private readonly caps: Readonly<Record<string, number>> = DEFAULT_CONCURRENCY,
    private readonly fallbackCap = 8,
  ) {}

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let limit = this.limiters.get(key);
    if (!limit) {
      limit = pLimit(this.caps[key] ?? this.fallbackCap);
      this.limiters.set(key, limit);
    }
    return limit(fn);
  }

  /** Active and pending counts per key (for /healthz and benches). */
  stats(): Record<string, { active: number; pending: number }> {
    return Object.fromEntries([...this.limiters].map(([key, limit]) => [key, { active: limit.activeCount, pending: limit.pendingCount }]));
  }
}
