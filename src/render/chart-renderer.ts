/**
 * The chart renderer: chart input → binding → cached template → SVG → PNG. Templates are compiled and parsed once
 * per (chart kind, size) and reused for every render; only rows and parameters change.
 */
import { LRUCache } from 'lru-cache';
import type { BarSeries } from '../tools/market/types.js';
import type { IndicatorSet } from '../tools/indicators/indicator-set.js';
import type { RelativePerformance } from '../tools/relative-performance-schema.js';
import { ChartTemplate } from './chart-template.js';
import { CHART_SIZES, type ChartSize, type ChartSizeName } from './chart-size.js';
import { comparisonChartData } from './comparison-chart-data.js';
import { lineChartSpec } from './line-chart-spec.js';
import { relativeChartData } from './relative-chart-data.js';
import { fingerprint } from './fingerprint.js';
import { svgToPng } from './svg-to-png.js';
import { technicalChartData, type ChartBinding, type KeyNumbers } from './technical-chart-data.js';
import { technicalChartSpec } from './technical-chart-spec.js';

export type ChartInput =
  | { kind: 'technical'; symbol: string; series: BarSeries; indicators: IndicatorSet }
  | { kind: 'relative'; performance: RelativePerformance }
  | { kind: 'comparison'; series: BarSeries[]; from: string; to: string };
export type ChartKind = ChartInput['kind'];

export type RenderedChart = {
  kind: ChartKind;
  size: ChartSizeName;
  svg: string;
  png: Buffer;
  /** Pixel size of the PNG (logical size × density). */
  width: number;
  height: number;
  keyNumbers: KeyNumbers;
  alt: string;
  timings: { bindMs: number; svgMs: number; pngMs: number };
};

function bind(input: ChartInput, size: ChartSize): ChartBinding {
  switch (input.kind) {
    case 'technical':
      return technicalChartData({ ...input.series, symbol: input.symbol || input.series.symbol }, input.indicators, size);
    case 'relative':
      return relativeChartData(input.performance, size);
    case 'comparison':
      return comparisonChartData(input.series, input.from, input.to, size);
  }
}

export type ChartRendererOptions = {
  /** Bytes of rendered charts (PNG + SVG) kept for reuse; 0 = no cache. @default 64 MiB */
  readonly cacheBytes?: number;
};

export class ChartRenderer {
  private readonly templates = new Map<string, ChartTemplate>();
  /**
   * A chart is a pure function of its input and size, so identical requests (ten people asking about NVDA's quarter
   * on the same data) share one render: finished charts from an LRU bounded by bytes, concurrent ones in flight.
   */
  private readonly done?: LRUCache<string, RenderedChart>;
  private readonly inflight = new Map<string, Promise<RenderedChart>>();

  constructor(options: ChartRendererOptions = {}) {
    const maxSize = options.cacheBytes ?? 64 * 1024 * 1024;
    if (maxSize > 0) this.done = new LRUCache({ maxSize, sizeCalculation: (chart) => chart.png.length + chart.svg.length });
  }

  /** The template for a kind and size, compiled on first use. */
  template(kind: ChartKind, size: ChartSize): ChartTemplate {
    const key = `${kind === 'technical' ? 'technical' : 'lines'}:${size.name}`;
    let template = this.templates.get(key);
    if (!template) {
      template = new ChartTemplate(key, kind === 'technical' ? technicalChartSpec(size) : lineChartSpec(size));
      this.templates.set(key, template);
    }
    return template;
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

  private async renderFresh(input: ChartInput, sizeName: ChartSizeName): Promise<RenderedChart> {
    const size = CHART_SIZES[sizeName];
    const template = this.template(input.kind, size);
    const t0 = performance.now();
    const binding = bind(input, size);
    const t1 = performance.now();
    const { svg } = await template.renderSvg(binding);
    const t2 = performance.now();
    const png = await svgToPng(svg, { scale: size.density, width: size.width, height: size.height });
    const t3 = performance.now();
    return {
      kind: input.kind,
      size: sizeName,
      svg,
      png: png.png,
      width: png.width,
      height: png.height,
      keyNumbers: binding.keyNumbers,
      alt: binding.alt,
      timings: { bindMs: t1 - t0, svgMs: t2 - t1, pngMs: t3 - t2 },
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
