/**
 * The body of a chart worker thread (chart-worker-pool.ts): one in-process renderer per thread, its fonts checked
 * once, each task one fresh render. Runs in a worker so a render that blocks (a pathological spec, a stuck native
 * call) stalls only this thread; the pool terminates it when the attempt's time is up.
 */
import { ChartRenderer, type ChartInput, type RenderedChart } from './chart-renderer.js';
import type { ChartSizeName } from './chart-size.js';
import { checkFonts } from './font-check.js';
import type { RasterizerName } from './rasterizer.js';

export type ChartTask = {
  readonly input: ChartInput;
  readonly size: ChartSizeName;
  readonly rasterizer: RasterizerName;
  /** Fault injection (`render_chart=block:<ms>`): spin this thread synchronously before rendering. */
  readonly blockMs?: number;
};

let renderer: ChartRenderer | undefined;
let fonts: Promise<unknown> | undefined;

export default async function renderInWorker(task: ChartTask): Promise<RenderedChart> {
  // The pool caches and dedupes on the main thread; here every task is a render.
  renderer ??= new ChartRenderer({ cacheBytes: 0, rasterizer: task.rasterizer });
  fonts ??= checkFonts({ rasterizer: renderer.rasterizer }).catch((error: unknown) => {
    fonts = undefined;
    throw error;
  });
  await fonts;
  // The in-process renderer carries out an injected block: on this worker's thread, not the main one.
  return renderer.render(task.input, task.size, task.blockMs !== undefined ? { blockMs: task.blockMs } : {});
}
