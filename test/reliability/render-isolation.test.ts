/**
 * Issue 14, failure 2: a hung chart render is abandoned and the renderer isolated. Renders run in worker threads
 * (CHART_WORKERS); a render that blocks its thread synchronously (`render_chart=block:<ms>`, carried out inside the
 * worker) must not delay other runs on the main thread, its worker is terminated when the attempt gives up and
 * replaced, the next render works, and shutdown leaves no worker behind. Ordering only, no timing thresholds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { isTerminal } from '../../src/pipeline/events/events.js';
import { ChartWorkerPool } from '../../src/render/charts/chart-worker-pool.js';
import { FaultInjector, parseFaults } from '../../src/faults.js';
import { memoryArtifacts, testLogger } from '../helpers/tool-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';
import { technicalChartInput } from '../../src/tools/chart-input.js';
import { computeIndicatorSet } from '../../src/tools/indicators/compute-indicator-set.js';
import { OfflineMarketData } from '../../src/tools/market/offline-provider.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

describe('chart rendering in worker threads', () => {
  it('reads render_chart=block:<ms>; only the renderer acts on it, the executor does not wait on it', async () => {
    expect(parseFaults('render_chart=block:5000')).toEqual([{ target: 'render_chart', kind: 'block', probability: 1, delayMs: 5000 }]);
    expect(parseFaults('render_chart=block@0.5')).toEqual([{ target: 'render_chart', kind: 'block', probability: 0.5, delayMs: 30_000 }]);
    expect(() => parseFaults('render_chart=block:soon')).toThrow(/block:<ms>/);
    const faults = new FaultInjector(parseFaults('render_chart=block:5000'));
    await expect(faults.apply(['render_chart', 'render'], new AbortController().signal)).resolves.toBeUndefined();
    expect(faults.blockMs(['render_chart'])).toBe(5000);
    expect(faults.blockMs(['get_bars'])).toBeUndefined();
  });

  it('a render blocked in its worker delays no other run; the worker is terminated on cancel and replaced', async () => {
    const app = createApp(loadConfig({ MARKETDESK_FAULTS: 'render_chart=block:600000', CHART_WORKERS: '1' }), { logger: testLogger, artifacts: memoryArtifacts() });
    apps.push(app);
    expect(app.describe().chartWorkers).toBe('1 worker threads');
    const runs = app.pipeline;
    // Run A renders a chart, and the render blocks its worker's thread for ten minutes.
    const blocked = await runs.startRun({ question: 'AMD technicals', source: { platform: 'test' } });
    // render_chart says "rendering the technical chart" just before it hands the chart to a worker.
    const rendering = (e: { type: string; data: unknown }) => e.type === 'step.progress' && /rendering the technical chart/.test((e.data as { message: string }).message);
    await waitFor(async () => (await runs.getEvents(blocked.runId)).some(rendering), 60_000, 'the chart render to start');
    let blockedSettled = false;
    void blocked.done.finally(() => (blockedSettled = true));

    // Run B needs no chart: it starts, works through its steps on the main thread and ends while A's render hangs.
    const other = await runs.startRun({ question: 'What is the price of AAPL?', source: { platform: 'test' } });
    const otherState = await other.done;
    expect(otherState.status).toBe('completed');
    expect(otherState.answer).toMatch(/AAPL/);
    const otherSteps = (await runs.getEvents(other.runId)).filter((e) => e.type === 'step.succeeded');
    expect(otherSteps.length).toBeGreaterThan(0);
    expect(blockedSettled).toBe(false);
    expect((await runs.getEvents(blocked.runId)).filter(isTerminal)).toHaveLength(0);

    // Giving up on A (its attempt's signal aborts) terminates the blocked worker; A ends with one terminal event.
    await runs.cancelRun(blocked.runId, 'the test');
    const blockedState = await blocked.done;
    expect(blockedState.status).toBe('cancelled');
    expect((await runs.getEvents(blocked.runId)).filter(isTerminal)).toHaveLength(1);

    // The next render works (a fresh worker; no block asked for).
    const input = await technicalInput('AMD');
    const chart = await app.services.charts.render(input, 'chat');
    expect(chart.png.length).toBeGreaterThan(1000);
    expect(chart.png.subarray(0, 4).equals(PNG)).toBe(true);
  }, 120_000);

  it('the pool terminates and replaces a worker whose render exceeds its time, and shutdown leaves none', async () => {
    const pool = new ChartWorkerPool({ size: 1, rasterizer: 'skia', timeoutMs: 600_000 });
    const input = await technicalInput('NVDA');
    const first = await pool.render(input, 'chat');
    expect(first.png.subarray(0, 4).equals(PNG)).toBe(true);
    expect(pool.threads).toBe(1);

    const attempt = new AbortController();
    const hung = pool.render(input, 'chat', { signal: attempt.signal, blockMs: 600_000 });
    const outcome = hung.then(() => 'rendered', (error: unknown) => error);
    await waitFor(() => pool.queued === 0, 30_000, 'the blocked render to reach the worker');
    // A second render queues behind the blocked one (one worker): it runs once the watchdog frees the thread.
    const next = pool.render(input, 'vision');
    attempt.abort(new Error('attempt timed out'));
    expect(await outcome).toMatchObject({ message: 'attempt timed out' });
    const after = await next;
    expect(after.size).toBe('vision');
    expect(after.png.subarray(0, 4).equals(PNG)).toBe(true);
    expect(pool.threads).toBe(1);

    await pool.close();
    expect(pool.threads).toBe(0);
    await expect(pool.render(input, 'chat')).rejects.toThrow(/shut down/);
  }, 120_000);
});

async function technicalInput(symbol: string) {
  const series = await new OfflineMarketData().getDailyBars(symbol, { from: '2025-11-16', to: '2026-05-15', warmupBars: 250 });
  return technicalChartInput(symbol, series, computeIndicatorSet(series));
}
