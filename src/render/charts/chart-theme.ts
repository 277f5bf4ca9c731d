/**
 * Never use `opacity` on marks: librsvg renders each such element offscreen and composites it, which made a
 * 250-bar chart ten times slower to rasterize. Use solid tints or fillOpacity/strokeOpacity.
 *
 * The look every chart shares: one font (measured by text-metrics.ts), white background, high-contrast colours,
 * no text under 13 px. Lines are labelled directly, so there are no legends.
 */
import type { Config } from 'vega-lite';
import { CHART_FONT } from './text-metrics.js';

export const COLORS = {
  up: '#0b7a3b',
  down: '#c62828',
  upLight: '#86c5a0',
  downLight: '#eb9a9a',
  text: '#111111',
  muted: '#455a64',
  grid: '#e3e7ea',
  sma20: '#e65100',
  sma50: '#1565c0',
  sma200: '#6a1b9a',
  band: '#90a4ae',
  rsi: '#263238',
  benchmark: '#37474f',
  macd: '#1565c0',
  macdSignal: '#e65100',
  /** The asked window behind a chart that shows more context. */
  window: '#fff4d6',
  /** Comparison lines: distinguishable, dark enough on white, colour-blind friendlier than the default scheme. */
  series: ['#1565c0', '#e65100', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#5d4037', '#ad1457'],
} as const;

export const FONT_PX = { label: 14, axis: 14, panel: 15, title: 21, subtitle: 16, footer: 13 } as const;

export const chartConfig: Config = {
  // No per-item aria-label/role attributes: they double the SVG's size and its build and rasterize time, and the
  // PNG carries alt text of its own (the artifact's `alt`).
  aria: false,
  font: CHART_FONT,
  background: 'white',
  view: { stroke: '#b0bec5' },
  axis: {
    labelFont: CHART_FONT,
    titleFont: CHART_FONT,
    labelFontSize: FONT_PX.axis,
    titleFontSize: FONT_PX.axis,
    labelColor: COLORS.text,
    titleColor: COLORS.text,
    gridColor: COLORS.grid,
    domainColor: '#90a4ae',
    tickColor: '#90a4ae',
  },
  title: {
    font: CHART_FONT,
    fontSize: FONT_PX.title,
    fontWeight: 'bold',
    color: COLORS.text,
    subtitleFont: CHART_FONT,
    subtitleFontSize: FONT_PX.subtitle,
    subtitleColor: COLORS.text,
    anchor: 'start',
    offset: 12,
  },
  text: { font: CHART_FONT, fontSize: FONT_PX.label },
  concat: { spacing: 12 },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * X-axis ticks for an ordinal axis of trading dates (YYYY-MM-DD strings, so no time zone ever applies). Months on
 * windows longer than about three months; shorter windows get the first session of each week ("Mar 2"), and a
 * couple of weeks every session — one lone month tick says nothing about where a 3-month line is.
 */
export function dateTicks(dates: readonly string[]): { values: string[]; labels: Record<string, string> } {
  if (dates.length <= 12) return dayTicks(dates, dates);
  const months = new Set(dates.map((d) => d.slice(0, 7))).size;
  if (months > 4) return monthTicks(dates);
  const weekOf = (date: string) => Math.floor((Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000 + 3) / 7);
  const firsts = dates.filter((d, k) => k === 0 || weekOf(d) !== weekOf(dates[k - 1]));
  // A window starting on a Thursday would put its first two ticks a day apart: drop the partial first week.
  if (firsts.length > 2 && dates.indexOf(firsts[1]) < 3) firsts.shift();
  return dayTicks(dates, firsts);
}

/** "Mar 2" labels; the title carries the year, so a tick names it only where the year changes ("Jan 2, 2026"). */
function dayTicks(_dates: readonly string[], picked: readonly string[]): { values: string[]; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  let lastYear = picked[0]?.slice(0, 4) ?? '';
  for (const date of picked) {
    const year = date.slice(0, 4);
    labels[date] = `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}${year !== lastYear ? `, ${year}` : ''}`;
    lastYear = year;
  }
  return { values: [...picked], labels };
}

/** Month ticks: the first session of each month (or of each quarter/year on long windows), "Mar" / "Jan 2026". */
export function monthTicks(dates: readonly string[], maxTicks = 14): { values: string[]; labels: Record<string, string> } {
  const firsts: string[] = [];
  let lastMonth = '';
  for (const date of dates) {
    const month = date.slice(0, 7);
    if (month !== lastMonth) firsts.push(date);
    lastMonth = month;
  }
  // The window's first session is rarely a month start; drop its tick when the next one follows too closely.
  if (firsts.length > 2 && dates.indexOf(firsts[1]) < dates.length / 12) firsts.shift();
  const step = [1, 2, 3, 6, 12].find((s) => Math.ceil(firsts.length / s) <= maxTicks) ?? 12;
  const values = firsts.filter((date) => (Number(date.slice(5, 7)) - 1) % step === 0 || step === 1);
  const picked = values.length >= 2 ? values : firsts;
  const labels: Record<string, string> = {};
  let lastYear = '';
  for (const date of picked) {
    const year = date.slice(0, 4);
    labels[date] = MONTHS[Number(date.slice(5, 7)) - 1] + (year !== lastYear ? ` ${year}` : '');
    lastYear = year;
  }
  return { values: picked, labels };
}

/** Pushes label positions (px, top = 0) apart so none overlap, keeping them inside [0, height]. */
export function spreadLabels(positions: readonly number[], minGap: number, height: number): number[] {
  const order = positions.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((p) => p.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + minGap);
  const overflow = placed.length ? placed[placed.length - 1] - height : 0;
  if (overflow > 0) {
    placed[placed.length - 1] -= overflow;
    for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - minGap);
  }
  const out = new Array<number>(positions.length);
  order.forEach((p, k) => (out[p.i] = Math.max(0, placed[k])));
  return out;
}
