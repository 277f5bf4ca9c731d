/**
 * The first paragraph: the answer to the question asked, in the words a person would use — the figure asked for
 * with its date or window, a yes or a no for a yes/no question, the winner and the spread for "A vs B", the leader
 * and the laggard for a group. Every figure is a tool's output; only rounding happens here.
 */
import type { SynthesisInput } from '../synthesis-model.js';
import { article, list, money, pct, points, ratio } from './format.js';
import type { Beta, CloseOnDate, MaxDrawdown, MovingAverage, RelativePerformance, Results, TechnicalsSummary } from './results.js';

type Lead = (input: SynthesisInput, r: Results) => string | undefined;

const metricNames = (input: SynthesisInput) => new Set((input.entities.metrics ?? []).map((m) => m.name));
const asked = (input: SynthesisInput, word: RegExp) => word.test(input.question.toLowerCase());
const b = (symbol: string) => `**${symbol}**`;

/** The lead sentences, most specific question first; undefined when no result answers anything. */
export function leadSentences(input: SynthesisInput, r: Results): string | undefined {
  const names = metricNames(input);
  const leads: Lead[] = [];
  if (names.has('close_on_date')) leads.push(closeLead);
  if (names.has('max_drawdown')) leads.push(drawdownLead);
  if (names.has('volatility')) leads.push(volatilityLead);
  if (names.has('beta') || names.has('correlation')) leads.push(betaLead);
  if (names.has('all_time_high')) leads.push(allTimeHighLead);
  if (names.has('high_52w') || names.has('low_52w')) leads.push(rangeLead);
  if (names.has('moving_average')) leads.push(movingAverageLead);
  if (names.has('rsi')) leads.push(rsiLead);
  if (names.has('macd')) leads.push(macdLead);
  if (names.has('bollinger')) leads.push(bollingerLead);
  if (names.has('support_resistance')) leads.push(levelsLead);
  if (names.has('crossovers')) leads.push(crossoversLead);
  const specific = leads.map((lead) => lead(input, r)).filter((s): s is string => Boolean(s));
  if (specific.length > 0) return specific.join(' ');
  return performanceLead(input, r) ?? technicalsLead(r.techs[0]) ?? quoteLead(r) ?? undefined;
}

function closeLead(_input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.closes.map((c: CloseOnDate) => {
    const move = c.changePct === null || c.change === null ? '' : `, ${c.change >= 0 ? 'up' : 'down'} ${pct(Math.abs(c.changePct), false)} (${money(Math.abs(c.change))}) from ${money(c.previousClose ?? 0)} the session before`;
    const label = c.lastSessionInProgress ? 'was trading at' : 'closed at';
    const when = c.isSession ? `on ${c.date}` : `on ${c.date}, the last session before ${c.requestedDate}`;
    return `${b(c.symbol)} ${label} ${money(c.close)} ${when}${move}.`;
  });
  const notes = r.closes.flatMap((c) => (c.note && !c.isSession ? [`${c.requestedDate} was not a trading session (a weekend or a market holiday).`] : []));
  return sentences.length ? [...sentences, ...new Set(notes)].join(' ') : undefined;
}

function drawdownLead(input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.drawdowns.map((d: MaxDrawdown) => {
    const span = `${input.entities.period.label} (${d.window.baseDate} → ${d.window.lastDate})`;
    if (d.drawdownPct >= 0) return `${b(d.symbol)} had no drawdown over ${span}: it never closed below an earlier close.`;
    const recovered = d.recoveryDate ? ` It was back at that peak by ${d.recoveryDate}.` : d.current.drawdownPct < 0 ? ` It is now ${pct(Math.abs(d.current.drawdownPct), false)} below its highest close of the window (${money(d.current.peak.close)} on ${d.current.peak.date}).` : ' It has since recovered to a new high.';
    return `${b(d.symbol)}'s maximum drawdown over ${span} was ${pct(d.drawdownPct)}: from ${money(d.peak.close)} on ${d.peak.date} to ${money(d.trough.close)} on ${d.trough.date}.${recovered}`;
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function volatilityLead(input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.vols.map((v) => `${b(v.symbol)}'s realized volatility over ${input.entities.period.label} (${v.window.baseDate} → ${v.window.lastDate}, ${v.returns} daily returns) was ${pct(v.annualizedPct, false)} annualized, about ${pct(v.dailyPct, false)} a day.`);
  return sentences.length ? sentences.join(' ') : undefined;
}

function betaLead(input: SynthesisInput, r: Results): string | undefined {
  const correlationFirst = metricNames(input).has('correlation') && !metricNames(input).has('beta');
  const sentences = r.betas.map((x: Beta) => {
    const span = `${input.entities.period.label} (${x.window.baseDate} → ${x.window.lastDate}, ${x.sessions} daily returns)`;
    const corr = x.correlation === null ? 'no correlation (it did not move)' : `a correlation of ${ratio(x.correlation)}`;
    if (correlationFirst && x.correlation !== null) return `${b(x.symbol)}'s correlation with ${x.benchmark} over ${span} was ${ratio(x.correlation)} (${strength(x.correlation)}); its beta to ${x.benchmark} was ${ratio(x.beta)}.`;
    return `${b(x.symbol)}'s beta to ${x.benchmark} over ${span} was ${ratio(x.beta)}, with ${corr}: it moved about ${ratio(x.beta)}× the market's daily moves.`.replace("the market's", `${x.benchmark}'s`);
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function strength(c: number): string {
  const a = Math.abs(c);
  const level = a >= 0.8 ? 'strong' : a >= 0.5 ? 'moderate' : a >= 0.2 ? 'weak' : 'little to none';
  return level === 'little to none' ? 'little to no correlation' : `${level} ${c >= 0 ? 'positive' : 'negative'}`;
}

function allTimeHighLead(_input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.aths.map((a) => {
    const where = a.atHigh ? `${b(a.symbol)} closed at its all-time high, ${money(a.highestClose.close)}, on ${a.highestClose.date}` : `${b(a.symbol)}'s all-time high close is ${money(a.highestClose.close)}, on ${a.highestClose.date}; the last close, ${money(a.lastClose)} on ${a.historyTo}, is ${pct(Math.abs(a.pctFromHighestClose), false)} below it`;
    const intraday = a.highestHigh.date !== a.highestClose.date || a.highestHigh.high !== a.highestClose.close ? ` The highest intraday price was ${money(a.highestHigh.high)} on ${a.highestHigh.date}.` : '';
    return `${where}. "All-time" here means since ${a.historyFrom}, where the ${a.source} history starts.${intraday}`;
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function rangeLead(input: SynthesisInput, r: Results): string | undefined {
  const names = metricNames(input);
  const sentences = r.ranges.map((x) => {
    const span = x.partial ? `${x.sessions}-session` : '52-week';
    const high = `${b(x.symbol)}'s ${span} high is ${money(x.high)} (${x.highDate}, intraday); the last close, ${money(x.lastClose)} on ${x.lastDate}, is ${pct(Math.abs(x.fromHighPct), false)} below it.`;
    const low = `${names.has('high_52w') ? 'The' : `${b(x.symbol)}'s`} ${span} low is ${money(x.low)} (${x.lowDate}), ${pct(x.fromLowPct, false)} under the last close.`;
    if (names.has('high_52w') && names.has('low_52w')) return `${high} ${low}`;
    return names.has('low_52w') ? low : high;
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function movingAverageLead(input: SynthesisInput, r: Results): string | undefined {
  if (r.averages.length === 0) return undefined;
  const yesNo = input.understanding.asks === 'yes_no';
  const bySymbol = new Map<string, MovingAverage[]>();
  for (const a of r.averages) bySymbol.set(a.symbol, [...(bySymbol.get(a.symbol) ?? []), a]);
  const sentences: string[] = [];
  for (const [symbol, averages] of bySymbol) {
    const ordered = [...averages].sort((x, y) => x.period - y.period);
    const describe = (a: MovingAverage) => `its ${a.period}-day ${a.kind === 'ema' ? 'exponential ' : ''}moving average (${money(a.value)}${a.slope ? `, ${a.slope.direction}` : ''})`;
    if (yesNo && ordered.length === 1) {
      const a = ordered[0];
      const word = askedPosition(input);
      const answer = word === undefined ? (a.position === 'above' ? 'Yes' : 'No') : a.position === word ? 'Yes' : 'No';
      sentences.push(`${answer}: ${b(symbol)} closed at ${money(a.lastClose)} on ${a.date}, ${pct(Math.abs(a.distancePct), false)} ${a.position === 'at' ? 'at' : a.position} ${describe(a)}.`);
    } else {
      const parts = ordered.map((a) => `${pct(Math.abs(a.distancePct), false)} ${a.position === 'at' ? 'at' : a.position} ${describe(a)}`);
      const value = ordered.length === 1 ? `${b(symbol)}'s ${ordered[0].period}-day moving average is ${money(ordered[0].value)} (${ordered[0].date}); the last close, ${money(ordered[0].lastClose)}, is ${parts[0].replace(/ its \d+-day.*$/, '')} it.` : `${b(symbol)} closed at ${money(ordered[0].lastClose)} on ${ordered[0].date}: ${list(parts)}.`;
      sentences.push(value);
    }
  }
  return sentences.join(' ');
}

/** "is it above/below/under its 50 day?": the position the question asks about. */
function askedPosition(input: SynthesisInput): 'above' | 'below' | undefined {
  if (asked(input, /\b(?:below|under|beneath)\b/)) return 'below';
  if (asked(input, /\b(?:above|over)\b/)) return 'above';
  return undefined;
}

function rsiLead(input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.techs.flatMap((t: TechnicalsSummary) => {
    if (!t.rsi) return [];
    const v = t.rsi.value;
    const at = `${b(t.symbol)}'s RSI(14) is ${v.toFixed(1)} on ${t.asOf}`;
    if (input.understanding.asks === 'yes_no' || asked(input, /\bover(?:bought|sold)\b/)) {
      const oversold = asked(input, /\boversold\b/) && !asked(input, /\boverbought\b/);
      if (oversold) return [v < 30 ? `Yes, oversold: ${at}, below 30.` : `Not oversold: ${at} (oversold is below 30).`];
      return [v > 70 ? `Yes, overbought: ${at}, above 70.` : `Not overbought: ${at} (overbought is above 70)${v < 30 ? '; it is oversold, below 30' : ''}.`];
    }
    return [`${at}: ${t.rsi.regime} (70 and above is overbought, 30 and below oversold).`];
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function macdLead(_input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.techs.flatMap((t) => {
    if (!t.macd) return [];
    const m = t.macd;
    const cross = m.lastCrossover ? `; the last ${m.lastCrossover.direction} crossover was on ${m.lastCrossover.date}` : '';
    return [`${b(t.symbol)}'s MACD is ${m.state}: ${m.macd.toFixed(2)} ${m.macd >= m.signal ? 'above' : 'below'} its signal line (${m.signal.toFixed(2)}) on ${t.asOf}, ${m.aboveZero ? 'above' : 'below'} zero${cross}.`];
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function bollingerLead(_input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.techs.flatMap((t) => (t.bollinger ? [`${b(t.symbol)} closed at ${money(t.close)} on ${t.asOf}, in the ${t.bollinger.position.replace(/_/g, ' ')} of its Bollinger bands (20, 2): ${money(t.bollinger.lower)} to ${money(t.bollinger.upper)}.`] : []));
  return sentences.length ? sentences.join(' ') : undefined;
}

function levelsLead(_input: SynthesisInput, r: Results): string | undefined {
  const sentences = r.techs.map((t) => {
    const sup = t.levels.support.slice(0, 2).map((l) => `${money(l.price)} (${pct(l.distancePct)})`);
    const res = t.levels.resistance.slice(0, 2).map((l) => `${money(l.price)} (${pct(l.distancePct)})`);
    return `${b(t.symbol)} (close ${money(t.close)} on ${t.asOf}): support at ${sup.length ? list(sup) : 'no level below in the lookback'}; resistance at ${res.length ? list(res) : 'no level above in the lookback (it trades at the top of its recent range)'}.`;
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

function crossoversLead(input: SynthesisInput, r: Results): string | undefined {
  const golden = asked(input, /\bgolden\b/);
  const death = asked(input, /\bdeath\b/);
  const sentences = r.techs.map((t) => {
    const wanted = t.crossovers.filter((c) => (golden ? c.kind === 'golden_cross' : death ? c.kind === 'death_cross' : true));
    const span = `${input.entities.period.label} (${input.entities.period.from} → ${input.entities.period.to})`;
    if (golden || death) {
      const name = golden ? 'golden cross (the 50-day average crossing above the 200-day)' : 'death cross (the 50-day average crossing below the 200-day)';
      const last = wanted.at(-1);
      const now = t.trend.sma50VsSma200 ? ` The 50-day is ${t.trend.sma50VsSma200} the 200-day now.` : '';
      return last ? `Yes: ${b(t.symbol)} had a ${name} on ${last.date}.${now}` : `No ${name} for ${b(t.symbol)} in ${span}.${now}`;
    }
    const last = wanted.slice(-3).map((c) => `${c.kind.replace(/_/g, ' ')} on ${c.date}`);
    return last.length ? `${b(t.symbol)}'s crossovers in ${span}: ${list(last)}.` : `${b(t.symbol)} had no moving-average crossovers in ${span}.`;
  });
  return sentences.length ? sentences.join(' ') : undefined;
}

/** Returns: a winner for "A vs B", a leader and laggard for a group, a yes/no for "has it outperformed…?". */
function performanceLead(input: SynthesisInput, r: Results): string | undefined {
  const perf = r.perf;
  if (!perf) return undefined;
  const subjects = perf.rows.filter((row) => row.role === 'subject');
  if (subjects.length === 0) return undefined;
  const bench = perf.rows.find((row) => row.role === 'benchmark' && !subjects.some((s) => s.symbol === row.symbol));
  const anchor = r.anchors[0];
  const period = input.entities.period;
  const span = anchor
    ? `since ${anchor.symbol}'s ${anchorWords(anchor.kind, period.label)} (${money(anchor.close)} on ${anchor.date}) to ${perf.window.to}`
    : `${period.label} (from the ${perf.window.from} close to ${perf.window.to})`;
  const asks = input.understanding.asks;

  if (subjects.length >= 3 || (input.entities.group && subjects.length >= 2)) {
    const sorted = [...subjects].sort((a, c) => c.returnPct - a.returnPct);
    const [best, worst] = [sorted[0], sorted[sorted.length - 1]];
    const who = input.entities.group ? `Of ${input.entities.group.label}` : `Of ${list(subjects.map((s) => s.symbol))}`;
    const benchBit = bench ? ` ${bench.symbol} returned ${pct(bench.returnPct)}.` : '';
    return `${who} ${span}, ${b(best.symbol)} did best (${pct(best.returnPct)}) and ${b(worst.symbol)} did worst (${pct(worst.returnPct)}), a gap of ${points(best.returnPct - worst.returnPct)}.${benchBit}`;
  }
  if (subjects.length === 2) {
    const [x, y] = [...subjects].sort((a, c) => c.returnPct - a.returnPct);
    const verb = x.returnPct === y.returnPct ? 'matched' : 'did better than';
    const benchBit = bench ? ` ${bench.symbol} returned ${pct(bench.returnPct)} over the same window.` : '';
    return `${b(x.symbol)} ${verb} ${b(y.symbol)} ${span}: ${pct(x.returnPct)} against ${pct(y.returnPct)}, a lead of ${points(x.returnPct - y.returnPct)}.${benchBit}`;
  }
  const s = subjects[0];
  const move = `${b(s.symbol)} ${s.returnPct >= 0 ? 'gained' : 'lost'} ${pct(Math.abs(s.returnPct), false)} ${span}`;
  const tech = r.techs.find((t) => t.symbol === s.symbol);
  // A plain "how did it do" gets the return; the overview question also gets the technical picture in a sentence.
  const techBit = tech && !metricNames(input).has('return') ? ` Technically it is in ${article(tech.trend.direction)} ${tech.trend.direction}${tech.rsi ? ` with RSI ${tech.rsi.value.toFixed(1)} (${tech.rsi.regime})` : ''}.` : '';
  if (!bench || s.vsBenchmarkPp === null) return `${move}.${techBit}`;
  const ahead = s.vsBenchmarkPp >= 0;
  const versus = `${ahead ? 'outperforming' : 'underperforming'} ${bench.symbol} (${pct(bench.returnPct)}) by ${points(s.vsBenchmarkPp)}`;
  if (asks === 'yes_no' && asked(input, /\b(?:out|under)perform|\bbeat\b|\bbetter\b|\blag/)) {
    const underAsked = asked(input, /\bunderperform|\blag/);
    const yes = underAsked ? !ahead : ahead;
    return `${yes ? 'Yes' : 'No'}: ${move}, ${versus}.${techBit}`;
  }
  return `${move}, ${versus}.${techBit}`;
}

/** "March low", "April high", "low of the year", "52-week high": the anchor as the question named it. */
function anchorWords(kind: string, label: string): string {
  if (kind === 'high_52w') return '52-week high';
  if (kind === 'low_52w') return '52-week low';
  const named = /^since the (.+)$/.exec(label)?.[1];
  if (named) return named.startsWith("year's ") ? `${named.slice(7)} of the year` : named;
  return kind === 'low' || kind === 'lowest_close' ? 'low' : 'high';
}

function technicalsLead(t: TechnicalsSummary | undefined): string | undefined {
  if (!t) return undefined;
  return `${b(t.symbol)} closed at ${money(t.close)} on ${t.asOf} and is in ${article(t.trend.direction)} ${t.trend.direction}${t.rsi ? ` with RSI(14) at ${t.rsi.value.toFixed(1)} (${t.rsi.regime})` : ''}.`;
}

function quoteLead(r: Results): string | undefined {
  const q = r.quotes[0];
  if (!q) return undefined;
  const profile = r.profiles.find((p) => p.symbol === q.symbol);
  const name = profile ? `${profile.name} (${b(q.symbol)})` : b(q.symbol);
  const change = q.changePct === null || q.change === null ? '' : `, ${q.change >= 0 ? 'up' : 'down'} ${money(Math.abs(q.change))} (${pct(q.changePct)}) on the day`;
  return `${name} last traded at ${money(q.price)} on ${q.asOf}${change}.`;
}
