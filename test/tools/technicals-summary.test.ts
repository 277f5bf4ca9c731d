import { describe, expect, it } from 'vitest';
import { technicalsSummaryTool } from '../../src/tools/technicals-summary.js';
import { technicalsSummarySchema } from '../../src/tools/indicators/technicals-summary-schema.js';
import { computeIndicatorSet } from '../../src/tools/indicators/compute-indicator-set.js';
import type { BarSeries } from '../../src/tools/market/types.js';
import { computeContext } from './indicators/tool-context.js';
import { loadSeries } from './indicators/load-market-csv.js';
import { syntheticSeries } from './indicators/synthetic-series.js';

const run = (series: BarSeries) => technicalsSummaryTool.execute({ series, indicators: computeIndicatorSet(series) }, computeContext());

/** Independent, naive SMA for cross-checking. */
const naiveSma = (closes: number[], i: number, period: number) =>
  i + 1 < period ? null : closes.slice(i + 1 - period, i + 1).reduce((a, b) => a + b, 0) / period;

describe('tool technicals_summary', () => {
  it('reads NVDA on the offline dataset: schema-valid, and every figure traceable to the bars', async () => {
    const series = loadSeries('NVDA', '2026-02-13', '2026-05-15', 252);
    const t = await run(series);
    expect(technicalsSummarySchema.safeParse(t).success).toBe(true);
    expect(t).toMatchObject({ symbol: 'NVDA', asOf: '2026-05-15', close: 225.32, window: { from: '2026-02-13', to: '2026-05-15' } });
    const year = series.bars.slice(-252);
    const high = Math.max(...year.map((b) => b.high));
    const low = Math.min(...year.map((b) => b.low));
    expect(t.range52w).toMatchObject({ high, low, sessions: 252, partial: false });
    expect(t.range52w.fromHighPct).toBeCloseTo((225.32 / high - 1) * 100, 1);
    expect(year.find((b) => b.high === high)!.date).toBe(t.range52w.highDate);
    const closes = series.bars.map((b) => b.close);
    expect(t.trend.sma50!.value).toBeCloseTo(naiveSma(closes, closes.length - 1, 50)!, 3);
    expect(t.trend.sma200!.value).toBeCloseTo(naiveSma(closes, closes.length - 1, 200)!, 3);
    const lookback = series.bars.slice(-t.levels.lookbackSessions);
    for (const level of [...t.levels.support, ...t.levels.resistance]) {
      expect(level.price).toBeGreaterThanOrEqual(Math.min(...lookback.map((b) => b.low)) - 0.01);
      expect(level.price).toBeLessThanOrEqual(Math.max(...lookback.map((b) => b.high)) + 0.01);
    }
    for (const cross of t.crossovers) {
      expect(cross.date >= t.window.from).toBe(true);
      expect(series.bars.find((b) => b.date === cross.date)!.close).toBe(cross.close);
    }
    expect(t.rsi!.regime).toBe(t.rsi!.value > 70 ? 'overbought' : t.rsi!.value < 30 ? 'oversold' : 'neutral');
    const summary = technicalsSummaryTool.summarize!(t);
    expect(summary.startsWith(`NVDA: ${t.trend.direction}`)).toBe(true);
    expect(summary).toContain(`RSI ${t.rsi!.value.toFixed(1)}`);
  });

  it('dates a golden cross and the close crossing SMA 50 where a naive recomputation puts them', async () => {
    // 200 sessions sliding from 150 to 100, then a 100-session rally to 180: SMA 50 crosses above SMA 200.
    const closes = [...Array.from({ length: 200 }, (_, i) => 150 - i * 0.25), ...Array.from({ length: 100 }, (_, i) => 100 + (i + 1) * 0.8)];
    const series = syntheticSeries('SYN', closes, 200);
    const t = await run(series);
    let golden = -1;
    let priceAbove = -1;
    for (let i = 200; i < closes.length; i++) {
      const [a0, b0, a1, b1] = [naiveSma(closes, i - 1, 50)!, naiveSma(closes, i - 1, 200)!, naiveSma(closes, i, 50)!, naiveSma(closes, i, 200)!];
      if (golden < 0 && a0 <= b0 && a1 > b1) golden = i;
      if (priceAbove < 0 && closes[i - 1] <= naiveSma(closes, i - 1, 50)! && closes[i] > a1) priceAbove = i;
    }
    expect(golden).toBeGreaterThan(0);
    expect(t.crossovers).toContainEqual({ date: series.bars[golden].date, kind: 'golden_cross', close: closes[golden] });
    expect(t.crossovers).toContainEqual({ date: series.bars[priceAbove].date, kind: 'price_above_sma50', close: closes[priceAbove] });
    expect(t.crossovers.some((c) => c.kind === 'death_cross')).toBe(false);
    expect(t.trend.direction).toBe('uptrend');
    expect(t.trend.sma50VsSma200).toBe('above');
    expect(t.rsi!.regime).toBe('overbought'); // 100 straight up-days
    expect(t.macd!.state).toBe('bullish');
    expect(t.levels.resistance).toEqual([]);
    expect(t.notes.some((note) => note.includes('no swing high above the last close'))).toBe(true);
    expect(t.range52w.partial).toBe(false);
    expect(t.range52w.fromHighPct).toBeCloseTo((180 / (180 * 1.01) - 1) * 100, 2);
  });

  it('reads a falling series as a downtrend, oversold, below the lower band', async () => {
    // An accelerating rise (MACD above its signal; a straight ramp would leave them exactly equal) that turns into a steady slide.
    const closes = [...Array.from({ length: 80 }, (_, i) => 88 + 0.002 * i * i), ...Array.from({ length: 40 }, (_, i) => 100 - (i + 1) * 1.5)];
    const t = await run(syntheticSeries('DOWN', closes, 60));
    expect(t.trend.direction).toBe('downtrend');
    expect(t.rsi!.regime).toBe('oversold');
    expect(t.macd!.state).toBe('bearish');
    expect(t.macd!.lastCrossover?.direction).toBe('bearish');
    expect(t.macd!.lastCrossover!.date > '2024-04-19').toBe(true); // after bar 79, where the slide starts
    expect(t.trend.sma200).toBeNull();
    expect(t.notes.some((note) => note.startsWith('SMA 200 needs 200 sessions'))).toBe(true);
    expect(t.range52w).toMatchObject({ partial: true, sessions: 120 });
    expect(['below_lower', 'lower_half']).toContain(t.bollinger!.position);
    expect(t.bollinger!.percentB!).toBeLessThan(0.5);
  });

  it('compacts crossovers to the latest six and keeps the count', async () => {
    // A sine wave crosses its SMA 50 many times.
    const closes = Array.from({ length: 400 }, (_, i) => 100 + 10 * Math.sin(i / 6));
    const t = await run(syntheticSeries('SINE', closes, 100));
    expect(t.crossovers.length).toBeGreaterThan(6);
    const compact = technicalsSummaryTool.compact!(t) as { crossovers: unknown[]; crossoverCount: number };
    expect(compact.crossovers).toEqual(t.crossovers.slice(-6));
    expect(compact.crossoverCount).toBe(t.crossovers.length);
  });

  it('rejects indicators from another series, and too-short series', async () => {
    const nvda = loadSeries('NVDA', '2026-02-13', '2026-05-15', 252);
    const amd = loadSeries('AMD', '2026-02-13', '2026-05-15', 252);
    await expect(technicalsSummaryTool.execute({ series: nvda, indicators: computeIndicatorSet(amd) }, computeContext())).rejects.toMatchObject({
      code: 'tool_input_invalid',
    });
    const short = { ...nvda, bars: nvda.bars.slice(-60), windowStart: 0 };
    await expect(technicalsSummaryTool.execute({ series: short, indicators: computeIndicatorSet(nvda) }, computeContext())).rejects.toMatchObject({
      code: 'tool_input_invalid',
    });
    const tiny = { ...nvda, bars: nvda.bars.slice(-10), windowStart: 0 };
    await expect(technicalsSummaryTool.execute({ series: tiny, indicators: computeIndicatorSet(nvda) }, computeContext())).rejects.toMatchObject({
      code: 'insufficient_data',
    });
  });
});
