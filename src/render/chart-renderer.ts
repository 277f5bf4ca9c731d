/**
 * The chart renderer: chart input → binding → cached template → SVG → PNG. Templates are compiled and parsed once
 * per (chart kind, size) and reused for every render; only rows and parameters change.
 */
import type { BarSeries } from '../tools/market/types.js';
import type { IndicatorSet } from '../tools/indicators/indicator-set.js';
import type { RelativePerformance } from '../tools/relative-performance-schema.js';
import { ChartTemplate } from './chart-template.js';
import { CHART_SIZES, type ChartSize, type ChartSizeName } from './chart-size.js';
import { comparisonChartData } from './comparison-chart-data.js';
import { lineChartSpec } from './line-chart-spec.js';
import { relativeChartData } from './relative-chart-data.js';
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

export class ChartRenderer {
  private readonly templates = new Map<string, ChartTemplate>();

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

  async render(input: ChartInput, sizeName: ChartSizeName = 'chat', options: { signal?: AbortSignal } = {}): Promise<RenderedChart> {
    const size = CHART_SIZES[sizeName];
    const template = this.template(input.kind, size);
    const t0 = performance.now();
    const binding = bind(input, size);
    const t1 = performance.now();
    const { svg } = await template.renderSvg(binding, options.signal);
    const t2 = performance.now();
    options.signal?.throwIfAborted();
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
