/**
 * Remembers platform event ids for a while so a redelivered event (Slack retries after 0 s, 1 min and 5 min;
 * Socket Mode `retry_attempt`) never starts a second run. The pipeline also dedupes by `source.eventId`; this
 * cheaper check also stops duplicate side effects (ephemerals, root messages) before the pipeline is involved.
 */
export class SeenEvents {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when any of the keys was seen within the TTL; records all of them either way. */
  check(keys: readonly (string | undefined)[]): boolean {
    const now = this.now();
    this.evict(now);
    const present = keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
    const duplicate = present.some((k) => (this.seen.get(k) ?? 0) > now);
    for (const key of present) this.seen.set(key, now + this.ttlMs);
    return duplicate;
  }

  private evict(now: number): void {
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [key, expires] of this.seen) {
      if (expires > now && this.seen.size <= this.max) break;
      this.seen.delete(key);
    }
  }
}
