/**
 * The readers' half of the event log: any process replays a run's stream (`XRANGE (0-<afterSeq> +`) and then
 * follows it live with ONE dedicated blocking connection per process (`XREAD BLOCK … STREAMS` over every followed
 * run): a blocking read parks its connection, so it never shares one with other commands.
 *
 * Each subscriber keeps its own cursor (the last seq it got), and every blocking read asks each stream from the
 * lowest cursor of its subscribers — never from `$` — so nothing appended between the replay and the first live
 * read can be missed, and a subscriber never gets a seq twice. A new subscription wakes the blocked read at once
 * (CLIENT UNBLOCK from the shared connection) so it joins without waiting for the block timeout.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isTerminal, runEventSchema, type EventListener, type RunEvent, type Unsubscribe } from '../pipeline/index.js';
import { streamId, type RedisKeys } from './redis-keys.js';

type StreamEntry = [id: string, fields: string[]];
type Subscriber = { runId: string; lastSeq: number; listener: EventListener; active: boolean };

export type StreamFollowerOptions = {
  /** For replays and wake-ups (non-blocking commands). */
  readonly shared: Redis;
  /** Used for nothing but the blocking reads. */
  readonly blocking: Redis;
  readonly keys: RedisKeys;
  readonly logger: Logger;
  /** @default 1000 */
  readonly blockMs?: number;
};

export class StreamFollower {
  private readonly following = new Map<string, Set<Subscriber>>();
  private blockingClientId?: number;
  private loop?: Promise<void>;
  private wake?: () => void;
  private closed = false;

  constructor(private readonly options: StreamFollowerOptions) {
    // The connection id changes on every reconnect; CLIENT UNBLOCK needs the current one.
    const refreshId = () =>
      void options.blocking.client('ID').then(
        (id) => (this.blockingClientId = Number(id)),
        () => undefined,
      );
    options.blocking.on('ready', refreshId);
    if (options.blocking.status === 'ready') refreshId();
  }

  /** Events of a run with seq > afterSeq that its stream holds now (empty when the stream is gone). */
  async read(runId: string, afterSeq = 0): Promise<RunEvent[]> {
    const entries = (await this.options.shared.xrange(this.options.keys.stream(runId), afterSeq > 0 ? `(${streamId(afterSeq)}` : '-', '+')) as StreamEntry[];
    return this.parse(runId, entries);
  }

  /** Replays after `afterSeq`, then follows live, in order, with no gap and no duplicate; stops after the terminal event. */
  subscribe(runId: string, afterSeq: number, listener: EventListener): Unsubscribe {
    const sub: Subscriber = { runId, lastSeq: afterSeq, listener, active: true };
    void this.read(runId, afterSeq).then(
      (events) => {
        if (!sub.active) return;
        this.deliver(sub, events);
        if (!sub.active) return;
        let subs = this.following.get(runId);
        if (!subs) this.following.set(runId, (subs = new Set()));
        subs.add(sub);
        this.kick();
      },
      (error: Error) => this.options.logger.warn({ runId, err: { message: error.message } }, 'could not replay a run stream'),
    );
    return () => this.remove(sub);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.kick();
    await this.loop;
  }

  private remove(sub: Subscriber): void {
    sub.active = false;
    const subs = this.following.get(sub.runId);
    if (!subs) return;
    subs.delete(sub);
    if (subs.size === 0) this.following.delete(sub.runId);
  }

  private deliver(sub: Subscriber, events: readonly RunEvent[]): void {
    for (const event of events) {
      if (!sub.active) return;
      if (event.seq <= sub.lastSeq) continue;
      sub.lastSeq = event.seq;
      try {
        sub.listener(event);
      } catch {
        // A reader's bug must not stop the others; readers log their own errors.
      }
      if (isTerminal(event)) this.remove(sub);
    }
  }

  /** Starts the follow loop if it is not running, or interrupts its blocking read so it picks up new runs. */
  private kick(): void {
    if (!this.loop && !this.closed) this.loop = this.follow().finally(() => (this.loop = undefined));
    this.wake?.();
    if (this.blockingClientId !== undefined) void this.options.shared.client('UNBLOCK', this.blockingClientId).catch(() => undefined);
  }

  private async follow(): Promise<void> {
    const { blocking, keys, logger } = this.options;
    const blockMs = this.options.blockMs ?? 1_000;
    while (!this.closed) {
      if (this.following.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const runIds = [...this.following.keys()];
      const cursors = runIds.map((runId) => streamId(Math.min(...[...(this.following.get(runId) ?? [])].map((s) => s.lastSeq))));
      let reply: [string, StreamEntry[]][] | null;
      try {
        reply = (await blocking.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', ...runIds.map((id) => keys.stream(id)), ...cursors)) as [string, StreamEntry[]][] | null;
      } catch (error) {
        if (this.closed) return;
        logger.warn({ err: { message: (error as Error).message } }, 'reading run streams failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      if (!reply) continue; // timeout or woken up: recompute the streams to follow
      for (const [key, entries] of reply) {
        const runId = runIds[runIds.findIndex((id) => keys.stream(id) === key)];
        if (runId === undefined) continue;
        const events = this.parse(runId, entries);
        for (const sub of [...(this.following.get(runId) ?? [])]) this.deliver(sub, events);
      }
    }
  }

  private parse(runId: string, entries: readonly StreamEntry[]): RunEvent[] {
    const events: RunEvent[] = [];
    for (const [, fields] of entries) {
      const json = fields[fields.indexOf('e') + 1];
      let raw: unknown;
      try {
        raw = JSON.parse(json ?? '');
      } catch {
        raw = undefined;
      }
      const parsed = runEventSchema.safeParse(raw);
      if (!parsed.success || parsed.data.runId !== runId) {
        // A broken entry would leave a gap; stop here so readers never see one (logged for the operator).
        this.options.logger.error({ runId }, 'unreadable entry in a run stream; stopping the replay there');
        break;
      }
      events.push(parsed.data);
    }
    return events;
  }
}
