/**
 * Redelivery dedupe shared by every web process: a claim is `SET <prefix>dedupe:<key> 1 NX EX <ttl>`, so the same
 * Slack event or Discord interaction delivered to two processes is acted on once. Claims have their own TTL
 * (BullMQ's job-id dedupe ends when the job is removed, so it cannot be the guard).
 */
import type { Redis } from 'ioredis';
import type { EventDedupe } from '../adapters/shared/event-dedupe.js';
import type { RedisKeys } from './redis-keys.js';

export class RedisEventDedupe implements EventDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds = 15 * 60,
  ) {}

  async claim(keys: readonly (string | undefined)[]): Promise<boolean> {
    const present = keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
    if (present.length === 0) return true;
    const batch = this.redis.multi();
    for (const key of present) batch.set(this.keys.dedupe(key), '1', 'EX', this.ttlSeconds, 'NX');
    const replies = (await batch.exec()) ?? [];
    // Every key is recorded either way; the event is new only if none of its keys was claimed before.
    return replies.every(([error, reply]) => !error && reply === 'OK');
  }
}
