/**
 * Platform redeliveries must never start a second run or repeat a side effect (Slack retries after 0 s, 1 min and
 * 5 min and Socket Mode resends with `retry_attempt`; a Discord gateway resume can replay a message or an
 * interaction). Surfaces claim an event's ids before acting on it; only the first claim wins. The embedded store is
 * this process's memory; with several processes the claim is shared (the scale-out store implements the same
 * interface), so the same event delivered to two processes still starts one run.
 */
export interface EventDedupe {
  /** True when none of the keys was claimed within the TTL; records all of them either way. */
  claim(keys: readonly (string | undefined)[]): Promise<boolean>;
}

export class MemoryEventDedupe implements EventDedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(keys: readonly (string | undefined)[]): Promise<boolean> {
    return this.claimNow(keys);
  }

  /** The same check without a promise (for code that must decide synchronously). */
  claimNow(keys: readonly (string | undefined)[]): boolean {
    const now = this.now();
    this.evict(now);
    const present = keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
    const duplicate = present.some((k) => (this.seen.get(k) ?? 0) > now);
    for (const key of present) {
      // Re-inserted so the map stays in expiry order for eviction.
      this.seen.delete(key);
      this.seen.set(key, now + this.ttlMs);
    }
    return !duplicate;
  }

  private evict(now: number): void {
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [key, expires] of this.seen) {
      if (expires > now && this.seen.size <= this.max) break;
      this.seen.delete(key);
    }
  }
}
