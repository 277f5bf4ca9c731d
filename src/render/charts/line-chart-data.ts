/**
 * Binding for the rebased line template from already-rebased series: rows, direct labels at each line's last point
 * (de-overlapped in pixels), axis ticks and a y domain that always includes the 100 baseline.
 */
import { BotError } from '../../errors.js';
import { NOTE_STRIP_PX, panelHeights, reservedDomain } from './chart-layout.js';
import { fitSubtitle, footerText, tickerColors } from './chart-text.js';
import type { ChartSize } from './chart-size.js';
import { COLORS, FONT_PX, dateTicks, spreadLabels } from './chart-theme.js';
import { formatPct } from './format.js';
import type { ChartBinding, KeyNumbers } from './technical-chart-data.js';

export type RebasedLine = {
  symbol: string;
  /** Subject lines are drawn thicker; benchmarks dashed. */
  role: 'subject' | 'benchmark' | 'alt' | 'peer';
  points: readonly { date: string; value: number }[];
  /** The change the label prints; defaults to last rebased value − 100 (pass the tool's figure when there is one). */
  changePct?: number;
  /** Label suffix, e.g. "(+5.20 pp vs ^SOX)". */
  extra?: string;
};

export const MAX_LINES = 8;
/**
 * Past this ratio between the highest and lowest rebased value the chart switches to a log scale: on a linear
 * scale NVDA's +1,482% over five years flattens every earlier move into the floor; on a log scale equal steps are
 * equal percentage moves. The axis says which scale it is.
 */
export const LOG_SCALE_RATIO = 4;

export type LineChartText = {
  title: string;
  /** Subtitle items; the ones that do not fit the width are dropped whole and counted ("+2 more"). */
  subtitle: readonly string[];
  note: string;
  alt: string;
  keyNumbers: KeyNumbers;
  source: string;
  asOf: string;
};

export function lineChartData(lines: readonly RebasedLine[], text: LineChartText, size: ChartSize): ChartBinding {
  if (lines.length === 0) throw new BotError('chart_input_invalid', 'nothing to chart: no series');
  if (lines.length > MAX_LINES) throw new BotError('chart_input_invalid', `too many lines to read on one chart (${lines.length}; at most ${MAX_LINES})`);
  const points: object[] = [];
  const dates = new Set<string>();
  let lo = 100;
  let hi = 100;
  const lasts: { symbol: string; d: string; v: number; color: string; text: string }[] = [];
  const colors = tickerColors(lines.filter((l) => l.role !== 'benchmark').map((l) => l.symbol));
  for (const line of lines) {
    const valid = line.points.filter((p) => Number.isFinite(p.value) && p.value > 0);
    if (valid.length < 2) throw new BotError('chart_input_invalid', `not enough points to chart ${line.symbol} (need at least 2)`);
    const color = line.role === 'benchmark' ? COLORS.benchmark : colors.get(line.symbol)!;
    const style = line.role === 'subject' ? { w: 3, dash: [1, 0] } : line.role === 'benchmark' ? { w: 2.4, dash: [8, 4] } : { w: 2, dash: [1, 0] };
    for (const p of valid) {
      points.push({ d: p.date, s: line.symbol, v: p.value, color, ...style });
      dates.add(p.date);
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
    const last = valid[valid.length - 1];
    lasts.push({ symbol: line.symbol, d: last.date, v: last.value, color, text: `${line.symbol} ${formatPct(line.changePct ?? last.value - 100)}${line.extra ? ` ${line.extra}` : ''}` });
  }
  const log = hi / lo > LOG_SCALE_RATIO;
  // Positions are worked out in the scale's own space (log10 on a log chart), with the heading strip kept free.
  const [height] = panelHeights(size, [1]);
  const toSpace = (v: number) => (log ? Math.log10(v) : v);
  const fromSpace = (v: number) => (log ? 10 ** v : v);
  const [dlo, dhi] = reservedDomain(toSpace(lo), toSpace(hi), height, NOTE_STRIP_PX, 12);
  const span = dhi - dlo;
  const spread = spreadLabels(lasts.map((l) => height * (1 - (toSpace(l.v) - dlo) / span)), FONT_PX.label + 8, height);
  const labels = lasts.map((l, k) => ({ d: l.d, v: l.v, at: fromSpace(dlo + (1 - spread[k] / height) * span), text: l.text, color: l.color }));
  const ticks = dateTicks([...dates].sort());
  return {
    template: log ? 'lines-log' : 'lines',
    data: { points, labels, notes: [{ text: text.note }], footer: [{ text: footerText(text.source, text.asOf) }] },
    params: { titleText: text.title, subtitleText: fitSubtitle(text.subtitle, size), xTicks: ticks.values, xLabels: ticks.labels, yDomain: [fromSpace(dlo), fromSpace(dhi)] },
    keyNumbers: text.keyNumbers,
    alt: log ? `${text.alt} Log scale.` : text.alt,
  };
}
