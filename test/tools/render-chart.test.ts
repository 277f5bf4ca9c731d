import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { parseFaults, FaultInjector } from '../../src/faults.js';
import { ConcurrencyLimits } from '../../src/pipeline/execute/concurrency-limits.js';
import { MemoryEventLog } from '../../src/pipeline/events/event-log.js';
import { artifactSchema, type RunEvent } from '../../src/pipeline/events/events.js';
import { executePlan } from '../../src/pipeline/execute/executor.js';
import type { Step } from '../../src/pipeline/plan/plan-schema.js';
import { FileArtifactStore } from '../../src/store/artifact-store.js';
import type { ChartAnalysis, ChartAnalysisInput, VisionModel } from '../../src/tools/chart-reading/vision-model.js';
import { analyzeChartTool } from '../../src/tools/analyze-chart.js';
import { chartNumericReadingTool } from '../../src/tools/chart-numeric-reading.js';
import type { ToolContext } from '../../src/tools/define-tool.js';
import { getBarsTool } from '../../src/tools/get-bars.js';
import { indicatorsTool } from '../../src/tools/indicators-tool.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { renderChartInputSchema, renderChartOutputSchema, renderChartTool, type RenderChartOutput } from '../../src/tools/render-chart.js';
import type { ToolServices } from '../../src/tools/services.js';
import { testLogger, testServices } from '../helpers/tool-fixtures.js';
import { computeIndicators, loadSeries } from '../render/charts/fixtures.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'render-chart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function ctx(services: ToolServices, stepId = 'chart'): ToolContext {
  return { signal: new AbortController().signal, runId: 'run1', stepId, emit: () => {}, log: testLogger, services };
}

const series = loadSeries('NVDA', 125, 250, '2026-05-15');
const indicators = computeIndicators(series);

// One render shared by the tool tests (rendering is the slow part); each test builds its own services around the store.
const artifacts = new FileArtifactStore(dataDir);
let rendered: Promise<RenderChartOutput> | undefined;
// A vision model that looks at images, so render_chart also makes the vision-size copy.
const imageReader: VisionModel = { id: 'test:image-reader', readsImage: true, analyzeChart: async () => ({ method: 'vision', model: 'test', observations: [] }) };
const renderOnce = () =>
  (rendered ??= renderChartTool.execute(
    renderChartInputSchema.parse({ kind: 'technical', symbol: 'NVDA', series, indicators }),
    ctx(testServices({ artifacts, vision: imageReader })),
  ));

describe('render_chart tool', () => {
  it('saves the chat PNG under DATA_DIR/runs/<runId>/ and returns an artifact the executor can announce', async () => {
    const services = testServices({ artifacts });
    const out = renderChartOutputSchema.parse(await renderOnce());
    expect(artifactSchema.safeParse(out.artifact).success).toBe(true);
    expect(out.artifact).toMatchObject({ name: 'chart.png', kind: 'chart', mime: 'image/png' });
    const file = path.join(dataDir, 'runs', 'run1', 'chart.png');
    expect(artifacts.localPath('run1', out.artifact.name)).toBe(file);
    const meta = await sharp(readFileSync(file)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([2800, 1800, 'png']);
    const vision = await services.artifacts.read('run1', out.vision!.name);
    expect((await sharp(vision!).metadata()).width).toBe(1456);
    expect(out.keyNumbers.lastClose).toBeCloseTo(series.bars[series.bars.length - 1].close, 2);
    expect(out.artifact.alt).toMatch(/^NVDA daily candlestick chart/);
    expect(renderChartTool.compact!(out)).not.toHaveProperty('artifact.path');
  });

  it('renders no vision-size copy when the vision model does not read images (the numeric reader)', async () => {
    const input = renderChartInputSchema.parse({ kind: 'technical', symbol: 'NVDA', series, indicators });
    const out = await renderChartTool.execute(input, ctx(testServices({ artifacts }), 'numeric_only'));
    expect(out.vision).toBeUndefined();
    expect(await artifacts.read('run1', 'numeric_only.vision.png')).toBeUndefined();
  });

  it('draws with the renderer in its services: CHART_RASTERIZER reaches it through the app', async () => {
    const app = createApp(loadConfig({ CHART_RASTERIZER: 'librsvg', DATA_DIR: dataDir }));
    expect(app.services.charts?.rasterizer.name).toBe('librsvg');
    expect(app.describe().charts).toBe('librsvg');
    const input = renderChartInputSchema.parse({ kind: 'technical', symbol: 'NVDA', series, indicators });
    const out = await renderChartTool.execute(input, ctx({ ...testServices({ artifacts }), charts: app.services.charts }, 'via_librsvg'));
    // librsvg's PNG is flattened to RGB; the default (Skia) one keeps an opaque alpha channel.
    expect((await sharp(readFileSync(artifacts.localPath('run1', out.artifact.name)!)).metadata()).channels).toBe(3);
    expect((await sharp(readFileSync(artifacts.localPath('run1', (await renderOnce()).artifact.name)!)).metadata()).channels).toBe(4);
    expect(createApp(loadConfig({ DATA_DIR: dataDir })).services.charts?.rasterizer.name).toBe('skia');
    expect(() => loadConfig({ CHART_RASTERIZER: 'cairo' })).toThrow(/CHART_RASTERIZER/);
  });

  it('validates its input: unknown kinds and malformed series are rejected before rendering', () => {
    expect(renderChartInputSchema.safeParse({ kind: 'pie', symbol: 'NVDA' }).success).toBe(false);
    expect(renderChartInputSchema.safeParse({ kind: 'technical', symbol: 'NVDA', series: { symbol: 'NVDA' }, indicators }).success).toBe(false);
    expect(renderChartInputSchema.safeParse({ kind: 'comparison', series: [series], from: '15/05/2026', to: '2026-05-15' }).success).toBe(false);
  });

  it('declares the numeric fallback with the step’s series and indicators', () => {
    const args = { kind: 'technical', symbol: 'NVDA', series: { $ref: 'bars' }, indicators: { $ref: 'ind' } };
    expect(renderChartTool.fallback?.tool).toBe('chart_numeric_reading');
    expect(renderChartTool.fallback?.args(args)).toEqual({ series: { $ref: 'bars' }, indicators: { $ref: 'ind' } });
  });
});

describe('analyze_chart tool', () => {
  it('sends the vision-size PNG and the key numbers as text to the vision role', async () => {
    const seen: ChartAnalysisInput[] = [];
    const vision: VisionModel = {
      id: 'test:vision',
      readsImage: true,
      analyzeChart: async (input): Promise<ChartAnalysis> => {
        seen.push(input);
        return { method: 'vision', model: 'test:vision', observations: [{ kind: 'trend', text: 'up' }], usage: { model: 'test:vision', inputTokens: 1500, outputTokens: 90, costUsd: 0.001, durationMs: 5 } };
      },
    };
    const usage: { role: string; inputTokens: number }[] = [];
    const services = testServices({ artifacts, vision, usage: { record: (role, u) => usage.push({ role, inputTokens: u.inputTokens }) } });
    const chart = await renderOnce();
    const analysis = await analyzeChartTool.execute({ chart }, ctx(services, 'analyze'));
    expect(analysis.method).toBe('vision');
    const meta = await sharp(seen[0].image!.data).metadata();
    expect([meta.width, meta.height]).toEqual([1456, 816]);
    expect(seen[0].keyNumbers.lastClose).toBe(chart.keyNumbers.lastClose);
    expect(seen[0].context).toBe(chart.artifact.alt);
    expect(usage).toEqual([{ role: 'vision', inputTokens: 1500 }]);
  });

  it('defaults to the numeric reader, which says it is numeric', async () => {
    const services = testServices({ artifacts });
    const chart = await renderOnce();
    const analysis = await analyzeChartTool.execute({ chart, series, indicators }, ctx(services, 'analyze'));
    expect(analysis.method).toBe('numeric');
    expect(analysis.observations[0].text).toMatch(/^Numeric reading/);
    expect(analysis.observations.map((o) => o.kind)).toContain('trend');
  });

  it('fails clearly when a vision model needs the chart image and it is not in the run', async () => {
    const services = testServices({ artifacts, vision: imageReader });
    const chart = await renderOnce();
    const other = { ...ctx(services, 'analyze'), runId: 'another-run' };
    await expect(analyzeChartTool.execute({ chart }, other)).rejects.toMatchObject({ code: 'artifact_missing' });
  });
});

describe('render → analyze in a plan, with and without MARKETDESK_FAULTS=render_chart=error', () => {
  const plan: Step[] = [
    { id: 'bars', tool: 'get_bars', args: { symbol: 'NVDA', from: '2026-02-15', to: '2026-05-15', warmupBars: 250 }, label: 'NVDA prices' },
    { id: 'ind', tool: 'indicators', args: { series: { $ref: 'bars' } }, label: 'NVDA indicators' },
    { id: 'chart', tool: 'render_chart', args: { kind: 'technical', symbol: 'NVDA', series: { $ref: 'bars' }, indicators: { $ref: 'ind' } }, label: 'Rendering the chart' },
    { id: 'read', tool: 'analyze_chart', args: { chart: { $ref: 'chart' }, series: { $ref: 'bars' }, indicators: { $ref: 'ind' } }, label: 'Reading the chart' },
  ];

  async function runPlan(faults: string | undefined) {
    const log = new MemoryEventLog();
    const registry = new ToolRegistry([getBarsTool, indicatorsTool, renderChartTool, chartNumericReadingTool, analyzeChartTool]);
    const services = testServices({ faults: new FaultInjector(parseFaults(faults), { random: () => 0 }) });
    const result = await executePlan(plan, {
      runId: 'r1', registry, services, emit: (type, data) => void log.append('r1', type, data), logger: testLogger,
      signal: new AbortController().signal, limits: new ConcurrencyLimits(), random: () => 0,
    });
    return { result, events: log.history('r1') as RunEvent[] };
  }

  it('announces the chart with artifact.created and reads it', async () => {
    const { result, events } = await runPlan(undefined);
    const created = events.find((e) => e.type === 'artifact.created');
    expect(created?.data).toMatchObject({ name: 'chart.png', kind: 'chart', mime: 'image/png', stepId: 'chart' });
    expect(result.outcomes.get('read')?.status).toBe('succeeded');
  });

  it('switches to the numeric reading when the renderer fails for good, and says so', async () => {
    const { result, events } = await runPlan('render_chart=error');
    const revised = events.find((e) => e.type === 'plan.revised');
    expect(revised?.data).toMatchObject({ reason: 'chart renderer failed → switched to numeric analysis', removed: ['chart'] });
    const fallbackId = (revised?.data as { added: { id: string; tool: string }[] }).added[0];
    expect(fallbackId.tool).toBe('chart_numeric_reading');
    const outcome = result.outcomes.get(fallbackId.id);
    expect(outcome?.status).toBe('succeeded');
    expect(outcome?.status === 'succeeded' && (outcome.output as ChartAnalysis).method).toBe('numeric');
    expect(events.some((e) => e.type === 'artifact.created')).toBe(false);
    expect(result.outcomes.get('read')?.status).toBe('skipped');
  });
});
