/**
 * What follows the first paragraph: only what serves the question. A return question gets the performance table; a
 * single figure gets a line on how it was measured; "technicals" and overviews get the technical picture and the
 * chart reading. Then caveats in a reader's words, the source and as-of line, and operator footnotes.
 */
import type { SynthesisInput } from '../synthesis-model.js';
import { money, pct, pp } from './format.js';
import type { ChartAnalysis, RelativePerformance, Results, TechnicalsSummary } from './results.js';

const GENERAL = new Set(['overview', 'technicals', 'unknown']);

export function detailSections(input: SynthesisInput, r: Results): string[] {
  const sections: string[] = [];
  const metrics = new Set((input.entities.metrics ?? []).map((m) => m.name));
  const single = metrics.size > 0 && !metrics.has('return') && !metrics.has('price');
  if (r.perf) sections.push(performanceTable(r.perf));
  const how = measuredLines(r);
  if (how.length > 0) sections.push(['**How it was measured**', ...how].join('\n'));
  for (const q of r.quotes.slice(r.perf || single ? 0 : 1)) sections.push(`**${q.symbol}** last traded at ${money(q.price)} on ${q.asOf}.`);
  // The full technical picture only for a technical or general question, not for one figure.
  const fullTechnicals = GENERAL.has(input.intent) && (!single || /\btechnicals?\b|\banaly[sz]/i.test(input.question));
  if (fullTechnicals) {
    for (const t of r.techs) sections.push(technicalsSection(t));
    for (const reading of r.readings) if (reading.observations.length) sections.push(chartSection(reading));
  }
  for (const o of r.others) sections.push(`**${o.label}:** ${o.summary || 'done'}`);
  return sections;
}

export function performanceTable(perf: RelativePerformance): string {
  const header = `**Performance, ${perf.window.from} close → ${perf.window.to}** (${perf.window.sessions} sessions${perf.window.base === 'from_close' ? ', from the anchor close' : ''})`;
  const bench = perf.benchmark;
  const rows = perf.rows.map((r) => {
    const role = r.role === 'subject' ? '' : r.role === 'benchmark' ? ' (benchmark)' : ' (sector view)';
    const vs = r.vsBenchmarkPp === null ? '' : pp(r.vsBenchmarkPp);
    return `| ${r.symbol}${role} | ${money(r.startClose)} | ${money(r.endClose)} | ${pct(r.returnPct)} |${bench ? ` ${vs} |` : ''}`;
  });
  const head = `| Symbol | Close ${perf.window.from} | Close ${perf.window.to} | Return |${bench ? ` vs ${bench} |` : ''}`;
  const rule = `|---|---:|---:|---:|${bench ? '---:|' : ''}`;
  const notes = (perf.notes ?? []).map((n) => `_${n}_`);
  return [header, '', head, rule, ...rows, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** One line per single figure: the window and method, so a reader can check it. */
function measuredLines(r: Results): string[] {
  const lines: string[] = [];
  for (const d of r.drawdowns) lines.push(`- Max drawdown: the largest fall from a closing high to a later closing low, ${d.window.baseDate} → ${d.window.lastDate} (${d.window.sessions} sessions).`);
  for (const v of r.vols) lines.push(`- Volatility: ${v.method}, ${v.window.baseDate} → ${v.window.lastDate}.`);
  for (const x of r.betas) lines.push(`- Beta and correlation: ${x.method}.`);
  for (const a of r.averages) lines.push(`- ${a.period}-day ${a.kind.toUpperCase()}: the average of the closes from ${a.firstDate} to ${a.date}${a.slope ? `; ${a.slope.direction} (${pct(a.slope.changePct)} over ${a.slope.sessions} sessions)` : ''}.`);
  for (const x of r.ranges) lines.push(`- 52-week range: intraday highs and lows from ${x.from} to ${x.lastDate} (${x.sessions} sessions${x.partial ? ', less than a year of data' : ''}).`);
  for (const a of r.anchors) lines.push(`- Window start: ${a.symbol}'s ${a.basis === 'close' ? 'close' : 'intraday level'} on ${a.date} (${money(a.level)}), the ${a.kind.includes('low') ? 'lowest' : 'highest'} in ${a.searched.firstDate} → ${a.searched.lastDate}.`);
  return lines;
}

export function technicalsSection(t: TechnicalsSummary): string {
  const lines: string[] = [`**Technicals — ${t.symbol}** (close ${money(t.close)} on ${t.asOf})`];
  const { sma50, sma200 } = t.trend;
  const mas: string[] = [];
  if (sma50) mas.push(`${pct(sma50.closeVsPct)} vs its 50-day average (${money(sma50.value)}${sma50.slope ? `, ${sma50.slope}` : ''})`);
  if (sma200) mas.push(`${pct(sma200.closeVsPct)} vs its 200-day average (${money(sma200.value)}${sma200.slope ? `, ${sma200.slope}` : ''})`);
  if (mas.length) lines.push(`- Trend: ${t.trend.direction}; price is ${mas.join(' and ')}.${t.trend.sma50VsSma200 ? ` The 50-day is ${t.trend.sma50VsSma200} the 200-day.` : ''}`);
  else lines.push(`- Trend: ${t.trend.direction}.`);
  if (t.crossovers.length) lines.push(`- Crossovers in the window: ${t.crossovers.slice(-3).map((c) => `${c.kind.replace(/_/g, ' ')} on ${c.date}`).join(', ')}.`);
  if (t.rsi) lines.push(`- RSI(14): ${t.rsi.value.toFixed(1)}, ${t.rsi.regime} (window range ${t.rsi.windowLow.toFixed(1)}–${t.rsi.windowHigh.toFixed(1)}).`);
  if (t.macd) {
    const cross = t.macd.lastCrossover ? `; last ${t.macd.lastCrossover.direction} crossover on ${t.macd.lastCrossover.date}` : '';
    lines.push(`- MACD: ${t.macd.state} (MACD ${t.macd.macd.toFixed(2)} vs signal ${t.macd.signal.toFixed(2)}, ${t.macd.aboveZero ? 'above' : 'below'} zero${cross}).`);
  }
  const r = t.range52w;
  lines.push(`- ${r.partial ? `${r.sessions}-session` : '52-week'} range: high ${money(r.high)} (${r.highDate}), low ${money(r.low)} (${r.lowDate}); the close is ${pct(r.fromHighPct)} from the high and ${pct(r.fromLowPct)} above the low.`);
  const sup = t.levels.support.slice(0, 2).map((l) => `${money(l.price)} (${pct(l.distancePct)})`);
  const res = t.levels.resistance.slice(0, 2).map((l) => `${money(l.price)} (${pct(l.distancePct)})`);
  if (sup.length || res.length) lines.push(`- Levels: support ${sup.join(', ') || 'none found'}; resistance ${res.join(', ') || 'none found'}.`);
  if (t.bollinger) lines.push(`- Bollinger(20, 2): ${t.bollinger.position.replace(/_/g, ' ')} (bands ${money(t.bollinger.lower)}–${money(t.bollinger.upper)}).`);
  for (const note of t.notes) lines.push(`- _${note}_`);
  return lines.join('\n');
}

function chartSection(r: ChartAnalysis): string {
  const how = r.method === 'numeric' ? 'numeric reading of the chart series' : `vision model ${r.model}`;
  return [`**Chart reading** (${how})`, ...r.observations.slice(0, 6).map((o) => `- ${o.text}`)].join('\n');
}

/** Fallbacks taken, gaps in a reader's words, symbols with no data. */
export function caveatsSection(input: SynthesisInput): string | undefined {
  const items = [...input.notes.map((n) => `- ${n}`), ...input.gaps.map((g) => `- Not included: ${g.label.charAt(0).toLowerCase()}${g.label.slice(1)} (${g.reason}).`)];
  return items.length ? ['**Caveats**', ...items].join('\n') : undefined;
}

export function sourceLine(input: SynthesisInput): string {
  const anchored = input.entities.period.anchor !== undefined;
  const returns = input.entities.metrics?.some((m) => m.name === 'return') ? ` Returns are price returns from daily closes, measured from ${anchored ? 'the anchor close' : 'the close before the window'}.` : '';
  return `_Source: ${input.asOfLine}.${returns} Not investment advice._`;
}

export function footnotes(input: SynthesisInput): string | undefined {
  return input.footnotes.length ? input.footnotes.map((f) => `_${f}_`).join('\n') : undefined;
}
