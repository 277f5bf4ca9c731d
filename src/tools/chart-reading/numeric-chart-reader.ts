/**
 * The builtin vision role: reads the chart from the numbers it was drawn from instead of its pixels. It makes the
 * observations a person would make looking at the technical chart (trend, breakouts, MA crossovers, RSI
 * divergences, volume spikes, support/resistance) and says plainly that the reading is numeric. Every figure it
 * writes comes from the bars or the IndicatorSet. For line charts (no series) it reads the key numbers.
 */
import { z } from 'zod';
import { barSeriesSchema, type BarSeries } from '../market/types.js';
import { resolveWindow, windowChangePct } from '../indicators/window.js';
import { indicatorSetSchema, type IndicatorSet } from '../indicators/indicator-set.js';
import { supportResistance } from '../indicators/support-resistance.js';
import type { CallOptions } from '../../models/spec.js';
import type { ChartAnalysis, ChartAnalysisInput, ChartObservation, VisionModel } from './vision-model.js';
import { difference, signChanges } from '../indicators/sign-changes.js';

export const NUMERIC_READER_ID = 'builtin:numeric-chart-reader';
const technicalSeriesSchema = z.object({ series: barSeriesSchema, indicators: indicatorSetSchema });

const f2 = (v: number) => v.toFixed(2);
const pct = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`;
const NOTE = 'Numeric reading: these observations are computed from the price series and indicators the chart plots, not from looking at the image.';

export class NumericChartReader implements VisionModel {
  readonly id = NUMERIC_READER_ID;
  readonly readsImage = false;

  async analyzeChart(input: ChartAnalysisInput, options: CallOptions): Promise<ChartAnalysis> {
    options.signal.throwIfAborted();
    const parsed = technicalSeriesSchema.safeParse(input.series);
    const observations = parsed.success ? readTechnical(parsed.data.series, parsed.data.indicators) : readKeyNumbers(input.keyNumbers);
    return { method: 'numeric', model: this.id, observations: [{ kind: 'method', text: NOTE }, ...observations] };
  }
}

export function readTechnical(series: BarSeries, ind: IndicatorSet): ChartObservation[] {
  const bars = series.bars;
  const n = bars.length;
  if (n === 0) return [];
  const start = Math.min(series.windowStart, n - 1);
  const last = n - 1;
  const close = bars[last].close;
  const out: ChartObservation[] = [];
  const sma50 = ind.sma50[last];
  const sma200 = ind.sma200[last];
  // Change from the window's base close (the close before it), the rule relative_performance and the chart use.
  const window = n > 1 ? resolveWindow(series) : undefined;
  const base = bars[window?.baseIndex ?? 0];
  const change = window ? windowChangePct(series, window) : 0;

  // Trend: window change, where price sits against the 50/200-day averages, and the 50-day's slope.
  const parts = [`${series.symbol} moved ${pct(change)} from the ${base.date} close (${f2(base.close)}) to ${bars[last].date} (${f2(close)})`];
  if (sma50 != null) parts.push(`the close is ${close >= sma50 ? 'above' : 'below'} the 50-day average (${f2(sma50)})`);
  if (sma200 != null) parts.push(`${close >= sma200 ? 'above' : 'below'} the 200-day (${f2(sma200)})`);
  const back = Math.max(0, last - 20);
  const slopeFrom = ind.sma50[back];
  if (sma50 != null && slopeFrom != null) parts.push(`the 50-day is ${sma50 >= slopeFrom ? 'rising' : 'falling'} (${pct(((sma50 - slopeFrom) / slopeFrom) * 100)} over 20 sessions)`);
  const direction = sma50 != null && sma200 != null ? (close > sma50 && sma50 > sma200 ? 'uptrend' : close < sma50 && sma50 < sma200 ? 'downtrend' : 'mixed trend') : change >= 0 ? 'rising' : 'falling';
  out.push({ kind: 'trend', text: `${capitalize(direction)}: ${parts.join('; ')}.` });

  // Breakout: the last close against the highest high / lowest low of the 20 sessions before it.
  if (last >= 21) {
    const prior = bars.slice(last - 20, last);
    const hi = Math.max(...prior.map((b) => b.high));
    const lo = Math.min(...prior.map((b) => b.low));
    if (close > hi) out.push({ kind: 'breakout', text: `The last close ${f2(close)} broke above the prior 20-session high of ${f2(hi)}.` });
    else if (close < lo) out.push({ kind: 'breakdown', text: `The last close ${f2(close)} broke below the prior 20-session low of ${f2(lo)}.` });
    else out.push({ kind: 'range', text: `The last close ${f2(close)} sits inside the prior 20-session range ${f2(lo)}–${f2(hi)}.` });
  }

  // Moving-average crossovers inside the window, latest first.
  const crosses = [
    ...crossings(ind.sma20, ind.sma50, start).map((c) => ({ ...c, name: (up: boolean) => `SMA20 crossed ${up ? 'above' : 'below'} SMA50` })),
    ...crossings(ind.sma50, ind.sma200, start).map((c) => ({ ...c, name: (up: boolean) => (up ? 'Golden cross: SMA50 crossed above SMA200' : 'Death cross: SMA50 crossed below SMA200') })),
  ].sort((a, b) => b.i - a.i);
  for (const c of crosses.slice(0, 3)) out.push({ kind: 'crossover', text: `${c.name(c.up)} on ${bars[c.i].date} (close ${f2(bars[c.i].close)}).` });
  if (crosses.length === 0 && ind.sma20[last] != null && sma50 != null)
    out.push({ kind: 'crossover', text: `No SMA20/SMA50 crossover in the window; SMA20 (${f2(ind.sma20[last] as number)}) is ${(ind.sma20[last] as number) >= sma50 ? 'above' : 'below'} SMA50.` });

  const rsi = ind.rsi14[last];
  if (rsi != null) out.push({ kind: 'rsi', text: `RSI(14) is ${rsi.toFixed(1)}, ${rsi > 70 ? 'overbought (above 70)' : rsi < 30 ? 'oversold (below 30)' : 'neutral (between 30 and 70)'}.` });
  out.push(...divergences(bars, ind.rsi14, Math.max(start, n - 60)));

  // Volume spikes: sessions in the last 20 with volume ≥ 2× the average of the 20 sessions before them.
  const spikes: ChartObservation[] = [];
  for (let i = Math.max(start, last - 19, 20); i <= last; i++) {
    const avg = bars.slice(i - 20, i).reduce((s, b) => s + b.volume, 0) / 20;
    if (avg > 0 && bars[i].volume >= 2 * avg)
      spikes.push({ kind: 'volume_spike', text: `Volume spike on ${bars[i].date}: ${(bars[i].volume / avg).toFixed(1)}× the 20-day average, close ${pct(((bars[i].close - bars[i - 1].close) / bars[i - 1].close) * 100)} that day.` });
  }
  out.push(...spikes.slice(-2));

  const levels = supportResistance(bars, start);
  const s = levels.support[0];
  const r = levels.resistance[0];
  if (s || r)
    out.push({
      kind: 'support_resistance',
      text: [s ? `nearest support ${f2(s.price)} (${s.touches} touch${s.touches > 1 ? 'es' : ''}, ${s.distancePct.toFixed(2)}% away)` : 'no support level below the close in the window', r ? `nearest resistance ${f2(r.price)} (${r.touches} touch${r.touches > 1 ? 'es' : ''}, +${r.distancePct.toFixed(2)}% away)` : 'no resistance above: price is at the top of its window range']
        .map((t, k) => (k === 0 ? capitalize(t) : t))
        .join('; ') + '.',
    });

  const upper = ind.bollinger.upper[last];
  const lower = ind.bollinger.lower[last];
  if (upper != null && lower != null && (close > upper || close < lower))
    out.push({ kind: 'bollinger', text: `The close ${f2(close)} is ${close > upper ? `above the upper Bollinger band (${f2(upper)})` : `below the lower Bollinger band (${f2(lower)})`}.` });
  return out;
}

/** Where line a crosses line b at or after `from` — the same rule technicals_summary uses (touches are not crosses). */
function crossings(a: readonly (number | null)[], b: readonly (number | null)[], from: number): { i: number; up: boolean }[] {
  return signChanges(difference(a, b), from).map((change) => ({ i: change.index, up: change.sign > 0 }));
}

/** Swing highs/lows (a bar beyond the 3 on each side; the last bar counts with only its left side). */
function swings(values: readonly number[], from: number, high: boolean): number[] {
  const out: number[] = [];
  const beats = (a: number, b: number) => (high ? a > b : a < b);
  for (let i = from; i < values.length; i++) {
    let ok = true;
    for (let k = 1; k <= 3 && ok; k++) {
      if (i - k >= from && !beats(values[i], values[i - k])) ok = false;
      if (i + k < values.length && !beats(values[i], values[i + k]) && values[i] !== values[i + k]) ok = false;
    }
    if (ok && i - 3 >= from) out.push(i);
  }
  return out;
}

/** Regular divergences over the last swings: price makes a higher high while RSI makes a lower one, or the reverse at lows. */
export function divergences(bars: BarSeries['bars'], rsi: readonly (number | null)[], from: number): ChartObservation[] {
  const out: ChartObservation[] = [];
  const closes = bars.map((b) => b.close);
  for (const high of [true, false]) {
    const points = swings(closes, from, high).filter((i) => rsi[i] != null);
    if (points.length < 2) continue;
    const [a, b] = points.slice(-2);
    const [pa, pb, ra, rb] = [closes[a], closes[b], rsi[a] as number, rsi[b] as number];
    if (high && pb > pa && rb < ra)
      out.push({ kind: 'divergence', text: `Bearish RSI divergence: the close made a higher high (${f2(pa)} on ${bars[a].date} → ${f2(pb)} on ${bars[b].date}) while RSI made a lower high (${ra.toFixed(1)} → ${rb.toFixed(1)}).` });
    if (!high && pb < pa && rb > ra)
      out.push({ kind: 'divergence', text: `Bullish RSI divergence: the close made a lower low (${f2(pa)} on ${bars[a].date} → ${f2(pb)} on ${bars[b].date}) while RSI made a higher low (${ra.toFixed(1)} → ${rb.toFixed(1)}).` });
  }
  return out;
}

/** Line charts: rank the returns the chart labels. */
function readKeyNumbers(keyNumbers: ChartAnalysisInput['keyNumbers']): ChartObservation[] {
  const returns = Object.entries(keyNumbers)
    .filter(([k, v]) => k.endsWith('.returnPct') && typeof v === 'number')
    .map(([k, v]) => ({ symbol: k.slice(0, -'.returnPct'.length), value: v as number }))
    .sort((a, b) => b.value - a.value);
  const out: ChartObservation[] = [];
  if (returns.length > 0) {
    const window = keyNumbers.from && keyNumbers.to ? ` from ${keyNumbers.from} to ${keyNumbers.to}` : '';
    out.push({ kind: 'ranking', text: `Rebased to 100${window}: ${returns.map((r) => `${r.symbol} ${pct(r.value)}`).join(', ')}.` });
    if (returns.length > 1) out.push({ kind: 'leader', text: `${returns[0].symbol} led and ${returns[returns.length - 1].symbol} lagged, a spread of ${(returns[0].value - returns[returns.length - 1].value).toFixed(2)} percentage points.` });
  }
  for (const [k, v] of Object.entries(keyNumbers))
    if (k.endsWith('.vsBenchmarkPp') && typeof v === 'number')
      out.push({ kind: 'relative', text: `${k.slice(0, -'.vsBenchmarkPp'.length)} ${v >= 0 ? 'outperformed' : 'underperformed'} ${keyNumbers.benchmark ?? 'the benchmark'} by ${Math.abs(v).toFixed(2)} percentage points.` });
  return out;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
