import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { BotError } from '../../../src/errors.js';
import { ChartRenderer, type RenderedChart } from '../../../src/render/charts/chart-renderer.js';
import { ChartTemplate } from '../../../src/render/charts/chart-template.js';
import { fitSvgCanvas } from '../../../src/render/charts/svg-to-png.js';
import { CHART_SIZES } from '../../../src/render/charts/chart-size.js';
import { technicalChartData } from '../../../src/render/charts/technical-chart-data.js';
import { computeRelativePerformance } from '../../../src/tools/indicators/compute-relative-performance.js';
import { computeIndicators, loadSeries } from './fixtures.js';
import { windowBaseIndex } from '../../../src/tools/market/types.js';
import { technicalChartInput } from '../../../src/tools/chart-input.js';

const END = '2026-05-15';
/** The default rasterizer (Skia) makes the PNGs; the librsvg renderer's SVG is what text assertions read. */
const renderer = new ChartRenderer({ cacheBytes: 0 });
const svgRenderer = new ChartRenderer({ cacheBytes: 0, rasterizer: 'librsvg' });
const nvda = loadSeries('NVDA', 250, 250, END);
const nvdaIndicators = computeIndicators(nvda);

/** Fraction of pixels that are not (near) white, and the number of distinct grey levels: a blank PNG has neither. */
async function ink(png: Buffer): Promise<{ width: number; height: number; inked: number; levels: number; channels: number }> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let inked = 0;
  const levels = new Set<number>();
  for (let i = 0; i < data.length; i += info.channels) {
    if (data[i] < 235) inked++;
    levels.add(data[i]);
  }
  const meta = await sharp(png).metadata();
  return { width: info.width, height: info.height, inked: inked / (info.width * info.height), levels: levels.size, channels: meta.channels ?? 0 };
}

/** Greyscale difference of two same-size PNGs: mean |Δ| and the share of pixels that differ by more than 96 levels. */
async function difference(a: Buffer, b: Buffer): Promise<{ mean: number; strong: number }> {
  const [ga, gb] = await Promise.all([a, b].map((png) => sharp(png).greyscale().raw().toBuffer()));
  expect(ga.length).toBe(gb.length);
  let sum = 0;
  let strong = 0;
  for (let i = 0; i < ga.length; i++) {
    const d = Math.abs(ga[i] - gb[i]);
    sum += d;
    if (d > 96) strong++;
  }
  return { mean: sum / ga.length, strong: strong / ga.length };
}

async function samePixels(a: string, b: string): Promise<boolean> {
  const [pa, pb] = await Promise.all([a, b].map((svg) => sharp(Buffer.from(fitSvgCanvas(svg, 1456, 816))).raw().toBuffer()));
  return pa.equals(pb);
}

const svgSize = (svg: string) => {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('technical chart', () => {
  let chat: RenderedChart;
  let vision: RenderedChart;
  let chatSvg: RenderedChart & { svg: string };
  beforeAll(async () => {
    chat = await renderer.render(technicalChartInput('NVDA', nvda, nvdaIndicators), 'chat');
    vision = await renderer.render(technicalChartInput('NVDA', nvda, nvdaIndicators), 'vision');
    chatSvg = (await svgRenderer.render(technicalChartInput('NVDA', nvda, nvdaIndicators), 'chat')) as typeof chatSvg;
  });

  it('is drawn by Skia by default, by librsvg (with its SVG) on request', () => {
    expect(chat.rasterizer).toBe('skia');
    expect(chat.svg).toBeUndefined();
    expect(chatSvg.rasterizer).toBe('librsvg');
    expect(chatSvg.svg).toContain('<svg');
  });

  it('has the chat size (1400×900 at density 2) and the vision size (1456×816, long edge ≤ 1568)', async () => {
    const a = await ink(chat.png);
    expect([a.width, a.height]).toEqual([2800, 1800]);
    const b = await ink(vision.png);
    expect([b.width, b.height]).toEqual([1456, 816]);
    expect(Math.max(b.width, b.height)).toBeLessThanOrEqual(1568);
    expect(b.width * b.height).toBeLessThan(1.2e6);
  });

  it('the drawing fits its canvas: nothing is cropped to reach the exact size', () => {
    // The size vega laid the drawing out at is the SVG's own size (before fitSvgCanvas)…
    expect(/viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(chatSvg.svg)).not.toBeNull();
    expect(chatSvg.drawn).toEqual(svgSize(chatSvg.svg));
    expect(chat.drawn).toEqual(chatSvg.drawn);
    // …and no larger than the target, whichever rasterizer draws it.
    for (const r of [chat, vision, chatSvg]) {
      const size = CHART_SIZES[r.size];
      expect(r.drawn.width).toBeLessThanOrEqual(size.width);
      expect(r.drawn.height).toBeLessThanOrEqual(size.height);
      expect(r.drawn.width).toBeGreaterThan(size.width * 0.9);
    }
  });

  it('Skia draws the same picture as librsvg: text, candles and lines land on the same pixels', async () => {
    const same = await difference(chat.png, chatSvg.png);
    // Anti-aliasing and glyph hinting differ a little; a missing label, a shifted panel or another font would not.
    expect(same.mean).toBeLessThan(3);
    expect(same.strong).toBeLessThan(0.01);
    // The measure can fail: another ticker's chart, same rasterizer, is far apart on both counts.
    const amd = loadSeries('AMD', 250, 250, END);
    const other = await renderer.render(technicalChartInput('AMD', amd, computeIndicators(amd)), 'chat');
    const apart = await difference(chat.png, other.png);
    expect(apart.mean).toBeGreaterThan(3 * same.mean);
    expect(apart.strong).toBeGreaterThan(0.02);
  });

  it('is not blank: candles, lines and text leave ink and many grey levels (anti-aliasing)', async () => {
    const a = await ink(chat.png);
    expect(a.inked).toBeGreaterThan(0.04);
    expect(a.inked).toBeLessThan(0.6);
    expect(a.levels).toBeGreaterThan(50);
    const flat = await ink(chatSvg.png);
    expect(flat.channels).toBe(3); // librsvg's output is flattened on white
    // Skia's PNG keeps an alpha channel (dropping it costs more than it saves) but every pixel is opaque.
    const stats = await sharp(chat.png).stats();
    expect(stats.channels.length).toBe(4);
    expect(stats.channels[3].min).toBe(255);
  });

  it('prints the key numbers as text, computed from the bars and indicators', () => {
    const last = nvda.bars[nvda.bars.length - 1];
    const first = nvda.bars[windowBaseIndex(nvda)]; // the close before the window, as relative_performance measures
    expect(chat.keyNumbers.lastClose).toBeCloseTo(last.close, 2);
    expect(chat.keyNumbers.changePct).toBeCloseTo(((last.close - first.close) / first.close) * 100, 2);
    expect(chat.keyNumbers.rsi14).toBeCloseTo(nvdaIndicators.last.rsi14 as number, 2);
    expect(chat.keyNumbers.sma50).toBeCloseTo(nvdaIndicators.last.sma50 as number, 2);
    expect(chat.keyNumbers.to).toBe(END);
    expect(chatSvg.svg).toContain(`Last close ${last.close.toFixed(2)}`);
    expect(chatSvg.svg).toContain(`SMA50 ${(nvdaIndicators.last.sma50 as number).toFixed(2)}`);
    expect(chatSvg.svg).toMatch(/RSI\(14\) \d+\.\d/);
    expect(chatSvg.svg).toContain('font-family="DejaVu Sans"');
    expect(chat.alt).toContain(`last close ${last.close.toFixed(2)}`);
  });

  it('uses trading days only (ordinal x): one candle per session, no weekend gaps', () => {
    // Layer 3 of the price panel: the candle bodies (after the asked-window backdrop, the Bollinger band and the wicks).
    const bodies = chatSvg.svg.match(/class="mark-rect role-mark concat_0_layer_3_marks"[^]*?<\/g>/)?.[0] ?? '';
    expect((bodies.match(/<path/g) ?? []).length).toBe(nvda.bars.length - nvda.windowStart);
    expect(chatSvg.svg).not.toMatch(/Sat|Sun/);
    // One wick per session plus axes: constant rules (RSI 30/70) must not be repeated per row.
    expect((chatSvg.svg.match(/<line/g) ?? []).length).toBeLessThan(nvda.bars.length - nvda.windowStart + 100);
  });

  it('renders the same SVG and the same PNG whatever the process time zone', async () => {
    const before = process.env.TZ;
    const input = technicalChartInput('NVDA', nvda, nvdaIndicators);
    try {
      const here = await svgRenderer.render(input, 'vision');
      process.env.TZ = 'Pacific/Kiritimati';
      const far = await svgRenderer.render(input, 'vision');
      const farPng = await renderer.render(input, 'vision');
      process.env.TZ = 'America/Los_Angeles';
      const west = await svgRenderer.render(input, 'vision');
      const westPng = await renderer.render(input, 'vision');
      expect(far.svg).toBe(west.svg);
      expect(far.svg).toBe(here.svg);
      expect(farPng.png.equals(westPng.png)).toBe(true);
      expect(farPng.png.equals(vision.png)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('rejects indicators that do not line up with the bars, and windows too short to draw', async () => {
    const shifted = { ...nvdaIndicators, dates: nvdaIndicators.dates.slice(1), sma20: nvdaIndicators.sma20.slice(1) };
    await expect(renderer.render(technicalChartInput('NVDA', nvda, shifted), 'vision')).rejects.toMatchObject({ code: 'chart_input_invalid' });
    const tiny = { ...nvda, windowStart: nvda.bars.length - 1 };
    await expect(renderer.render(technicalChartInput('NVDA', tiny, nvdaIndicators), 'vision')).rejects.toMatchObject({ code: 'chart_input_invalid' });
  });
});

describe('line charts', () => {
  it('relative performance: lines rebased to 100, each labelled with its % change, no legend', async () => {
    const series = ['NVDA', '^SOX', 'SMH'].map((s) => loadSeries(s, 63, 0, END));
    const from = series[1].bars[0].date;
    const perf = computeRelativePerformance({ series, benchmark: '^SOX', from, to: END, alts: ['SMH'] });
    const chart = await svgRenderer.render({ kind: 'relative', performance: perf }, 'chat');
    const a = await ink((await renderer.render({ kind: 'relative', performance: perf }, 'chat')).png);
    expect([a.width, a.height]).toEqual([2800, 1800]);
    expect(a.inked).toBeGreaterThan(0.01);
    for (const row of perf.rows) {
      const sign = row.returnPct >= 0 ? '+' : '\u2212';
      // One decimal, as the answer prints it.
      expect(chart.svg).toContain(`${row.symbol} ${sign}${Math.abs(row.returnPct).toFixed(1)}%`);
      expect(chart.keyNumbers[`${row.symbol}.returnPct`]).toBe(row.returnPct);
    }
    expect(chart.svg).not.toContain('role-legend');
    expect(a.levels).toBeGreaterThan(50);
    expect(chart.keyNumbers['NVDA.vsBenchmarkPp']).toBe(perf.rows[0].vsBenchmarkPp);
  });

  it('comparison: up to 8 tickers rebased at the first close in the window; more is a clear error', async () => {
    const symbols = ['NVDA', 'AMD', 'INTC', 'AVGO', 'QCOM', 'TSM'];
    const series = symbols.map((s) => loadSeries(s, 120, 0, END));
    const from = series[0].bars[0].date;
    const chart = await renderer.render({ kind: 'comparison', series, from, to: END }, 'vision');
    expect([chart.width, chart.height]).toEqual([1456, 816]);
    for (const s of series) {
      const bars = s.bars.filter((b) => b.date >= from);
      const pct = (bars[bars.length - 1].close / bars[0].close - 1) * 100;
      expect(chart.keyNumbers[`${s.symbol}.returnPct`]).toBeCloseTo(pct, 2);
    }
    const nine = Array.from({ length: 9 }, (_, i) => ({ ...series[0], symbol: `X${i}` }));
    await expect(renderer.render({ kind: 'comparison', series: nine, from, to: END }, 'vision')).rejects.toThrow(/too many lines/);
    await expect(renderer.render({ kind: 'comparison', series, from: END, to: from }, 'vision')).rejects.toMatchObject({ code: 'chart_input_invalid' });
  });
});

describe('chart template', () => {
  it('is compiled once per kind and size and reused', () => {
    const a = renderer.template('technical', CHART_SIZES.chat);
    expect(renderer.template('technical', CHART_SIZES.chat)).toBe(a);
    expect(renderer.template('relative', CHART_SIZES.chat)).toBe(renderer.template('comparison', CHART_SIZES.chat));
    expect(renderer.template('technical', CHART_SIZES.vision)).not.toBe(a);
  });

  it('reuses its View without leaking one chart into the next, also under concurrent renders', async () => {
    const size = CHART_SIZES.vision;
    const amd = loadSeries('AMD', 60, 250, END);
    const a = technicalChartData(technicalChartInput(nvda.symbol, nvda, nvdaIndicators), size);
    const b = technicalChartData(technicalChartInput(amd.symbol, amd, computeIndicators(amd)), size);
    const fresh = async (binding: typeof a) => {
      const template = renderer.template('technical', size);
      const own = new ChartTemplate('fresh', template.spec);
      try {
        return (await own.renderSvg(binding)).svg;
      } finally {
        own.dispose();
      }
    };
    const shared = renderer.template('technical', size);
    const [sa, sb, sa2] = await Promise.all([shared.renderSvg(a), shared.renderSvg(b), shared.renderSvg(a)]);
    expect(await samePixels(sb.svg, sa.svg)).toBe(false);
    // A reused View may emit unchanged items in another order, so compare what is drawn, pixel for pixel.
    expect(await samePixels(sa2.svg, sa.svg)).toBe(true);
    expect(await samePixels(sa.svg, await fresh(a))).toBe(true);
    expect(await samePixels(sb.svg, await fresh(b))).toBe(true);
    // The same through the Skia rasterizer: one View, concurrent renders, each PNG its own chart.
    const skia = renderer.rasterizer;
    const [pa, pb, pa2] = await Promise.all([a, b, a].map((binding) => shared.render(binding, skia, size)));
    expect(pa.png.equals(pb.png)).toBe(false);
    expect(pa2.png.equals(pa.png)).toBe(true);
    // A binding that omits a dataset gets no rows for it, not the previous chart's.
    const noEvents = await shared.renderSvg({ ...b, data: { ...b.data, events: undefined as never } });
    expect(await samePixels(noEvents.svg, await fresh({ ...b, data: { ...b.data, events: [] } }))).toBe(true);
  });

  it('loads nothing: a spec that names a URL fails instead of fetching', async () => {
    const template = new ChartTemplate('remote', {
      data: { url: 'http://127.0.0.1:9/data.json' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    });
    const error = await template.renderSvg({ data: {} }).catch((e: unknown) => e);
    expect(BotError.is(error)).toBe(true);
    expect((error as BotError).code).toMatch(/render_external_resource|render_failed/);
  });
});

describe('render cache', () => {
  it('shares one render between identical concurrent and later requests, and never between different inputs', async () => {
    const cached = new ChartRenderer();
    const input = technicalChartInput('NVDA', nvda, nvdaIndicators);
    const [a, b] = await Promise.all([cached.render(input, 'vision'), cached.render(input, 'vision')]);
    expect(b).toBe(a);
    expect(await cached.render(input, 'vision')).toBe(a);
    const shorter = { ...input, series: { ...nvda, bars: nvda.bars.slice(0, -1) }, indicators: nvdaIndicators };
    await expect(cached.render(shorter, 'vision')).rejects.toThrow(); // misaligned indicators: a fresh render, not a hit
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(cached.render(input, 'vision', { signal: controller.signal })).rejects.toThrow('caller gave up');
  });
});
