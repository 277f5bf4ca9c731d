/**
 * The chart renderer: chart input → binding → cached template (vega layout) → rasterizer → PNG. Templates are
 * compiled and parsed once per (chart kind, size) and reused for every render; only rows and parameters change.
 */
import { LRUCache } from 'lru-cache';
import type { TopLevelSpec } from 'vega-lite';
import { BotError } from '../../errors.js';
import type { ChartInput, ChartKind } from './chart-input.js';
import { ChartTemplate } from './chart-template.js';
import { CHART_SIZES, type ChartSize, type ChartSizeName } from './chart-size.js';
import { comparisonChartData } from './comparison-chart-data.js';
import { lineChartSpec } from './line-chart-spec.js';
import { relativeChartData } from './relative-chart-data.js';
import { fingerprint } from './fingerprint.js';
import { findCollisions, type Collision } from './layout-check.js';
import { getRasterizer, type Rasterizer, type RasterizerName } from './rasterizer.js';
import { technicalChartData, type ChartBinding, type KeyNumbers } from './technical-chart-data.js';
import { technicalChartSpec } from './technical-chart-spec.js';

export type { ChartInput, ChartKind } from './chart-input.js';

export type RenderedChart = {
  kind: ChartKind;
  size: ChartSizeName;
  png: Buffer;
  /** The SVG the PNG was rasterized from; only the librsvg rasterizer writes one. */
  svg?: string;
  /** Which rasterizer drew the PNG. */
  rasterizer: RasterizerName;
  /** Logical size vega laid the drawing out at; the PNG is the chart size, white beyond the drawing. */
  drawn: { width: number; height: number };
  /** Pixel size of the PNG (logical size × density). */
  width: number;
  height: number;
  keyNumbers: KeyNumbers;
  alt: string;
  /** ms per stage: bind (rows from the input), layout (vega dataflow), then the rasterizer's own stages. */
  timings: Record<string, number>;
};

function bind(input: ChartInput, size: ChartSize): ChartBinding {
  switch (input.kind) {
    case 'technical':
      return technicalChartData({ ...input, series: { ...input.series, symbol: input.symbol || input.series.symbol } }, size);
    case 'relative':
      return relativeChartData(input.performance, size);
    case 'comparison':
      return comparisonChartData(input.series, input.from, input.to, size);
  }
}

export type ChartRendererOptions = {
  /** Bytes of rendered charts (PNG + SVG) kept for reuse; 0 = no cache. @default 64 MiB */
  readonly cacheBytes?: number;
  /** How charts become pixels (CHART_RASTERIZER). @default 'skia' */
  readonly rasterizer?: RasterizerName | Rasterizer;
  /**
   * Worker threads that do the rendering (chart-worker-pool.ts, CHART_WORKERS); without one, renders run on this
   * thread. Caching and sharing stay here either way.
   */
  readonly pool?: ChartPool;
};

/** Where fresh renders run when not on this thread: the worker pool, or anything shaped like it. */
export type ChartPool = {
  render(input: ChartInput, size: ChartSizeName, options: { signal?: AbortSignal; blockMs?: number }): Promise<RenderedChart>;
  close(): Promise<void>;
};

export type RenderOptions = {
  /** Abandons this caller's wait; a fresh render in a worker is stopped when every caller sharing it has abandoned it. */
  readonly signal?: AbortSignal;
  /** Fault injection (`render_chart=block:<ms>`): the render first blocks its thread this long. */
  readonly blockMs?: number;
};

/** A render in flight, with how many callers still wait for it (a worker is stopped when none does). */
type InFlight = { promise: Promise<RenderedChart>; waiting: number; controller: AbortController };

/**
 * Templates are a pure function of (kind, size) and serialize their own renders, so every renderer in the process
 * shares them: compiling one costs ~80 ms, and each app (and each test's app) would otherwise pay it again.
 */
const templates = new Map<string, ChartTemplate>();

const SPECS: Record<string, (size: ChartSize) => TopLevelSpec> = {
  technical: (size) => technicalChartSpec(size, { volume: true }),
  'technical-novolume': (size) => technicalChartSpec(size, { volume: false }),
  lines: (size) => lineChartSpec(size, { log: false }),
  'lines-log': (size) => lineChartSpec(size, { log: true }),
};

function templateNamed(name: string, size: ChartSize): ChartTemplate {
  const key = `${name}:${size.name}`;
  let template = templates.get(key);
  if (!template) {
    const spec = SPECS[name];
    if (!spec) throw new BotError('render_failed', `no chart template named ${name}`);
    template = new ChartTemplate(key, spec(size));
    templates.set(key, template);
  }
  return template;
}

export class ChartRenderer {
  /**
   * A chart is a pure function of its input and size, so identical requests (ten people asking about NVDA's quarter
   * on the same data) share one render: finished charts from an LRU bounded by bytes, concurrent ones in flight.
   */
  private readonly done?: LRUCache<string, RenderedChart>;
  private readonly inflight = new Map<string, InFlight>();
  private readonly pool?: ChartPool;
  readonly rasterizer: Rasterizer;

  constructor(options: ChartRendererOptions = {}) {
    const maxSize = options.cacheBytes ?? 64 * 1024 * 1024;
    if (maxSize > 0) this.done = new LRUCache({ maxSize, sizeCalculation: (chart) => chart.png.length + (chart.svg?.length ?? 0) });
    const rasterizer = options.rasterizer ?? 'skia';
    this.rasterizer = typeof rasterizer === 'string' ? getRasterizer(rasterizer) : rasterizer;
    if (options.pool) this.pool = options.pool;
  }

  /** Where renders run, for `describe()`: "workers" or "in-process". */
  get isolation(): 'workers' | 'in-process' {
    return this.pool ? 'workers' : 'in-process';
  }

  /** Graceful shutdown: terminates the render workers (renders still waiting are rejected). */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** The (default) template for a kind and size, compiled on first use. */
  template(kind: ChartKind, size: ChartSize): ChartTemplate {
    return templateNamed(kind === 'technical' ? 'technical' : 'lines', size);
  }

  /** The template a binding asks for (an index's chart has no volume panel; long-range lines use a log scale). */
  private templateFor(kind: ChartKind, size: ChartSize, binding: ChartBinding): ChartTemplate {
    return binding.template ? templateNamed(binding.template, size) : this.template(kind, size);
  }

  /** Renders (or reuses) the chart. A caller's signal abandons its own wait, never a render others share. */
  async render(input: ChartInput, sizeName: ChartSizeName = 'chat', options: RenderOptions = {}): Promise<RenderedChart> {
    options.signal?.throwIfAborted();
    if (!this.done) return this.renderFresh(input, sizeName, options);
    const key = `${sizeName}:${fingerprint(input)}`;
    const hit = this.done.get(key);
    if (hit) return hit;
    let entry = this.inflight.get(key);
    if (!entry) {
      const controller = new AbortController();
      const promise = this.renderFresh(input, sizeName, { signal: controller.signal, ...(options.blockMs !== undefined ? { blockMs: options.blockMs } : {}) })
        .then((chart) => {
          this.done!.set(key, chart);
          return chart;
        })
        .finally(() => {
          if (this.inflight.get(key) === entry) this.inflight.delete(key);
        });
      entry = { promise, waiting: 0, controller };
      this.inflight.set(key, entry);
    }
    const shared = entry;
    // A caller without a signal waits for good, so the render is never stopped under it.
    if (!options.signal) {
      shared.waiting = Infinity;
      return shared.promise;
    }
    shared.waiting++;
    const signal = options.signal;
    signal.addEventListener(
      'abort',
      () => {
        // The last caller gave up: stop the render (in a worker, the worker is terminated) and forget it.
        if (--shared.waiting === 0) {
          shared.controller.abort(signal.reason);
          if (this.inflight.get(key) === shared) this.inflight.delete(key);
        }
      },
      { once: true },
    );
    shared.promise.catch(() => undefined);
    return raceSignal(shared.promise, signal);
  }

  /** Lays the chart out (no pixels) and lists every text collision the layout check finds; [] when clean. */
  async checkLayout(input: ChartInput, sizeName: ChartSizeName = 'chat'): Promise<Collision[]> {
    const size = CHART_SIZES[sizeName];
    const binding = bind(input, size);
    return this.templateFor(input.kind, size, binding).inspect(binding, (view) => findCollisions(view, size));
  }

  private async renderFresh(input: ChartInput, sizeName: ChartSizeName, options: RenderOptions): Promise<RenderedChart> {
    if (this.pool) return this.pool.render(input, sizeName, options);
    // In-process: an injected block stalls this thread, which is what the worker pool exists to prevent.
    if (options.blockMs !== undefined) blockFor(options.blockMs);
    const size = CHART_SIZES[sizeName];
    const t0 = performance.now();
    const binding = bind(input, size);
    const bindMs = performance.now() - t0;
    const template = this.templateFor(input.kind, size, binding);
    const drawn = await template.render(binding, this.rasterizer, size);
    return {
      kind: input.kind,
      size: sizeName,
      png: drawn.png,
      ...(drawn.svg !== undefined ? { svg: drawn.svg } : {}),
      rasterizer: this.rasterizer.name,
      width: drawn.width,
      height: drawn.height,
      drawn: drawn.drawn,
      keyNumbers: binding.keyNumbers,
      alt: binding.alt,
      timings: { bind: bindMs, ...drawn.timings },
    };
  }
}

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin: a synchronous stall, as a hung native call would be
  }
}

function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
