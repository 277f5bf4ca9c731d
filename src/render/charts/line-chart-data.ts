/**
 * Binding for the rebased line template from already-rebased series: rows, direct labels at each line's last point
 * (de-overlapped in pixels), axis ticks and a y domain that always includes the 100 baseline.
 */
import { BotError } from '../../errors.js';
import { panelHeights } from './chart-layout.js';
import type { ChartSize } from './chart-size.js';
import { COLORS, FONT_PX, monthTicks, spreadLabels } from './chart-theme.js';
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

export function lineChartData(
  lines: readonly RebasedLine[],
  text: { title: string; subtitle: string; note: string; alt: string; keyNumbers: KeyNumbers },
  size: ChartSize,
): ChartBinding {
  if (lines.length === 0) throw new BotError('chart_input_invalid', 'nothing to chart: no series');
  if (lines.length > MAX_LINES) throw new BotError('chart_input_invalid', `too many lines to read on one chart (${lines.length}; at most ${MAX_LINES})`);
  const points: object[] = [];
  const dates = new Set<string>();
  let lo = 100;
  let hi = 100;
  const lasts: { symbol: string; d: string; v: number; color: string; text: string }[] = [];
  lines.forEach((line, k) => {
    const valid = line.points.filter((p) => Number.isFinite(p.value));
    if (valid.length < 2) throw new BotError('chart_input_invalid', `not enough points to chart ${line.symbol} (need at least 2)`);
    const color = line.role === 'benchmark' ? '#37474f' : COLORS.series[k % COLORS.series.length];
    const style = line.role === 'subject' ? { w: 3, dash: [1, 0] } : line.role === 'benchmark' ? { w: 2.4, dash: [8, 4] } : { w: 2, dash: [1, 0] };
    for (const p of valid) {
      points.push({ d: p.date, s: line.symbol, v: p.value, color, ...style });
      dates.add(p.date);
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
    const last = valid[valid.length - 1];
    lasts.push({ symbol: line.symbol, d: last.date, v: last.value, color, text: `${line.symbol} ${formatPct(line.changePct ?? last.value - 100)}${line.extra ? ` ${line.extra}` : ''}` });
  });
  const pad = (hi - lo || 1) * 0.06;
  const domain = [lo - pad, hi + pad];
  const [height] = panelHeights(size, [1]);
  const span = domain[1] - domain[0];
  const spread = spreadLabels(lasts.map((l) => height * (1 - (l.v - domain[0]) / span)), FONT_PX.label + 6, height);
  const labels = lasts.map((l, k) => ({ d: l.d, v: l.v, at: domain[0] + (1 - spread[k] / height) * span, text: l.text, color: l.color }));
  const ticks = monthTicks([...dates].sort());
  return {
    data: { points, labels, notes: [{ text: text.note }] },
    params: { titleText: text.title, subtitleText: text.subtitle, xTicks: ticks.values, xLabels: ticks.labels, yDomain: domain },
    keyNumbers: text.keyNumbers,
    alt: text.alt,
  };
}
