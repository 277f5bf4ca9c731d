/** Relative-performance chart binding from the `relative_performance` tool's output (already rebased to 100). */
import type { RelativeChartInput } from './chart-input.js';
import type { ChartSize } from './chart-size.js';
import { formatPct, formatPp, formatPrice } from './format.js';
import { lineChartData, type RebasedLine } from './line-chart-data.js';
import type { ChartBinding, KeyNumbers } from './technical-chart-data.js';

export function relativeChartData(perf: RelativeChartInput['performance'], size: ChartSize): ChartBinding {
  const rowOf = new Map(perf.rows.map((row) => [row.symbol, row]));
  const lines: RebasedLine[] = perf.rebased.map((r) => {
    const row = rowOf.get(r.symbol);
    return {
      symbol: r.symbol,
      role: row?.role ?? 'alt',
      points: r.points,
      changePct: row?.returnPct,
    };
  });
  // Subjects first so they get the strongest colours; the benchmark is styled by role anyway.
  lines.sort((a, b) => (a.role === 'subject' ? 0 : 1) - (b.role === 'subject' ? 0 : 1));
  const subjects = perf.rows.filter((row) => row.role === 'subject');
  const bench = perf.rows.find((row) => row.role === 'benchmark');
  const versus = perf.benchmark === null ? '' : ` vs ${perf.benchmark}`;
  const title = `${subjects.map((row) => row.symbol).join(', ') || 'Performance'}${versus} \u2014 ${perf.window.from} to ${perf.window.to}`;
  const subtitle = perf.rows.map((row) => `${row.symbol} ${formatPct(row.returnPct)}${row.vsBenchmarkPp == null ? '' : ` (${formatPp(row.vsBenchmarkPp)} vs ${perf.benchmark})`}`);
  const keyNumbers: KeyNumbers = { benchmark: perf.benchmark, from: perf.window.from, to: perf.window.to, sessions: perf.window.sessions, source: perf.source };
  for (const row of perf.rows) {
    keyNumbers[`${row.symbol}.returnPct`] = row.returnPct;
    keyNumbers[`${row.symbol}.endClose`] = row.endClose;
    if (row.vsBenchmarkPp != null) keyNumbers[`${row.symbol}.vsBenchmarkPp`] = row.vsBenchmarkPp;
  }
  const alt =
    `Relative performance, rebased to 100 on ${perf.window.from}, through ${perf.window.to}: ` +
    perf.rows.map((row) => `${row.symbol} ${formatPct(row.returnPct)} (close ${formatPrice(row.endClose)})`).join(', ') +
    (bench ? `; benchmark ${bench.symbol}.` : '.');
  const note = `Rebased to 100 at the ${perf.window.from} close${bench ? '; dashed = benchmark' : ''}`;
  return lineChartData(lines, { title, subtitle, note, alt, keyNumbers, source: perf.source, asOf: perf.window.to }, size);
}
