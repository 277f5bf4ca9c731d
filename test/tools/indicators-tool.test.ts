import { describe, expect, it } from 'vitest';
import { indicatorsTool } from '../../src/tools/indicators-tool.js';
import { indicatorSetSchema } from '../../src/tools/indicators/indicator-set.js';
import { BotError } from '../../src/errors.js';
import { computeContext } from './indicators/tool-context.js';
import { loadSeries } from './indicators/load-market-csv.js';

describe('tool indicators', () => {
  const series = loadSeries('NVDA', '2026-02-13', '2026-05-15', 252);

  it('returns lines aligned with the bars, warmed up before the window, and valid against its schema', async () => {
    const set = await indicatorsTool.execute({ series }, computeContext());
    expect(indicatorSetSchema.safeParse(set).success).toBe(true);
    expect(set.dates).toEqual(series.bars.map((bar) => bar.date));
    expect(set.windowStart).toBe(series.windowStart);
    for (const line of [set.sma20, set.sma50, set.sma200, set.ema20, set.rsi14, set.macd.macd, set.bollinger.upper]) {
      expect(line).toHaveLength(series.bars.length);
      // 252 warm-up sessions: every line is defined for the whole window, and nothing is NaN.
      for (const value of line.slice(set.windowStart)) expect(Number.isFinite(value)).toBe(true);
    }
    expect(set.last).toMatchObject({ date: '2026-05-15', close: 225.32, sma200: set.sma200.at(-1), rsi14: set.rsi14.at(-1), macd: set.macd.macd.at(-1) });
    // Bollinger middle is the SMA 20 itself.
    expect(set.bollinger.middle.at(-1)).toBe(set.sma20.at(-1));
  });

  it('summarizes in one line and compacts without arrays', async () => {
    const set = await indicatorsTool.execute({ series }, computeContext());
    const summary = indicatorsTool.summarize!(set);
    expect(summary).toContain('NVDA indicators to 2026-05-15');
    expect(summary).toContain(`RSI 14 ${set.last.rsi14!.toFixed(1)}`);
    const compact = indicatorsTool.compact!(set) as Record<string, unknown>;
    expect(compact).toMatchObject({ symbol: 'NVDA', from: '2026-02-13', to: '2026-05-15', warmupBars: 252 });
    expect(JSON.stringify(compact)).not.toContain('[null');
    expect(JSON.stringify(compact).length).toBeLessThan(1000);
  });

  it('keeps nulls where history is too short instead of inventing values', async () => {
    const short = loadSeries('NVDA', '2026-04-01', '2026-05-15');
    const set = await indicatorsTool.execute({ series: short }, computeContext());
    expect(short.bars.length).toBeLessThan(50);
    expect(set.last.sma50).toBeNull();
    expect(set.last.sma200).toBeNull();
    expect(set.last.sma20).not.toBeNull();
  });

  it('throws insufficient_data for a too-short series and tool_input_invalid for unordered bars', async () => {
    const tiny = { ...series, bars: series.bars.slice(-5), windowStart: 0 };
    await expect(indicatorsTool.execute({ series: tiny }, computeContext())).rejects.toMatchObject({ code: 'insufficient_data' });
    const shuffled = { ...series, bars: [...series.bars.slice(0, 30)].reverse(), windowStart: 0 };
    const error = await indicatorsTool.execute({ series: shuffled }, computeContext()).catch((e: unknown) => e);
    expect(BotError.is(error) && error.code).toBe('tool_input_invalid');
  });

  it('is pure compute: no retries, compute concurrency key, input schema rejects a malformed series', () => {
    expect(indicatorsTool.retry).toEqual({ retries: 0 });
    expect(indicatorsTool.concurrencyKey).toBe('compute');
    expect(indicatorsTool.input.safeParse({ series: { symbol: 'X', bars: [{ date: '2026-01-02', close: 'abc' }] } }).success).toBe(false);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(indicatorsTool.execute({ series }, computeContext(controller.signal))).rejects.toThrow('cancelled by test');
  });
});
