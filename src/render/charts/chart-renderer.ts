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
};

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
  private readonly inflight = new Map<string, Promise<RenderedChart>>();
  readonly rasterizer: Rasterizer;

  constructor(options: ChartRendererOptions = {}) {
    const maxSize = options.cacheBytes ?? 64 * 1024 * 1024;
    if (maxSize > 0) this.done = new LRUCache({ maxSize, sizeCalculation: (chart) => chart.png.length + (chart.svg?.length ?? 0) });
    const rasterizer = options.rasterizer ?? 'skia';
    this.rasterizer = typeof rasterizer === 'string' ? getRasterizer(rasterizer) : rasterizer;
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
  async render(input: ChartInput, sizeName: ChartSizeName = 'chat', options: { signal?: AbortSignal } = {}): Promise<RenderedChart> {
    options.signal?.throwIfAborted();
    if (!this.done) return this.renderFresh(input, sizeName);
    const key = `${sizeName}:${fingerprint(input)}`;
    const hit = this.done.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.renderFresh(input, sizeName)
        .then((chart) => {
          this.done!.set(key, chart);
          return chart;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return options.signal ? raceSignal(pending, options.signal) : pending;
  }

  /** Lays the chart out (no pixels) and lists every text collision the layout check finds; [] when clean. */
  async checkLayout(input: ChartInput, sizeName: ChartSizeName = 'chat'): Promise<Collision[]> {
    const size = CHART_SIZES[sizeName];
    const binding = bind(input, size);
    return this.templateFor(input.kind, size, binding).inspect(binding, (view) => findCollisions(view, size));
  }

  private async renderFresh(input: ChartInput, sizeName: ChartSizeName): Promise<RenderedChart> {
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
