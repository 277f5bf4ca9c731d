/**
 * One chart template: a Vega-Lite spec compiled and parsed once, then rendered many times by binding rows
 * (`view.data`) and parameters (`view.signal`). The headless View itself is kept and reused as well: re-running its
 * dataflow with new rows costs less than half of building a View and running it from scratch (bench/render).
 * Renders on one template are serialized (a View is not re-entrant); every render rebinds every dataset and
 * parameter, so nothing leaks from one chart into the next. After an error the View is dropped and rebuilt.
 */
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compileVegaLite } from './vega-lite-compile.js';
import { BotError } from '../../errors.js';
import { offlineLoader } from './offline-loader.js';
import { installTextMetrics } from './text-metrics.js';
import type { RasterResult, RasterTarget, Rasterizer } from './rasterizer.js';

export type TemplateInput = {
  /** Rows per named data source (`{data: {name}}` in the spec). Sources left out are bound to no rows. */
  readonly data: Readonly<Record<string, readonly object[]>>;
  /** Values for top-level `params` declared in the spec; ones left out get their declared default. */
  readonly params?: Readonly<Record<string, unknown>>;
};

export type SvgResult = { svg: string; width: number; height: number };
/** A drawn chart: the rasterizer's PNG, the size vega laid the drawing out at (≤ the target), stage timings. */
export type TemplateRender = RasterResult & { drawn: { width: number; height: number } };

// Vega's own log goes to a sink instead of stderr; warnings are kept for debugging a template.
function quietLogger(sink: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const push = (...args: unknown[]) => {
    if (sink.length < 50) sink.push(args.map(String).join(' '));
    return logger;
  };
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: push,
    warn: push,
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as vega.LoggerInterface;
}

type LiveView = { view: vega.View; refused: string[] };

export class ChartTemplate {
  private readonly runtime: vega.Runtime;
  private readonly defaults: Record<string, unknown>;
  private readonly datasets: string[];
  private live: LiveView | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Vega warnings from the latest renders (bounded). */
  readonly warnings: string[] = [];

  constructor(
    readonly name: string,
    readonly spec: TopLevelSpec,
  ) {
    installTextMetrics();
    this.runtime = vega.parse(compileVegaLite(spec).spec);
    const params = ((spec as { params?: { name: string; value?: unknown }[] }).params ?? []).filter((p) => 'value' in p);
    this.defaults = Object.fromEntries(params.map((p) => [p.name, p.value]));
    this.datasets = namedSources(spec);
  }

  /** Lays the chart out and draws it with `rasterizer`; calls on the same template run one after another. */
  render(input: TemplateInput, rasterizer: Rasterizer, target: RasterTarget, signal?: AbortSignal): Promise<TemplateRender> {
    return this.withBoundView(input, signal, async (view, layoutMs) => {
      const drawn = laidOutSize(view);
      const raster = await rasterizer.rasterize(view, target);
      return { ...raster, drawn, timings: { layout: layoutMs, ...raster.timings } };
    });
  }

  /** The chart as vega's SVG string (what the librsvg path rasterizes; tests read its text). */
  renderSvg(input: TemplateInput, signal?: AbortSignal): Promise<SvgResult> {
    return this.withBoundView(input, signal, async (view) => {
      const svg = await view.toSVG();
      return { svg, ...sizeOf(svg) };
    });
  }

  /** Lays the chart out and hands the View (scenegraph included) to `read`, e.g. the layout check; draws nothing. */
  inspect<T>(input: TemplateInput, read: (view: vega.View) => T): Promise<T> {
    return this.withBoundView(input, undefined, async (view) => read(view));
  }

  /** Binds `input` to the reused View, runs its dataflow and hands it to `use`, one call at a time. */
  private withBoundView<T>(input: TemplateInput, signal: AbortSignal | undefined, use: (view: vega.View, layoutMs: number) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => this.bindAndUse(input, signal, use));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async bindAndUse<T>(input: TemplateInput, signal: AbortSignal | undefined, use: (view: vega.View, layoutMs: number) => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    this.live ??= this.createView();
    const { view, refused } = this.live;
    try {
      const t0 = performance.now();
      for (const name of new Set([...this.datasets, ...Object.keys(input.data)])) view.data(name, (input.data[name] ?? []) as object[]);
      for (const [name, value] of Object.entries({ ...this.defaults, ...input.params })) view.signal(name, value as vega.SignalValue);
      // Autosize ("pad") must be recomputed from this chart's bounds, not grow from the previous chart's.
      view.resize();
      await view.runAsync();
      const result = await use(view, performance.now() - t0);
      signal?.throwIfAborted();
      if (refused.length > 0)
        throw new BotError('render_external_resource', `the ${this.name} chart spec asks for external resources (${refused[0].slice(0, 80)}); charts load nothing`);
      return result;
    } catch (error) {
      // A View that failed mid-run may hold half-updated state: start the next render from a fresh one.
      this.dispose();
      if (BotError.is(error) || signal?.aborted) throw error;
      throw new BotError('render_failed', `could not render the ${this.name} chart: ${(error as Error).message}`, { cause: error });
    }
  }

  private createView(): LiveView {
    const refused: string[] = [];
    const view = new vega.View(this.runtime, { renderer: 'none', loader: offlineLoader(refused), logger: quietLogger(this.warnings) });
    return { view, refused };
  }

  /** Releases the View (timers, listeners); the template stays usable. */
  dispose(): void {
    this.live?.view.finalize();
    this.live = undefined;
  }
}

/** Names of `{data: {name}}` sources anywhere in a Vega-Lite spec. */
function namedSources(spec: unknown, out: Set<string> = new Set()): string[] {
  if (Array.isArray(spec)) for (const item of spec) namedSources(item, out);
  else if (spec && typeof spec === 'object') {
    const data = (spec as { data?: { name?: unknown } }).data;
    if (data && typeof data.name === 'string') out.add(data.name);
    for (const value of Object.values(spec)) if (value && typeof value === 'object') namedSources(value, out);
  }
  return [...out];
}

/** The size vega gives the drawing (plot + axes + title + padding): what its own renderers size their output by. */
function laidOutSize(view: vega.View): { width: number; height: number } {
  const internal = view as unknown as { _viewWidth: number; _viewHeight: number };
  const padding = view.padding() as { top: number; bottom: number; left: number; right: number };
  return { width: internal._viewWidth + padding.left + padding.right, height: internal._viewHeight + padding.top + padding.bottom };
}

/** The SVG's own width/height attributes: the size of the whole drawing including axes and padding. */
function sizeOf(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new BotError('render_failed', 'renderer produced an SVG without a size');
  return { width: Number(match[1]), height: Number(match[2]) };
}
