/**
 * The embedded run store: `<DATA_DIR>/runs/<runId>/events.jsonl`, one event per line, beside the run's artifacts.
 *
 * Writes are batched: events received within `flushDelayMs` are joined and appended with one write per run, and
 * each run's writes are chained so lines never interleave or reorder. A crash loses at most that window; the run is
 * then marked `interrupted` at the next start-up, so nothing is silently lost.
 *
 * Seqs are reserved before readers see them (issue 14, failure 3): SSE publishes an event at once while its line
 * reaches disk up to `flushDelayMs` later, so a crash in between used to let the `interrupted` event reuse a seq a
 * client had already seen. The store is called before the run's readers (the log's global listeners come first)
 * and synchronously writes `seq.reserved` — the highest seq that may have been published — once per block of
 * SEQ_BLOCK events; after a crash the run continues above it.
 *
 * A write that fails (a full disk, a read-only mount) is kept and retried, `/healthz` reports the store degraded
 * until writes succeed again, and every failure is logged (issue 14, failure 8). A file with bad lines is read
 * around them and never rewritten (failure 10).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { appendFile, mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isTerminal, type RunEvent } from '../pipeline/events/events.js';
import type { EventLog, Unsubscribe } from '../pipeline/events/event-log.js';
import { reduceRun, type RunStatus } from '../pipeline/events/reduce.js';
import { eventJson } from '../pipeline/events/event-json.js';
import { parseEventLines } from './parse-event-lines.js';
import type { RunStore, RunStoreOpenResult, RunSummary } from './run-store.js';

export const EVENTS_FILE = 'events.jsonl';
export const SEQ_RESERVED_FILE = 'seq.reserved';
/** Seqs reserved per synchronous write: one small write per this many events of a run. */
const SEQ_BLOCK = 64;
/** Unwritten events kept per run while writes fail, before the oldest are given up (and counted). */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
const RETRY_WRITE_MS = 1_000;
const SAFE_RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY_MS = 86_400_000;

export type JsonlRunStoreOptions = {
  readonly dataDir: string;
  readonly events: EventLog;
  readonly logger: Logger;
  /** Days a finished run is kept; 0 keeps runs forever. @default 30 */
  readonly retentionDays?: number;
  /** How long events wait to be batched into one write. @default 25 */
  readonly flushDelayMs?: number;
  /** How often retention runs while the process is up. @default 1 hour */
  readonly sweepIntervalMs?: number;
  readonly now?: () => Date;
};

/** Live runs keep their file open (one open per run, not per batch), up to this many at once. */
const MAX_OPEN_FILES = 256;

type Writer = {
  lines: string[];
  chain: Promise<void>;
  dirReady: boolean;
  ended: boolean;
  handle?: FileHandle;
  /** Highest seq reserved on disk for this run. */
  reserved: number;
  /** The file ends in a torn line: the next write starts a new line first. */
  newlineFirst?: boolean;
};

/** What /healthz shows about the store. */
export type RunStoreHealth = { ok: boolean; writeFailures: number; failingRuns: number; lostEvents: number; lastError?: string; lastErrorAt?: string };

export class JsonlRunStore implements RunStore {
  private readonly runsDir: string;
  private readonly events: EventLog;
  private readonly logger: Logger;
  private readonly retentionDays: number;
  private readonly flushDelayMs: number;
  private readonly sweepIntervalMs: number;
  private readonly now: () => Date;
  private readonly writers = new Map<string, Writer>();
  private readonly summaries = new Map<string, RunSummary>();
  private unsubscribe?: Unsubscribe;
  private flushTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private closed = false;
  private openFiles = 0;
  /** Seqs already reserved for restored runs (read from disk at open). */
  private readonly restoredReservations = new Map<string, number>();
  /** Runs whose file ends in a torn line. */
  private readonly tornTails = new Set<string>();
  private readonly failing = new Set<string>();
  private writeFailures = 0;
  private lostEvents = 0;
  private lastError?: { message: string; at: string };
  private retryTimer?: NodeJS.Timeout;

  constructor(options: JsonlRunStoreOptions) {
    this.runsDir = path.join(options.dataDir, 'runs');
    this.events = options.events;
    this.logger = options.logger.child({ component: 'run-store' });
    this.retentionDays = options.retentionDays ?? 30;
    this.flushDelayMs = options.flushDelayMs ?? 25;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 3_600_000;
    this.now = options.now ?? (() => new Date());
  }

  runFile(runId: string): string {
    return path.join(this.runsDir, runId, EVENTS_FILE);
  }

  async open(): Promise<RunStoreOpenResult> {
    if (this.unsubscribe) throw new Error('run store already open');
    await mkdir(this.runsDir, { recursive: true });
    const result: RunStoreOpenResult = { restored: 0, interrupted: [], expired: 0, unreadable: 0 };
    const pendingInterrupted: { runId: string; events: RunEvent[] }[] = [];
    const cutoff = this.cutoff();
    for (const entry of await readdir(this.runsDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !SAFE_RUN_ID.test(entry.name)) continue;
      const runId = entry.name;
      const read = await this.load(runId);
      if (read === 'missing') continue;
      if (read === 'unreadable') {
        result.unreadable++;
        continue;
      }
      const { events: loaded, reservedSeq } = read;
      const last = loaded[loaded.length - 1];
      if (cutoff !== undefined && Date.parse(last.ts) < cutoff && isTerminal(last)) {
        await this.remove(runId);
        result.expired++;
        continue;
      }
      if (this.events.has(runId)) continue; // already live in this process: the log is the authority
      this.events.restore(runId, loaded, { reservedSeq });
      if (reservedSeq > 0) this.restoredReservations.set(runId, reservedSeq);
      this.summarize(loaded);
      result.restored++;
      if (!isTerminal(last)) pendingInterrupted.push({ runId, events: loaded });
    }
    // Subscribe before marking, so the `run.failed` we append is recorded by the normal path.
    this.unsubscribe = this.events.subscribeAll((event) => this.record(event));
    for (const { runId, events } of pendingInterrupted) {
      const state = reduceRun(events, runId);
      const started = events[0]?.ts ?? 'an unknown time';
      this.events.append(runId, 'run.failed', {
        error: {
          code: 'interrupted',
          message: `The service stopped while this run was in progress (started ${started}, last step: ${state.status}); it did not finish.`,
        },
        ...(state.answer ? { partialAnswer: state.answer } : {}),
      });
      result.interrupted.push(runId);
    }
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
    this.logger.info({ ...result, interrupted: result.interrupted.length, dir: this.runsDir }, 'run store opened');
    return result;
  }

  async list(limit = 50): Promise<RunSummary[]> {
    const all = [...this.summaries.values()];
    all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return all.slice(0, Math.max(0, limit));
  }

  health(): RunStoreHealth {
    return {
      ok: this.failing.size === 0,
      writeFailures: this.writeFailures,
      failingRuns: this.failing.size,
      lostEvents: this.lostEvents,
      ...(this.lastError ? { lastError: this.lastError.message, lastErrorAt: this.lastError.at } : {}),
    };
  }

  async flush(): Promise<void> {
    this.writeAll();
    await Promise.all([...this.writers.values()].map((writer) => writer.chain));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.flush();
    // Runs still in flight keep their files open until here.
    await Promise.all([...this.writers.values()].map((writer) => this.release(writer)));
  }

  /** Deletes finished runs older than the retention window, on disk and in the log. */
  async sweep(): Promise<number> {
    const cutoff = this.cutoff();
    if (cutoff === undefined) return 0;
    let removed = 0;
    for (const summary of [...this.summaries.values()]) {
      if (!summary.endedAt || Date.parse(summary.endedAt) >= cutoff || this.writers.has(summary.runId)) continue;
      this.summaries.delete(summary.runId);
      this.events.drop(summary.runId);
      await this.remove(summary.runId);
      removed++;
    }
    if (removed > 0) this.logger.info({ removed }, 'retention removed old runs');
    return removed;
  }

  private cutoff(): number | undefined {
    return this.retentionDays > 0 ? this.now().getTime() - this.retentionDays * DAY_MS : undefined;
  }

  private record(event: RunEvent): void {
    if (this.closed || !SAFE_RUN_ID.test(event.runId)) return;
    this.summarize([event]);
    let writer = this.writers.get(event.runId);
    if (!writer) {
      writer = { lines: [], chain: Promise.resolve(), dirReady: false, ended: false, reserved: this.restoredReservations.get(event.runId) ?? 0 };
      if (this.tornTails.delete(event.runId)) writer.newlineFirst = true;
      this.writers.set(event.runId, writer);
    }
    if (event.seq > writer.reserved) this.reserve(event.runId, writer, event.seq);
    const line = eventJson(event) + '\n';
    // A run's first event is written at once, like its reservation: a run a client has heard of exists on disk
    // after a crash (with its question), so it can be marked interrupted instead of vanishing.
    if (event.type === 'run.created' && writer.dirReady && this.writeNow(event.runId, line)) return;
    writer.lines.push(line);
    if (isTerminal(event)) writer.ended = true;
    this.flushTimer ??= setTimeout(() => this.writeAll(), this.flushDelayMs);
  }

  /**
   * Synchronously records that seqs up to `seq + SEQ_BLOCK - 1` may be published, before any reader sees `seq`.
   * Small and rare (once per SEQ_BLOCK events of a run); no fsync: it must survive the process dying, which the
   * page cache does, not the machine.
   */
  private reserve(runId: string, writer: Writer, seq: number): void {
    const reserved = seq + SEQ_BLOCK - 1;
    try {
      if (!writer.dirReady) {
        mkdirSync(path.dirname(this.runFile(runId)), { recursive: true });
        writer.dirReady = true;
      }
      writeFileSync(path.join(this.runsDir, runId, SEQ_RESERVED_FILE), String(reserved));
      writer.reserved = reserved;
    } catch (error) {
      this.failed(runId, error, 'could not reserve run event seqs');
    }
  }

  private writeNow(runId: string, line: string): boolean {
    try {
      appendFileSync(this.runFile(runId), line);
      return true;
    } catch (error) {
      this.failed(runId, error, 'could not write run events');
      return false;
    }
  }

  private failed(runId: string, error: unknown, what: string): void {
    this.writeFailures++;
    this.failing.add(runId);
    const message = error instanceof Error ? error.message : String(error);
    this.lastError = { message: `${what}: ${message}`, at: this.now().toISOString() };
    this.logger.error({ err: error, runId }, what);
  }

  private writeAll(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const [runId, writer] of this.writers) {
      if (writer.lines.length === 0) continue;
      let chunk = writer.lines.join('');
      writer.lines = [];
      if (writer.newlineFirst) {
        chunk = `\n${chunk}`;
        writer.newlineFirst = false;
      }
      const ended = writer.ended;
      let ok = false;
      writer.chain = writer.chain
        .then(async () => {
          if (!writer.dirReady) {
            await mkdir(path.dirname(this.runFile(runId)), { recursive: true });
            writer.dirReady = true;
          }
          if (!writer.handle && !ended && this.openFiles < MAX_OPEN_FILES) {
            this.openFiles++;
            writer.handle = await open(this.runFile(runId), 'a').catch((error: unknown) => {
              this.openFiles--;
              throw error;
            });
          }
          if (writer.handle) await writer.handle.write(chunk);
          else await appendFile(this.runFile(runId), chunk);
          ok = true;
          if (this.failing.delete(runId) && this.failing.size === 0) this.logger.info('run store writes succeed again');
        })
        .catch((error: unknown) => {
          this.failed(runId, error, 'could not write run events');
          // Keep the lines for the next attempt (ahead of newer ones), up to a bound; a half-written chunk may
          // leave a torn line, so the retry starts a new line.
          writer.lines.unshift(chunk);
          writer.newlineFirst = true;
          let pending = writer.lines.reduce((n, l) => n + l.length, 0);
          while (pending > MAX_PENDING_BYTES && writer.lines.length > 1) {
            const lost = writer.lines.shift()!;
            pending -= lost.length;
            this.lostEvents += lost.split('\n').filter(Boolean).length;
          }
          if (!this.closed) this.retryTimer ??= setTimeout(() => ((this.retryTimer = undefined), this.writeAll()), RETRY_WRITE_MS);
        })
        .then(async () => {
          // A finished run needs no writer any more; keep it if more lines arrived meanwhile.
          if (ok && ended && writer.lines.length === 0 && this.writers.get(runId) === writer) {
            this.writers.delete(runId);
            await this.release(writer);
          }
        });
    }
  }

  private async release(writer: Writer): Promise<void> {
    const handle = writer.handle;
    if (!handle) return;
    writer.handle = undefined;
    this.openFiles--;
    await handle.close().catch((error: unknown) => this.logger.warn({ err: error }, 'could not close run events file'));
  }

  private summarize(events: readonly RunEvent[]): void {
    for (const event of events) {
      if (event.type === 'run.created') {
        this.summaries.set(event.runId, {
          runId: event.runId,
          question: event.data.question,
          status: 'running',
          createdAt: event.ts,
          platform: event.data.source.platform,
        });
        continue;
      }
      const summary = this.summaries.get(event.runId);
      if (!summary || !isTerminal(event)) continue;
      const status: RunStatus = event.type === 'run.completed' ? 'completed' : event.type === 'run.failed' ? 'failed' : 'cancelled';
      this.summaries.set(event.runId, { ...summary, status, endedAt: event.ts });
    }
  }

  private async load(runId: string): Promise<{ events: RunEvent[]; reservedSeq: number } | 'missing' | 'unreadable'> {
    const file = this.runFile(runId);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      this.logger.warn({ err: error, runId }, 'could not read run events');
      return 'unreadable';
    }
    const parsed = parseEventLines(text, runId);
    if (parsed.events.length === 0) {
      if (text.trim() !== '') this.logger.warn({ runId, problem: parsed.problem }, 'run events file has no valid event; left on disk');
      return text.trim() === '' ? 'missing' : 'unreadable';
    }
    if (parsed.dropped > 0) {
      // Never rewritten: a file we could not fully read may still hold what a person can recover by hand.
      this.logger.warn({ runId, problem: parsed.problem, dropped: parsed.dropped, kept: parsed.events.length }, 'run events file had bad lines; skipped them, kept the rest');
    }
    if (!parsed.endsWithNewline) this.tornTails.add(runId);
    return { events: parsed.events, reservedSeq: await this.readReservation(runId) };
  }

  private async readReservation(runId: string): Promise<number> {
    try {
      const value = Number((await readFile(path.join(this.runsDir, runId, SEQ_RESERVED_FILE), 'utf8')).trim());
      return Number.isSafeInteger(value) && value > 0 ? value : 0;
    } catch {
      return 0;
    }
  }

  private async remove(runId: string): Promise<void> {
    const dir = path.dirname(this.runFile(runId));
    try {
      if ((await stat(dir)).isDirectory()) await rm(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn({ err: error, runId }, 'could not remove expired run');
    }
  }
}
