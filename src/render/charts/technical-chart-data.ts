/**
 * Turns a price series + indicator lines into what the technical template binds: one row per session of the window,
 * direct labels (de-overlapped in pixel space), explicit crossover/RSI events, panel notes, axis ticks, and the
 * key numbers printed on the chart and sent to the vision model as text.
 */
import { BotError } from '../../errors.js';
import type { Crossing, IndicatorLines, PriceSeries, TechnicalChartInput } from './chart-input.js';
import { EVENT_STRIP_PX, NOTE_STRIP_PX, panelHeights, reservedDomain } from './chart-layout.js';
import { fitSubtitle, footerText } from './chart-text.js';
import type { ChartSize } from './chart-size.js';
import { COLORS, FONT_PX, monthTicks, spreadLabels } from './chart-theme.js';
import { measureText } from './text-metrics.js';
import { plotWidth } from './chart-layout.js';
import { formatCompact, formatOne, formatPct, formatPrice, round2 } from './format.js';
import { technicalPanelWeights } from './technical-chart-spec.js';

export type KeyNumbers = Record<string, string | number | null>;
type LabelRow = { panel: string; d: string; v: number; at: number; text: string; color: string };
/** `at`: the label's centre in the panel's strip; `tip`: where its leader stops, just short of the label. */
type EventRow = { panel: string; d: string; v: number; at: number; tip: number; text: string; color: string };

export type ChartBinding = {
  /** Which template draws it when a kind has more than one (no volume panel for an index, log-scale lines). */
  template?: string;
  data: Record<string, object[]>;
  params: Record<string, unknown>;
  keyNumbers: KeyNumbers;
  alt: string;
};

const MAX_EVENTS = 4;
/**
 * A technical chart shows at least this many sessions (about six months) whatever window was asked: two quarter-
 * width candles say nothing about a trend. The asked window is shaded when the chart shows more.
 */
export const MIN_CONTEXT_SESSIONS = 126;
export { SEP } from './chart-text.js';

/**
 * Keeps every marker but blanks the text of events whose labels would collide — with each other (favouring the
 * most recent), with the panel's heading (`keepOut`: x ranges per panel) or with the plot's right edge.
 */
export function declutterEvents(
  events: EventRow[],
  xOf: (date: string) => number,
  fontPx: number,
  bounds: { width: number; keepOut?: Record<string, readonly [number, number]> } = { width: Infinity },
): EventRow[] {
  const out = events.map((e) => ({ ...e }));
  const placed: { x: number; half: number; panel: string }[] = [];
  for (const e of [...out].sort((a, b) => (a.d < b.d ? 1 : -1))) {
    const x = xOf(e.d);
    const half = measureText(e.text, { size: fontPx, bold: true }) / 2;
    const blocked = bounds.keepOut?.[e.panel];
    const offEdge = x - half < 2 || x + half > bounds.width - 2;
    const onHeading = blocked !== undefined && x - half < blocked[1] + 8 && x + half > blocked[0] - 8;
    if (offEdge || onHeading || placed.some((p) => p.panel === e.panel && Math.abs(p.x - x) < p.half + half + 6)) e.text = '';
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
  const windowStart = Math.min(series.windowStart, series.bars.length - 1);
  const bars = series.bars;
  if (bars.length - windowStart < 2) throw new BotError('chart_input_invalid', `not enough sessions to chart ${series.symbol} (need at least 2 in the window)`);
  // Context before a short window, when the series has it (the indicators tool fetches a year of warm-up).
  // A window a few sessions short of the minimum is shown as it is: a sliver of context would only add noise.
  const widen = bars.length - windowStart < MIN_CONTEXT_SESSIONS - 20;
  const start = widen ? Math.max(0, Math.min(windowStart, bars.length - MIN_CONTEXT_SESSIONS)) : windowStart;
  const hasVolume = bars.slice(start).some((b) => b.volume > 0);
  const weights = technicalPanelWeights({ volume: hasVolume });
  const macdLines = indicators.macd;
  const bb = indicators.bollinger;
  const rows: object[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  let vmax = 0;
  let mlo = 0;
  let mhi = 0;
  for (let i = start; i < bars.length; i++) {
    const bar = bars[i];
    let vsum = 0;
    let vn = 0;
    for (let k = Math.max(0, i - 19); k <= i; k++) (vsum += bars[k].volume), vn++;
    const row = {
      d: bar.date, o: bar.open, h: bar.high, l: bar.low, c: bar.close, v: bar.volume, up: bar.close >= bar.open,
      vma20: vn === 20 ? vsum / 20 : null,
      vs: (bars.length - 1 - i) % 5 === 0, // the sessions the volume average is drawn through, counted back from the last
      sma20: indicators.sma20[i], sma50: indicators.sma50[i], sma200: indicators.sma200[i],
      bbU: bb.upper[i], bbL: bb.lower[i], rsi: indicators.rsi14[i],
      m: macdLines?.macd[i] ?? null, ms: macdLines?.signal[i] ?? null, mh: macdLines?.histogram[i] ?? null,
      mhUp: hist(macdLines?.histogram[i], 1), mhDown: hist(macdLines?.histogram[i], -1),
    };
    for (const v of [row.m, row.ms, row.mh]) if (v != null && Number.isFinite(v)) (mlo = Math.min(mlo, v)), (mhi = Math.max(mhi, v));
    for (const v of [bar.low, bar.high, row.sma20, row.sma50, row.sma200, row.bbU, row.bbL]) {
      if (v == null || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    vmax = Math.max(vmax, bar.volume);
    rows.push(row);
  }
  const heights = panelHeights(size, weights);
  const [priceH, volumeH] = heights;
  const [macdH, rsiH] = heights.slice(-2);
  // Data keeps off the heading strip at the top and the event-label strip at the bottom of the price panel.
  const priceDomain = reservedDomain(lo, hi, priceH, NOTE_STRIP_PX, EVENT_STRIP_PX);
  const rsiDomain = reservedDomain(0, 100, rsiH, NOTE_STRIP_PX, 0);
  const macdDomain = reservedDomain(mlo, mhi, macdH, NOTE_STRIP_PX, 4);
  const volumeDomain = reservedDomain(0, vmax || 1, volumeH ?? 1, NOTE_STRIP_PX, 0);
  volumeDomain[0] = 0;

  const last = bars.length - 1;
  const lastBar = bars[last];
  const firstBar = bars[windowStart];
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
    const rsiSpan = rsiDomain[1] - rsiDomain[0];
    const px = spreadLabels([rsiH * (1 - (rsiLast - rsiDomain[0]) / rsiSpan)], 0, rsiH - FONT_PX.label / 2)[0];
    const at = rsiDomain[0] + (1 - Math.max(px, FONT_PX.label / 2) / rsiH) * rsiSpan;
    labels.push({ panel: 'rsi', d: lastDate, v: rsiLast, at, text: `RSI ${formatOne(rsiLast)}`, color: COLORS.rsi });
  }

  // Event labels sit in the middle of their panel's reserved strip.
  const priceStripAt = priceDomain[0] + ((EVENT_STRIP_PX / 2) / priceH) * (priceDomain[1] - priceDomain[0]);
  const rsiStripAt = rsiDomain[1] - ((NOTE_STRIP_PX / 2) / rsiH) * (rsiDomain[1] - rsiDomain[0]);
  const halfText = (FONT_PX.label - 1) / 2 + 2;
  const priceTip = priceStripAt + (halfText / priceH) * (priceDomain[1] - priceDomain[0]);
  const rsiTip = rsiStripAt - (halfText / rsiH) * (rsiDomain[1] - rsiDomain[0]);
  const events: EventRow[] = [];
  const ma = (crossings: readonly Crossing[], a: readonly (number | null)[], name: (up: boolean) => string) =>
    crossings
      .filter(({ index }) => index >= start && index < bars.length && a[index] != null)
      .map(({ index, up }) => ({ panel: 'price', d: bars[index].date, v: a[index] as number, at: priceStripAt, tip: priceTip, text: name(up), color: up ? COLORS.up : COLORS.down }));
  events.push(...ma(input.crossings.sma20Sma50, indicators.sma20, (up) => (up ? 'SMA20 \u2191 SMA50' : 'SMA20 \u2193 SMA50')).slice(-MAX_EVENTS));
  events.push(...ma(input.crossings.sma50Sma200, indicators.sma50, (up) => (up ? 'Golden cross' : 'Death cross')).slice(-2));
  const rsiEvents = [
    ...levelCrossings(indicators.rsi14, start, 70, true).map((i) => ({ i, text: '>70', color: COLORS.down })),
    ...levelCrossings(indicators.rsi14, start, 30, false).map((i) => ({ i, text: '<30', color: COLORS.up })),
  ].sort((a, b) => a.i - b.i);
  events.push(...rsiEvents.slice(-MAX_EVENTS).map(({ i, text, color }) => ({ panel: 'rsi', d: bars[i].date, v: indicators.rsi14[i] as number, at: rsiStripAt, tip: rsiTip, text, color })));

  const sessionsShown = bars.length - start;
  const dateIndex = new Map(bars.slice(start).map((b, k) => [b.date, k]));
  const xOf = (date: string) => (plotWidth(size) * ((dateIndex.get(date) ?? 0) + 0.5)) / sessionsShown;

  let vsum = 0;
  for (let k = Math.max(0, last - 19); k <= last; k++) vsum += bars[k].volume;
  const avgVolume20 = vsum / Math.min(20, last + 1);
  const sessions = bars.length - windowStart;
  const windowLow = Math.min(...bars.slice(windowStart).map((b) => b.low));
  const windowHigh = Math.max(...bars.slice(windowStart).map((b) => b.high));
  const macdLast = macdLines?.macd[last];
  const signalLast = macdLines?.signal[last];
  const histLast = macdLines?.histogram[last];
  const shaded = windowStart > start;
  const notes = [
    { panel: 'price', text: `Bollinger band (20, 2) grey${shaded ? `  \u00b7  yellow: the asked window (${sessions} sessions)` : ''}` },
    ...(hasVolume ? [{ panel: 'volume', text: `Volume ${formatCompact(lastBar.volume)} \u00b7 20-day avg ${formatCompact(avgVolume20)}` }] : []),
    {
      panel: 'macd',
      text: macdLast == null ? 'MACD (12, 26, 9) n/a' : `MACD (12, 26, 9) ${formatPrice(macdLast)}  \u00b7  signal ${signalLast == null ? 'n/a' : formatPrice(signalLast)}  \u00b7  histogram ${histLast == null ? 'n/a' : formatPrice(histLast)}`,
    },
    { panel: 'rsi', text: `RSI(14) ${rsiLast == null ? 'n/a' : formatOne(rsiLast)}  \u00b7  70 overbought / 30 oversold` },
  ];
  const noteEnd = (panel: string) => 8 + measureText(notes.find((n) => n.panel === panel)?.text ?? '', { size: FONT_PX.panel, bold: true });
  const shownEvents = declutterEvents(events, xOf, FONT_PX.label - 1, { width: plotWidth(size), keepOut: { rsi: [0, noteEnd('rsi')] } });
  const ticks = monthTicks(rows.map((r) => (r as { d: string }).d));

  const title = `${series.symbol} \u2014 daily, ${firstBar.date} to ${lastDate} (${sessions} sessions)`;
  const subtitleParts = [
    `Last close ${formatPrice(lastBar.close)}`,
    `${formatPct(changePct)} since ${baseBar.date} close`,
    `RSI(14) ${rsiLast == null ? 'n/a' : formatOne(rsiLast)}`,
    `Range ${formatPrice(windowLow)}\u2013${formatPrice(windowHigh)}`,
  ];
  const smaText = smas.filter(([, v]) => v != null).map(([name, v]) => `${name} ${formatPrice(v as number)}`).join(', ');
  const alt =
    `${series.symbol} daily candlestick chart, ${firstBar.date} to ${lastDate}: last close ${formatPrice(lastBar.close)} ` +
    `(${formatPct(changePct)} since the ${baseBar.date} close)${smaText ? `, ${smaText}` : ''}` +
    `${rsiLast == null ? '' : `, RSI(14) ${formatOne(rsiLast)}`}` +
    `${macdLast == null ? '' : `, MACD ${formatPrice(macdLast)}${signalLast == null ? '' : ` vs signal ${formatPrice(signalLast)}`}`}` +
    `; ${hasVolume ? 'volume, ' : ''}MACD and RSI panels below${shaded ? `; the ${windowStart - start} session${windowStart - start === 1 ? '' : 's'} before the window shown for context` : ''}.`;
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
    macd: nullable(macdLast),
    macdSignal: nullable(signalLast),
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
    template: hasVolume ? 'technical' : 'technical-novolume',
    data: {
      bars: rows,
      window: shaded ? bars.slice(windowStart).map((b) => ({ d: b.date })) : [],
      labels,
      events: shownEvents,
      notes,
      footer: [{ text: footerText(series.source, lastDate) }],
    },
    params: { titleText: title, subtitleText: fitSubtitle(subtitleParts, size), xTicks: ticks.values, xLabels: ticks.labels, priceDomain, volumeDomain, macdDomain, rsiDomain },
    keyNumbers,
    alt,
  };
}

const nullable = (v: number | null | undefined) => (v == null ? null : round2(v));
/** One side of the MACD histogram: the value where it has that sign, 0 elsewhere (null in warm-up). */
const hist = (v: number | null | undefined, sign: 1 | -1) => (v == null ? null : Math.sign(v) === sign ? v : 0);
