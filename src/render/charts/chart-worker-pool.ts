/**
 * Chart rendering off the main thread: a small pool of worker threads (piscina) running chart-render-worker.ts.
 * Rendering is synchronous JavaScript (vega layout) plus native drawing; on the main thread a render that blocks
 * would stall every run in the process. Here it stalls one worker, and the watchdog ends it: a task whose signal
 * aborts (the attempt's timeout, or `timeoutMs` when nobody waits any more) has its worker terminated and replaced.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { BotError } from '../../errors.js';
import type { ChartInput, RenderedChart } from './chart-renderer.js';
import type { ChartSizeName } from './chart-size.js';
import type { ChartTask } from './chart-render-worker.js';
import type { RasterizerName } from './rasterizer.js';

export type ChartWorkerPoolOptions = {
  /** Worker threads (CHART_WORKERS). */
  readonly size: number;
  readonly rasterizer: RasterizerName;
  /** The longest a render may take before its worker is terminated, whoever waits for it. @default 30 000 */
  readonly timeoutMs?: number;
  /** Idle workers beyond `size` exit after this long. @default 60 000 */
  readonly idleTimeoutMs?: number;
};

/** The worker file beside this one: under tsx (dev, tests) a JS entry that registers tsx first; in dist/, the compiled one. */
function workerFile(): string {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) return self.replace(/chart-worker-pool\.ts$/, 'chart-render-worker.dev.mjs');
  return self.replace(/chart-worker-pool\.js$/, 'chart-render-worker.js');
}

export class ChartWorkerPool {
  private pool?: Piscina<ChartTask, RenderedChart>;
  private readonly options: ChartWorkerPoolOptions;
  private readonly rasterizer: RasterizerName;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(options: ChartWorkerPoolOptions) {
    if (!(options.size >= 1)) throw new Error(`a chart worker pool needs at least one worker (got ${options.size})`);
    this.options = options;
    this.rasterizer = options.rasterizer;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Started at the first render: an app that never draws a chart (most tests, the CLI's quote) starts no thread. */
  private started(): Piscina<ChartTask, RenderedChart> {
    this.pool ??= new Piscina({
      filename: workerFile(),
      // minThreads = maxThreads: piscina replaces a terminated worker only up to minThreads, so with fewer a render
      // queued behind an abandoned one would wait for the next submission (seen with piscina 5.3).
      minThreads: this.options.size,
      maxThreads: this.options.size,
      idleTimeout: this.options.idleTimeoutMs ?? 60_000,
      // One render per thread at a time: a task that blocks its thread must not hold anybody else's render.
      concurrentTasksPerWorker: 1,
    });
    return this.pool;
  }

  /** Threads alive now (started, not yet terminated). */
  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** Renders waiting for a free worker. */
  get queued(): number {
    return this.pool?.queueSize ?? 0;
  }

  /** Renders in a worker. When `signal` aborts (or `timeoutMs` passes) the worker is terminated and replaced. */
  async render(input: ChartInput, size: ChartSizeName, options: { signal?: AbortSignal; blockMs?: number } = {}): Promise<RenderedChart> {
    if (this.closed) throw new BotError('render_failed', 'the chart workers are shut down');
    const watchdog = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, watchdog]) : watchdog;
    const task: ChartTask = { input, size, rasterizer: this.rasterizer, ...(options.blockMs !== undefined ? { blockMs: options.blockMs } : {}) };
    try {
      const chart = await this.started().run(task, { signal });
      // Structured clone hands back a Uint8Array; the rest of the app expects a Buffer (same bytes, no copy).
      return { ...chart, png: Buffer.from(chart.png.buffer, chart.png.byteOffset, chart.png.byteLength) };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (watchdog.aborted) throw new BotError('render_failed', `chart render took longer than ${this.timeoutMs} ms; its worker was terminated`, { retryable: true });
      throw error;
    }
  }

  /** Terminates every worker (graceful shutdown); renders still waiting are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.destroy();
  }
}

/**
 * One pool per process and setting, shared by every app in it (tests build many apps; a process runs one): threads
 * stay bounded by CHART_WORKERS and each pays its start-up once. Each holder's `close()` lets go of it; the last one
 * terminates the workers.
 */
const sharedPools = new Map<string, { pool: ChartWorkerPool; holders: number }>();

export function acquireChartWorkerPool(options: ChartWorkerPoolOptions): { render: ChartWorkerPool['render']; close(): Promise<void> } {
  const key = `${options.size}:${options.rasterizer}:${options.timeoutMs ?? ''}`;
  let entry = sharedPools.get(key);
  if (!entry) {
    entry = { pool: new ChartWorkerPool(options), holders: 0 };
    sharedPools.set(key, entry);
  }
  const held = entry;
  held.holders++;
  let released = false;
  return {
    render: (input, size, renderOptions) => held.pool.render(input, size, renderOptions),
    async close() {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      if (sharedPools.get(key) === held) sharedPools.delete(key);
      await held.pool.close();
    },
  };
}
