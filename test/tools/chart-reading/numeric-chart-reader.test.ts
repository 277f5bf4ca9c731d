import { describe, expect, it } from 'vitest';
import { NumericChartReader, divergences, readTechnical } from '../../../src/tools/chart-reading/numeric-chart-reader.js';
import { computeIndicatorSet } from '../../../src/tools/indicators/compute-indicator-set.js';
import type { Bar, BarSeries } from '../../../src/tools/market/types.js';
import { computeIndicators, loadSeries } from '../../render/charts/fixtures.js';

const signal = new AbortController().signal;

/** Weekday dates from 2025-01-01, closes from `closes`, a 1% high/low band and flat volume. */
function synthetic(closes: number[], volume = 1_000_000): BarSeries {
  const bars: Bar[] = [];
  const day = new Date(Date.UTC(2025, 0, 1));
  for (const close of closes) {
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    bars.push({ date: day.toISOString().slice(0, 10), open: close, high: close * 1.01, low: close * 0.99, close, volume });
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return { symbol: 'TEST', bars, windowStart: Math.max(0, bars.length - 120), source: 'synthetic', asOf: bars[bars.length - 1].date };
}

describe('numeric chart reader (builtin vision)', () => {
  it('says it is numeric and reads a real chart’s trend with the real numbers', async () => {
    const series = loadSeries('NVDA', 125, 250, '2026-05-15');
    const indicators = computeIndicators(series);
    const analysis = await new NumericChartReader().analyzeChart({ keyNumbers: {}, series: { series, indicators }, context: 'NVDA' }, { signal });
    expect(analysis.method).toBe('numeric');
    expect(analysis.model).toBe('builtin:numeric-chart-reader');
    expect(analysis.observations[0]).toMatchObject({ kind: 'method' });
    expect(analysis.observations[0].text).toMatch(/numeric/i);
    const trend = analysis.observations.find((o) => o.kind === 'trend')!;
    const last = series.bars[series.bars.length - 1];
    expect(trend.text).toContain(last.close.toFixed(2));
    expect(trend.text).toContain((indicators.last.sma50 as number).toFixed(2));
    expect(analysis.observations.find((o) => o.kind === 'rsi')?.text).toContain((indicators.last.rsi14 as number).toFixed(1));
    expect(analysis.observations.some((o) => o.kind === 'support_resistance')).toBe(true);
  });

  it('spots a breakout above the prior 20-session high and a volume spike', () => {
    const closes = Array.from({ length: 260 }, (_, i) => 100 + Math.sin(i / 3) * 2);
    closes.push(110);
    const series = synthetic(closes);
    series.bars[series.bars.length - 1].volume = 3_000_000;
    const obs = readTechnical(series, computeIndicatorSet(series));
    const breakout = obs.find((o) => o.kind === 'breakout');
    const priorHigh = Math.max(...series.bars.slice(-21, -1).map((b) => b.high));
    expect(breakout?.text).toContain(`prior 20-session high of ${priorHigh.toFixed(2)}`);
    const spike = obs.find((o) => o.kind === 'volume_spike');
    expect(spike?.text).toContain(series.bars[series.bars.length - 1].date);
    expect(spike?.text).toContain('3.0×');
  });

  it('reports a range, not a breakout, when the close stays inside it', () => {
    const series = synthetic(Array.from({ length: 260 }, (_, i) => 100 + Math.sin(i / 3) * 2));
    const obs = readTechnical(series, computeIndicatorSet(series));
    expect(obs.some((o) => o.kind === 'breakout' || o.kind === 'breakdown')).toBe(false);
    expect(obs.some((o) => o.kind === 'range')).toBe(true);
    expect(obs.some((o) => o.kind === 'volume_spike')).toBe(false);
  });

  it('dates the SMA20/SMA50 crossover where the averages actually cross', () => {
    // Down for 150 sessions then up: SMA20 crosses back above SMA50 after the turn.
    const closes = [...Array.from({ length: 230 }, (_, i) => 200 - i * 0.5), ...Array.from({ length: 60 }, (_, i) => 85 + i * 1.5)];
    const series = synthetic(closes);
    const ind = computeIndicatorSet(series);
    let crossIndex = -1;
    for (let i = series.windowStart + 1; i < closes.length; i++) {
      const [a0, b0, a1, b1] = [ind.sma20[i - 1], ind.sma50[i - 1], ind.sma20[i], ind.sma50[i]];
      if (a0 != null && b0 != null && a1 != null && b1 != null && a0 <= b0 && a1 > b1) crossIndex = i;
    }
    expect(crossIndex).toBeGreaterThan(0);
    const cross = readTechnical(series, ind).find((o) => o.kind === 'crossover' && o.text.startsWith('SMA20'));
    expect(cross?.text).toBe(`SMA20 crossed above SMA50 on ${series.bars[crossIndex].date} (close ${closes[crossIndex].toFixed(2)}).`);
  });

  it('finds a bearish RSI divergence: higher price high, lower RSI high', () => {
    const closes = [10, 11, 12, 20, 12, 11, 10, 11, 12, 13, 22, 13, 12, 11];
    const rsi = closes.map((_, i) => (i === 3 ? 80 : i === 10 ? 66 : 50));
    const bars = synthetic(closes).bars;
    const obs = divergences(bars, rsi, 0);
    expect(obs).toHaveLength(1);
    expect(obs[0].text).toMatch(/^Bearish RSI divergence/);
    expect(obs[0].text).toContain('80.0 → 66.0');
    // Same prices with RSI confirming the new high: no divergence.
    expect(divergences(bars, closes.map((_, i) => (i === 3 ? 66 : i === 10 ? 80 : 50)), 0)).toHaveLength(0);
  });

  it('reads line charts from their key numbers (ranking and vs-benchmark spread)', async () => {
    const analysis = await new NumericChartReader().analyzeChart(
      { keyNumbers: { benchmark: '^SOX', from: '2026-02-17', to: '2026-05-15', 'NVDA.returnPct': 21.81, '^SOX.returnPct': 42.43, 'NVDA.vsBenchmarkPp': -20.62 }, context: 'relative' },
      { signal },
    );
    const texts = analysis.observations.map((o) => o.text).join('\n');
    expect(texts).toContain('^SOX +42.43%, NVDA +21.81%');
    expect(texts).toContain('NVDA underperformed ^SOX by 20.62 percentage points');
  });

  it('honours cancellation', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(new NumericChartReader().analyzeChart({ keyNumbers: {}, context: '' }, { signal: controller.signal })).rejects.toThrow('stop');
  });
});
