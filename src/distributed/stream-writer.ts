/**
 * The worker's half of the event log: the run's events are appended in this process's log (which assigns `seq`,
 * as it does in one-process mode) and mirrored, in order, to the run's Redis stream with the explicit id `0-<seq>`.
 * One ioredis connection sends commands in order, so the stream keeps the log's order; a write repeated after a
 * reconnect is refused by Redis ("equal or smaller than the top item") and ignored here — the event is already in.
 *
 * Only runs this worker owns are mirrored (`own`): a run restored from elsewhere is never written twice.
 * Appends go through append-script.ts: nothing after the terminal event, which also sets the stream's TTL (the run
 * store keeps the history beyond it).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { eventJson, isTerminal, type RunEvent } from '../pipeline/index.js';
import type { EventLog, Unsubscribe } from '../pipeline/events/event-log.js';
import type { RedisKeys } from './redis-keys.js';
import { appendRunEvent } from './append-script.js';

export type StreamWriterOptions = {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly events: EventLog;
  readonly logger: Logger;
  readonly ttlSeconds: number;
};

export class StreamWriter {
  private readonly owned = new Map<string, Promise<void>>();
  private readonly unsubscribe: Unsubscribe;

  constructor(private readonly options: StreamWriterOptions) {
    this.unsubscribe = options.events.subscribeAll((event) => this.write(event));
  }

  /** Starts mirroring a run's new events (those appended from now on). */
  own(runId: string): void {
    if (!this.owned.has(runId)) this.owned.set(runId, Promise.resolve());
  }

  /** Resolves when every event of the run appended so far is in Redis; stops mirroring it. */
  async release(runId: string): Promise<void> {
    const pending = this.owned.get(runId);
    this.owned.delete(runId);
    await pending;
  }

  /** Stops mirroring a run at once (this worker lost it to another): later events stay local. */
  disown(runId: string): void {
    this.owned.delete(runId);
  }

  close(): void {
    this.unsubscribe();
  }

  private write(event: RunEvent): void {
    const previous = this.owned.get(event.runId);
    if (!previous) return;
    const { redis, keys, ttlSeconds, logger } = this.options;
    // Issued now (not after the previous write resolves): ioredis keeps one connection's commands in order.
    const added = appendRunEvent(redis, keys, event, eventJson(event), isTerminal(event), ttlSeconds).then(
      (written) => {
        if (!written) logger.warn({ runId: event.runId, seq: event.seq, type: event.type }, 'the run already ended in its stream; event not appended');
      },
      (error: Error) => {
        if (/equal or smaller/.test(error.message)) return; // already written (a retried write)
        logger.error({ runId: event.runId, seq: event.seq, err: { message: error.message } }, 'could not append the event to its Redis stream');
      },
    );
    this.owned.set(event.runId, Promise.all([previous, added]).then(() => undefined));
  }
}
