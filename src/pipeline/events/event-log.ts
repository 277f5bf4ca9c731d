/**
 * The run event log: append-only, one sequence per run, many readers.
 * `EventLog` is the interface (a Redis Streams implementation can replace it); `MemoryEventLog` is the embedded one.
 * Guarantees every implementation keeps:
 *  - `seq` starts at 1 and increases by one per run, with one exception: a run restored after a crash continues
 *    after the seqs it had reserved (`restore(…, {reservedSeq})`), so no seq a client may have seen is reused;
 *  - after a terminal event nothing more is appended for that run (exactly one terminal event);
 *  - `subscribe(runId, afterSeq, fn)` replays history after `afterSeq` then follows live, with no gap and no duplicate.
 */
import { isTerminal, type RunEvent, type RunEventData, type RunEventType } from './events.js';

export type Unsubscribe = () => void;
export type EventListener = (event: RunEvent) => void;

export interface EventLog {
  /** Appends an event; returns it, or `undefined` when the run already ended (the append is dropped). */
  append<T extends RunEventType>(runId: string, type: T, data: RunEventData<T>): RunEvent | undefined;
  /** All events of a run (empty when unknown). */
  history(runId: string): readonly RunEvent[];
  /** Replays events with seq > afterSeq, then delivers live ones, synchronously and in order. */
  subscribe(runId: string, afterSeq: number, listener: EventListener): Unsubscribe;
  /**
   * Listens to every run's events (the run store and metrics use this). These listeners are called before the
   * run's own subscribers, so a store can make an event durable (or reserve its seq) before any reader sees it.
   */
  subscribeAll(listener: EventListener): Unsubscribe;
  has(runId: string): boolean;
  runIds(): string[];
  /**
   * Loads events recorded elsewhere (e.g. the run store after a restart); they are not re-broadcast. The next
   * append takes a seq above both the last event and `reservedSeq` (seqs that may have been published before a
   * crash without reaching the store).
   */
  restore(runId: string, events: readonly RunEvent[], options?: { reservedSeq?: number }): void;
  /** Forgets a run (retention). */
  drop(runId: string): void;
}

type RunLog = { events: RunEvent[]; listeners: Set<EventListener>; ended: boolean; nextSeq: number };

export class MemoryEventLog implements EventLog {
  private readonly runs = new Map<string, RunLog>();
  private readonly global = new Set<EventListener>();
  private readonly now?: () => Date;
  // Appending is on the hot path: format the timestamp once per millisecond, not once per event.
  private lastMs = -1;
  private lastIso = '';

  constructor(options: { now?: () => Date } = {}) {
    this.now = options.now;
  }

  private timestamp(): string {
    if (this.now) return this.now().toISOString();
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  append<T extends RunEventType>(runId: string, type: T, data: RunEventData<T>): RunEvent | undefined {
    const log = this.logFor(runId);
    if (log.ended) return undefined;
    const event = { runId, seq: log.nextSeq++, ts: this.timestamp(), type, data } as RunEvent;
    log.events.push(event);
    if (isTerminal(event)) log.ended = true;
    // Fan-out is skipped when nobody listens; a throwing listener never breaks the run. Global listeners (the
    // store) first: a reader must never see a seq the store has not recorded or reserved.
    if (this.global.size > 0) for (const listener of [...this.global]) safeCall(listener, event);
    if (log.listeners.size > 0) for (const listener of [...log.listeners]) safeCall(listener, event);
    return event;
  }

  history(runId: string): readonly RunEvent[] {
    return this.runs.get(runId)?.events ?? [];
  }

  subscribe(runId: string, afterSeq: number, listener: EventListener): Unsubscribe {
    const log = this.logFor(runId);
    // Replay and registration happen in one synchronous block, so no event can slip between them.
    const events = log.events;
    const dense = events.length === 0 || events[events.length - 1].seq === events.length;
    if (dense) for (let i = Math.max(0, afterSeq); i < events.length; i++) listener(events[i]);
    else for (const event of events) if (event.seq > afterSeq) listener(event); // restored with gaps
    log.listeners.add(listener);
    return () => log.listeners.delete(listener);
  }

  subscribeAll(listener: EventListener): Unsubscribe {
    this.global.add(listener);
    return () => this.global.delete(listener);
  }

  has(runId: string): boolean {
    return (this.runs.get(runId)?.events.length ?? 0) > 0;
  }

  runIds(): string[] {
    return [...this.runs.keys()].filter((id) => this.has(id));
  }

  restore(runId: string, events: readonly RunEvent[], options: { reservedSeq?: number } = {}): void {
    const log = this.logFor(runId);
    log.events = [...events];
    log.ended = events.some(isTerminal);
    log.nextSeq = Math.max(events[events.length - 1]?.seq ?? 0, options.reservedSeq ?? 0) + 1;
  }

  drop(runId: string): void {
    this.runs.delete(runId);
  }

  private logFor(runId: string): RunLog {
    let log = this.runs.get(runId);
    if (!log) {
      log = { events: [], listeners: new Set(), ended: false, nextSeq: 1 };
      this.runs.set(runId, log);
    }
    return log;
  }
}

function safeCall(listener: EventListener, event: RunEvent): void {
  try {
    listener(event);
  } catch {
    // A reader's bug must not break the run or other readers; readers log their own errors.
  }
}
