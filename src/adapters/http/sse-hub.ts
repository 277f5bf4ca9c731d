/**
 * Server-Sent Events for run event logs: `id:` = seq, `event:` = type, `data:` = the event as JSON (one line).
 * A stream replays the history after Last-Event-ID then follows live, sends a heartbeat comment so proxies keep
 * the connection, and ends after the terminal event.
 *
 * The run never waits for a reader: events are written into the socket's buffer synchronously from the log's
 * fan-out. A subscriber whose buffer grows past `maxBufferedBytes` (it stopped reading) is dropped — its socket is
 * destroyed and it can resume later with Last-Event-ID — so a slow reader costs bounded memory and nothing else.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isTerminal, type RunEvent } from '../../pipeline/index.js';
import type { EventListener, Unsubscribe } from '../../pipeline/index.js';
import { eventJson } from '../../pipeline/index.js';

export type SseOptions = {
  /** @default 15_000 */
  readonly heartbeatMs?: number;
  /** Bytes a subscriber may have queued before it is dropped. @default 1 MiB */
  readonly maxBufferedBytes?: number;
  /** Reconnect delay suggested to EventSource clients. @default 2_000 */
  readonly retryMs?: number;
};

export type SseStats = { open: number; opened: number; dropped: number; completed: number };

type Connection = { res: Response; close: () => void };

export function formatSseEvent(event: RunEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${eventJson(event)}\n\n`;
}

export class SseHub {
  private readonly connections = new Set<Connection>();
  private readonly heartbeatMs: number;
  private readonly maxBufferedBytes: number;
  private readonly retryMs: number;
  private readonly counters = { opened: 0, dropped: 0, completed: 0 };

  constructor(
    private readonly logger: Logger,
    options: SseOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.retryMs = options.retryMs ?? 2_000;
  }

  stats(): SseStats {
    return { open: this.connections.size, ...this.counters };
  }

  /** Starts a stream on `res`; `subscribe` must replay events after `afterSeq` synchronously, then follow live. */
  open(req: Request, res: Response, runId: string, afterSeq: number, subscribe: (afterSeq: number, listener: EventListener) => Unsubscribe): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    res.write(`retry: ${this.retryMs}\n\n`);

    let ended = false;
    let replaying = true;
    let unsubscribe: Unsubscribe | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    const connection: Connection = { res, close: () => finish('server closing') };
    const finish = (why: string, drop = false) => {
      if (ended) return;
      ended = true;
      if (heartbeat) clearInterval(heartbeat);
      unsubscribe?.();
      this.connections.delete(connection);
      if (drop) {
        this.counters.dropped++;
        this.logger.warn({ runId, buffered: res.writableLength }, 'SSE subscriber too slow; dropped');
        res.destroy();
        return;
      }
      if (why === 'terminal') this.counters.completed++;
      if (!res.writableEnded) res.end();
    };
    const tooSlow = () => res.writableLength > this.maxBufferedBytes;

    this.connections.add(connection);
    this.counters.opened++;
    res.on('close', () => finish('client gone'));
    const listener: EventListener = (event) => {
      if (ended) return;
      res.write(formatSseEvent(event));
      if (isTerminal(event)) finish('terminal');
      // The replay is bounded by the history already in memory; only live events can grow without bound.
      else if (!replaying && tooSlow()) finish('slow', true);
    };
    unsubscribe = subscribe(afterSeq, listener);
    replaying = false;
    if (ended) {
      unsubscribe();
      return;
    }
    heartbeat = setInterval(() => {
      if (tooSlow()) finish('slow', true);
      else res.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    heartbeat.unref();
  }

  /** Ends every open stream (shutdown). Clients reconnect elsewhere with Last-Event-ID. */
  closeAll(): void {
    for (const connection of [...this.connections]) connection.close();
  }
}
