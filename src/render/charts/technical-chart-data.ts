/**
 * Turns a price series + indicator lines into what the technical template binds: one row per session of the window,
 * direct labels (de-overlapped in pixel space), explicit crossover/RSI events, panel notes, axis ticks, and the
 * key numbers printed on the chart and sent to the vision model as text.
 */
import { BotError } from '../../errors.js';
import type { Crossing, IndicatorLines, PriceSeries, TechnicalChartInput } from './chart-input.js';
import { panelHeights } from './chart-layout.js';
import type { ChartSize } from './chart-size.js';
import { COLORS, FONT_PX, monthTicks, spreadLabels } from './chart-theme.js';
import { measureText } from './text-metrics.js';
import { plotWidth } from './chart-layout.js';
import { formatCompact, formatOne, formatPct, formatPrice, round2 } from './format.js';
import { TECHNICAL_PANEL_WEIGHTS } from './technical-chart-spec.js';

export type KeyNumbers = Record<string, string | number | null>;
type LabelRow = { panel: string; d: string; v: number; at: number; text: string; color: string };
type EventRow = { panel: string; d: string; v: number; text: string; color: string };

export type ChartBinding = {
  data: Record<string, object[]>;
  params: Record<string, unknown>;
  keyNumbers: KeyNumbers;
  alt: string;
};

const MAX_EVENTS = 4;
/** SVG collapses runs of spaces; no-break spaces keep the key numbers visibly apart. */
export const SEP = '\u00a0\u00a0\u00b7\u00a0\u00a0';

/** Keeps every marker but blanks the text of events whose labels would collide, favouring the most recent. */
export function declutterEvents(events: EventRow[], xOf: (date: string) => number, fontPx: number): EventRow[] {
  const out = events.map((e) => ({ ...e }));
  const placed: { x: number; half: number; panel: string }[] = [];
  for (const e of [...out].sort((a, b) => (a.d < b.d ? 1 : -1))) {
    const x = xOf(e.d);
    const half = measureText(e.text, { size: fontPx, bold: true }) / 2;
    if (placed.some((p) => p.panel === e.panel && Math.abs(p.x - x) < p.half + half + 6)) e.text = '';
    else placed.push({ x, half, panel: e.panel });
  }
  return out;
}

/** Checks that the indicator arrays line up with the bars; a mismatch would draw lines against the wrong days. */
export function checkAligned(series: PriceSeries, indicators: IndicatorLines): void {
  const n = series.bars.length;
  const arrays = [indicators.dates, indicators.sma20, indicators.sma50, indicators.sma200, indicators.rsi14, indicators.bollinger.upper, indicators.bollinger.lower];
  if (arrays.some((a) => a.length !== n) || indicators.dates[n - 1] !== series.bars[n - 1]?.date || indicators.dates[0] !== series.bars[0]?.date)
    throw new BotError('chart_input_invalid', `indicators for ${indicators.symbol} are not aligned with the ${series.symbol} bars (${indicators.dates.length} vs ${n} sessions)`);
}

function levelCrossings(values: readonly (number | null)[], from: number, level: number, upward: boolean): number[] {
  const out: number[] = [];
  for (let i = Math.max(1, from); i < values.length; i++) {
    const [p, q] = [values[i - 1], values[i]];
    if (p == null || q == null) continue;
    if (upward ? p <= level && q > level : p >= level && q < level) out.push(i);
  }
  return out;
}

export function technicalChartData(input: Pick<TechnicalChartInput, 'series' | 'indicators' | 'baseIndex' | 'crossings'>, size: ChartSize): ChartBinding {
  const { series, indicators } = input;
  checkAligned(series, indicators);
  const start = Math.min(series.windowStart, series.bars.length - 1);
  const bars = series.bars;
  if (bars.length - start < 2) throw new BotError('chart_input_invalid', `not enough sessions to chart ${series.symbol} (need at least 2 in the window)`);
  const bb = indicators.bollinger;
  const rows: object[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  let vmax = 0;
  for (let i = start; i < bars.length; i++) {
    const bar = bars[i];
    let vsum = 0;
    let vn = 0;
    for (let k = Math.max(0, i - 19); k <= i; k++) (vsum += bars[k].volume), vn++;
    const row = {
      d: bar.date, o: bar.open, h: bar.high, l: bar.low, c: bar.close, v: bar.volume, up: bar.close >= bar.open,
      vma20: vn === 20 ? vsum / 20 : null,
      sma20: indicators.sma20[i], sma50: indicators.sma50[i], sma200: indicators.sma200[i],
      bbU: bb.upper[i], bbL: bb.lower[i], rsi: indicators.rsi14[i],
    };
    for (const v of [bar.low, bar.high, row.sma20, row.sma50, row.sma200, row.bbU, row.bbL]) {
      if (v == null || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    vmax = Math.max(vmax, bar.volume);
    rows.push(row);
  }
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.04;
  const priceDomain = [lo - pad, hi + pad];
  const [priceH, , rsiH] = panelHeights(size, TECHNICAL_PANEL_WEIGHTS);

  const last = bars.length - 1;
  const lastBar = bars[last];
  const firstBar = bars[start];
  const lastDate = lastBar.date;
  // Change from the close before the window (as relative_performance measures it), so chart and answer agree.
  const baseBar = bars[Math.max(0, Math.min(input.baseIndex, last))];
  const changePct = ((lastBar.close - baseBar.close) / baseBar.close) * 100;
  const rsiLast = indicators.rsi14[last];
  const smas: [string, number | null, string][] = [
    ['SMA20', indicators.sma20[last], COLORS.sma20],
    ['SMA50', indicators.sma50[last], COLORS.sma50],
    ['SMA200', indicators.sma200[last], COLORS.sma200],
  ];

  // Direct labels at the last bar, moved apart in pixels so none overlap, then mapped back to price units.
  const priceLabels: Omit<LabelRow, 'at'>[] = [
    { panel: 'price', d: lastDate, v: lastBar.close, text: `Close ${formatPrice(lastBar.close)}`, color: COLORS.text },
    ...smas.filter(([, v]) => v != null).map(([name, v, color]) => ({ panel: 'price', d: lastDate, v: v as number, text: `${name} ${formatPrice(v as number)}`, color })),
  ];
  const span = priceDomain[1] - priceDomain[0];
  const toPx = (v: number) => priceH * (1 - (v - priceDomain[0]) / span);
  const spread = spreadLabels(priceLabels.map((l) => toPx(l.v)), FONT_PX.label + 5, priceH);
  const labels: LabelRow[] = priceLabels.map((l, k) => ({ ...l, at: priceDomain[0] + (1 - spread[k] / priceH) * span }));
  if (rsiLast != null) {
    const at = 100 * (1 - spreadLabels([rsiH * (1 - rsiLast / 100)], 0, rsiH - FONT_PX.label / 2)[0] / rsiH);
    labels.push({ panel: 'rsi', d: lastDate, v: rsiLast, at, text: `RSI ${formatOne(rsiLast)}`, color: COLORS.rsi });
  }

  const events: EventRow[] = [];
  const ma = (crossings: readonly Crossing[], a: readonly (number | null)[], name: (up: boolean) => string) =>
    crossings
      .filter(({ index }) => index >= start && index < bars.length && a[index] != null)
      .map(({ index, up }) => ({ panel: 'price', d: bars[index].date, v: a[index] as number, text: name(up), color: up ? COLORS.up : COLORS.down }));
  events.push(...ma(input.crossings.sma20Sma50, indicators.sma20, (up) => (up ? 'SMA20 \u2191 SMA50' : 'SMA20 \u2193 SMA50')).slice(-MAX_EVENTS));
  events.push(...ma(input.crossings.sma50Sma200, indicators.sma50, (up) => (up ? 'Golden cross' : 'Death cross')).slice(-2));
  const rsiEvents = [
    ...levelCrossings(indicators.rsi14, start, 70, true).map((i) => ({ i, text: '>70', color: COLORS.down })),
    ...levelCrossings(indicators.rsi14, start, 30, false).map((i) => ({ i, text: '<30', color: COLORS.up })),
  ].sort((a, b) => a.i - b.i);
  events.push(...rsiEvents.slice(-MAX_EVENTS).map(({ i, text, color }) => ({ panel: 'rsi', d: bars[i].date, v: indicators.rsi14[i] as number, text, color })));

  const sessionsShown = bars.length - start;
  const dateIndex = new Map(bars.slice(start).map((b, k) => [b.date, k]));
  const xOf = (date: string) => (plotWidth(size) * ((dateIndex.get(date) ?? 0) + 0.5)) / sessionsShown;
  const shownEvents = declutterEvents(events, xOf, FONT_PX.label - 1);

  let vsum = 0;
  for (let k = Math.max(0, last - 19); k <= last; k++) vsum += bars[k].volume;
  const avgVolume20 = vsum / Math.min(20, last + 1);
  const sessions = bars.length - start;
  const windowLow = Math.min(...bars.slice(start).map((b) => b.low));
  const windowHigh = Math.max(...bars.slice(start).map((b) => b.high));
  const notes = [
    { panel: 'price', text: 'Bollinger band (20, 2) shaded' },
    { panel: 'volume', text: `Volume ${formatCompact(lastBar.volume)} \u00b7 20-day avg ${formatCompact(avgVolume20)}` },
    { panel: 'rsi', text: `RSI(14) ${rsiLast == null ? 'n/a' : formatOne(rsiLast)}  \u00b7  70 overbought / 30 oversold` },
  ];
  const ticks = monthTicks(rows.map((r) => (r as { d: string }).d));

  const title = `${series.symbol} \u2014 daily, ${firstBar.date} to ${lastDate} (${sessions} sessions)`;
  const subtitle = [
    `Last close ${formatPrice(lastBar.close)}`,
    `${formatPct(changePct)} since ${baseBar.date} close`,
    `RSI(14) ${rsiLast == null ? 'n/a' : formatOne(rsiLast)}`,
    `Range ${formatPrice(windowLow)}\u2013${formatPrice(windowHigh)}`,
  ].join(SEP);
  const smaText = smas.filter(([, v]) => v != null).map(([name, v]) => `${name} ${formatPrice(v as number)}`).join(', ');
  const alt =
    `${series.symbol} daily candlestick chart, ${firstBar.date} to ${lastDate}: last close ${formatPrice(lastBar.close)} ` +
    `(${formatPct(changePct)} since the ${baseBar.date} close)${smaText ? `, ${smaText}` : ''}` +
    `${rsiLast == null ? '' : `, RSI(14) ${formatOne(rsiLast)}`}; volume and RSI panels below.`;
  const keyNumbers: KeyNumbers = {
    symbol: series.symbol,
    from: firstBar.date,
    to: lastDate,
    sessions,
    lastClose: round2(lastBar.close),
    changePct: round2(changePct),
    windowHigh: round2(windowHigh),
    windowLow: round2(windowLow),
    rsi14: rsiLast == null ? null : round2(rsiLast),
    sma20: nullable(indicators.sma20[last]),
    sma50: nullable(indicators.sma50[last]),
    sma200: nullable(indicators.sma200[last]),
    bollingerUpper: nullable(bb.upper[last]),
    bollingerLower: nullable(bb.lower[last]),
    lastVolume: lastBar.volume,
    avgVolume20: Math.round(avgVolume20),
    source: series.source,
  };
  return {
    data: { bars: rows, labels, events: shownEvents, notes },
    params: { titleText: title, subtitleText: subtitle, xTicks: ticks.values, xLabels: ticks.labels, priceDomain, volumeDomain: [0, vmax * 1.08 || 1] },
    keyNumbers,
    alt,
  };
}

const nullable = (v: number | null | undefined) => (v == null ? null : round2(v));
