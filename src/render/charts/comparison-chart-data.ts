/** Multi-ticker comparison binding: each series rebased to 100 at its first close in [from, to]. */
import { BotError } from '../../errors.js';
import type { PriceSeries } from './chart-input.js';
import type { ChartSize } from './chart-size.js';
import { formatPct, formatPrice, round2 } from './format.js';
import { lineChartData, type RebasedLine } from './line-chart-data.js';
import type { ChartBinding, KeyNumbers } from './technical-chart-data.js';

export function comparisonChartData(series: readonly PriceSeries[], from: string, to: string, size: ChartSize): ChartBinding {
  if (from > to) throw new BotError('chart_input_invalid', `the window starts (${from}) after it ends (${to})`);
  const keyNumbers: KeyNumbers = { from, to };
  const rows: { symbol: string; changePct: number; endClose: number }[] = [];
  const lines: RebasedLine[] = series.map((s) => {
    const bars = s.bars.filter((b) => b.date >= from && b.date <= to && b.close > 0);
    if (bars.length < 2) throw new BotError('chart_input_invalid', `${s.symbol} has fewer than 2 sessions between ${from} and ${to}`);
    const base = bars[0].close;
    const last = bars[bars.length - 1];
    const changePct = round2((last.close / base - 1) * 100);
    rows.push({ symbol: s.symbol, changePct, endClose: last.close });
    keyNumbers[`${s.symbol}.returnPct`] = changePct;
    keyNumbers[`${s.symbol}.endClose`] = last.close;
    return { symbol: s.symbol, role: 'peer', changePct, points: bars.map((b) => ({ date: b.date, value: (b.close / base) * 100 })) };
  });
  const ranked = [...rows].sort((a, b) => b.changePct - a.changePct);
  const title = `${series.map((s) => s.symbol).join(' vs ')} \u2014 ${from} to ${to}`;
  const subtitle = ranked.map((r) => `${r.symbol} ${formatPct(r.changePct)}`);
  const source = [...new Set(series.map((s) => s.source))].join(' + ');
  const alt = `Comparison rebased to 100, ${from} to ${to}: ${ranked.map((r) => `${r.symbol} ${formatPct(r.changePct)} (close ${formatPrice(r.endClose)})`).join(', ')}.`;
  return lineChartData(lines, { title, subtitle, note: 'Each line rebased to 100 at its first close in the window', alt, keyNumbers, source, asOf: to }, size);
}
