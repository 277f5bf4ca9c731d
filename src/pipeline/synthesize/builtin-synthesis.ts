/**
 * The builtin (offline, deterministic) synthesis model: turns the structured results into a clear markdown
 * answer — a one-line verdict, a performance table vs the benchmark with the window's dates, technicals, the
 * chart reading, caveats and gaps, and an "as of" line. Every number is formatted from a tool output; nothing is
 * computed here that a tool did not compute, except rounding.
 */
import type { ChartAnalysis } from '../../tools/chart-reading/vision-model.js';
import type { SynthesisInput, SynthesisModel, SynthesisResult } from './synthesis-model.js';
import type { RelativePerformance } from '../../tools/indicators/relative-performance-schema.js';
import type { TechnicalsSummary } from '../../tools/indicators/technicals-summary-schema.js';
import type { Quote, Profile } from '../../tools/market/types.js';

export class BuiltinSynthesis implements SynthesisModel {
  readonly id = 'builtin';

  async synthesize(input: SynthesisInput, options: { signal: AbortSignal; onDelta?: (text: string) => void }) {
    const sections = writeAnswer(input);
    let text = '';
    for (const section of sections) {
      options.signal.throwIfAborted();
      const chunk = (text ? '\n\n' : '') + section;
      text += chunk;
      options.onDelta?.(chunk);
    }
    return { text };
  }
}

export function writeAnswer(input: SynthesisInput): string[] {
  const perf = first<RelativePerformance>(input.results, 'relative_performance');
  const techs = all<TechnicalsSummary>(input.results, 'technicals_summary');
  const readings = [...all<ChartAnalysis>(input.results, 'analyze_chart'), ...all<ChartAnalysis>(input.results, 'chart_numeric_reading')];
  const quotes = all<Quote>(input.results, 'get_quote');
  const profiles = all<Profile>(input.results, 'get_profile');
  const others = input.results.filter((r) => !KNOWN.has(r.tool));

  const sections: string[] = [];
  const verdict = verdictLine(perf, techs[0], quotes[0]);
  if (verdict) sections.push(verdict);
  if (perf) sections.push(performanceSection(perf));
  for (const q of quotes) sections.push(quoteLine(q, profiles.find((p) => p.symbol === q.symbol)));
  for (const t of techs) sections.push(technicalsSection(t));
  for (const r of readings) if (r.observations.length) sections.push(chartSection(r));
  for (const o of others) sections.push(`**${o.label}:** ${o.summary || 'done'}`);
  const caveats = caveatsSection(input);
  if (caveats) sections.push(caveats);
  if (sections.length === 0) sections.push('I ran the analysis but none of the steps produced a result I can report.');
  sections.push(`_Source: ${input.asOfLine}. Figures are price returns from daily closes; not investment advice._`);
  return sections;
}

const KNOWN = new Set(['relative_performance', 'technicals_summary', 'analyze_chart', 'chart_numeric_reading', 'get_quote', 'get_profile', 'get_bars', 'indicators', 'render_chart']);

function verdictLine(perf: RelativePerformance | undefined, tech: TechnicalsSummary | undefined, quote: Quote | undefined): string | undefined {
  if (perf) {
    const subjects = perf.rows.filter((r) => r.role === 'subject');
    const bench = perf.rows.find((r) => r.role === 'benchmark');
    if (subjects.length > 2) {
      // Many symbols: lead with the leader and the laggard; the table has the rest.
      const sorted = [...subjects].sort((a, b) => b.returnPct - a.returnPct);
      const [best, worst] = [sorted[0], sorted[sorted.length - 1]];
      const benchBit = bench ? ` The benchmark ${bench.symbol} returned ${pct(bench.returnPct)}.` : '';
      return `From ${perf.window.from} to ${perf.window.to}, **${best.symbol}** led (${pct(best.returnPct)}) and **${worst.symbol}** lagged (${pct(worst.returnPct)}).${benchBit}`;
    }
    const parts = subjects.map((s) => {
      const verb = s.returnPct >= 0 ? 'gained' : 'lost';
      let line = `**${s.symbol}** ${verb} ${pct(Math.abs(s.returnPct), false)} from ${s.startDate} to ${s.endDate}`;
      if (bench && s.vsBenchmarkPp !== null) {
        const rel = s.vsBenchmarkPp >= 0 ? 'outperforming' : 'underperforming';
        line += `, ${rel} ${bench.symbol} (${pct(bench.returnPct)}) by ${Math.abs(s.vsBenchmarkPp).toFixed(1)} percentage points`;
      }
      return line;
    });
    const techBit = tech ? ` Technically it is in ${article(tech.trend.direction)} ${tech.trend.direction}${tech.rsi ? ` with RSI ${tech.rsi.value.toFixed(1)} (${tech.rsi.regime})` : ''}.` : '';
    return `${parts.join('; ')}.${techBit}`;
  }
  if (tech) return `**${tech.symbol}** closed at ${money(tech.close)} on ${tech.asOf} and is in ${article(tech.trend.direction)} ${tech.trend.direction}${tech.rsi ? `, RSI ${tech.rsi.value.toFixed(1)} (${tech.rsi.regime})` : ''}.`;
  if (quote) return undefined; // the quote line says it all
  return undefined;
}

function performanceSection(perf: RelativePerformance): string {
  const header = `**Performance, ${perf.window.from} → ${perf.window.to}** (${perf.window.sessions} sessions)`;
  const rows = perf.rows.map((r) => {
    const role = r.role === 'subject' ? '' : r.role === 'benchmark' ? ' (benchmark)' : ' (sector view)';
    const vs = r.vsBenchmarkPp === null ? '' : `${r.vsBenchmarkPp >= 0 ? '+' : '−'}${Math.abs(r.vsBenchmarkPp).toFixed(1)} pp`;
    return `| ${r.symbol}${role} | ${money(r.startClose)} | ${money(r.endClose)} | ${pct(r.returnPct)} | ${vs} |`;
  });
  return [header, '', `| Symbol | Close ${perf.window.from} | Close ${perf.window.to} | Return | vs ${perf.benchmark} |`, '|---|---:|---:|---:|---:|', ...rows].join('\n');
}

function quoteLine(q: Quote, profile?: Profile): string {
  const name = profile ? `${profile.name} (**${q.symbol}**)` : `**${q.symbol}**`;
  const change = q.changePct === null || q.change === null ? '' : `, ${q.change >= 0 ? 'up' : 'down'} ${money(Math.abs(q.change))} (${pct(q.changePct)}) on the day`;
  return `${name} last traded at ${money(q.price)} on ${q.asOf}${change}.`;
}

function technicalsSection(t: TechnicalsSummary): string {
  const lines: string[] = [`**Technicals — ${t.symbol}** (close ${money(t.close)} on ${t.asOf})`];
  const { sma50, sma200 } = t.trend;
  const mas: string[] = [];
  if (sma50) mas.push(`${pct(sma50.closeVsPct)} vs its 50-day average (${money(sma50.value)}${sma50.slope ? `, ${sma50.slope}` : ''})`);
  if (sma200) mas.push(`${pct(sma200.closeVsPct)} vs its 200-day average (${money(sma200.value)}${sma200.slope ? `, ${sma200.slope}` : ''})`);
  if (mas.length) lines.push(`- Trend: ${t.trend.direction}; price is ${mas.join(' and ')}.${t.trend.sma50VsSma200 ? ` The 50-day is ${t.trend.sma50VsSma200} the 200-day.` : ''}`);
  else lines.push(`- Trend: ${t.trend.direction}.`);
  if (t.crossovers.length) {
    const last = t.crossovers.slice(-3).map((c) => `${c.kind.replace(/_/g, ' ')} on ${c.date}`);
    lines.push(`- Crossovers in the window: ${last.join(', ')}.`);
  }
  if (t.rsi) lines.push(`- RSI(14): ${t.rsi.value.toFixed(1)} — ${t.rsi.regime} (window range ${t.rsi.windowLow.toFixed(1)}–${t.rsi.windowHigh.toFixed(1)}).`);
  if (t.macd) {
    const cross = t.macd.lastCrossover ? `; last ${t.macd.lastCrossover.direction} crossover on ${t.macd.lastCrossover.date}` : '';
    lines.push(`- MACD: ${t.macd.state} (MACD ${t.macd.macd.toFixed(2)} vs signal ${t.macd.signal.toFixed(2)}, ${t.macd.aboveZero ? 'above' : 'below'} zero${cross}).`);
  }
  const r = t.range52w;
  lines.push(
    `- ${r.partial ? `${r.sessions}-session` : '52-week'} range: high ${money(r.high)} (${r.highDate}), low ${money(r.low)} (${r.lowDate}); the close is ${pct(r.fromHighPct)} from the high and ${pct(r.fromLowPct)} above the low.`,
  );
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

function caveatsSection(input: SynthesisInput): string | undefined {
  const items = [...input.notes.map((n) => `- ${n}`), ...input.gaps.map((g) => `- Missing: ${g.label} — ${g.reason}`)];
  if (input.entities.unknown.length) items.push(`- Not found: ${input.entities.unknown.join(', ')}.`);
  return items.length ? ['**Caveats**', ...items].join('\n') : undefined;
}

function first<T>(results: SynthesisResult[], tool: string): T | undefined {
  return results.find((r) => r.tool === tool)?.data as T | undefined;
}

function all<T>(results: SynthesisResult[], tool: string): T[] {
  return results.filter((r) => r.tool === tool).map((r) => r.data as T);
}

function pct(value: number, signed = true): string {
  const sign = !signed ? '' : value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${Math.abs(value).toFixed(1)}%`;
}

function money(value: number): string {
  return value >= 1000 ? value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 }) : value.toFixed(2);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
