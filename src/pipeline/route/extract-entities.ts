/**
 * Entities of a question: the symbols it is about, the benchmark (named, inherited from the thread, or a default:
 * the sector ETF of the symbols' GICS sector, else SPY), further views of the benchmark, and the period. Problems
 * (no ticker, unknown or unavailable symbols, too many, future or reversed windows) come back as typed data.
 */
import type { Entities, Period } from '../events/events.js';
import type { Inherited } from './router.js';
import { BENCHMARK_GROUPS, type BenchmarkGroup } from '../../tools/market/benchmark-groups.js';
import type { SymbolDirectory } from '../../tools/market/symbol-directory.js';
import { findMentions, type Mention } from './find-mentions.js';
import { BENCHMARK_INTENTS, PRICE_INTENTS, type Intent } from './intents.js';
import { defaultPeriod, parsePeriod } from './parse-period.js';
import { escapeMarkdown, listSymbols, MAX_QUESTION_CHARS, MAX_TICKERS, problem, type RouteProblem } from './route-problem.js';

export type ExtractOptions = {
  readonly directory: SymbolDirectory;
  /** The provider's reference date ("now" for the data), YYYY-MM-DD. */
  readonly referenceDate: string;
  /** `provider.availableSymbols()`: the closed set offline; undefined when the provider is live (open set). */
  readonly available?: readonly string[];
  /** Follow-ups in a thread: fills in what the question does not name. */
  readonly inherit?: Inherited;
  /** The classified intent: picks the default period and whether a default benchmark applies. @default 'overview' */
  readonly intent?: Intent;
  /** How answers name the data, e.g. "offline dataset". @default "the dataset" */
  readonly sourceLabel?: string;
};

export type EntitySource = 'named' | 'inherited' | 'default' | 'none';

export type ExtractedEntities = {
  entities: Entities;
  problems: RouteProblem[];
  /** Where each entity came from, so answers can say "compared with XLK (default: NVDA's sector ETF)". */
  sources: { tickers: EntitySource; benchmark: EntitySource; period: EntitySource };
  /** Words read through a correction: "Nvidea" as NVDA, "ON" in capitals as the ticker ON. */
  corrections: { typed: string; read: string }[];
  /** What was taken for granted, in words a person reads. */
  assumptions: string[];
};

/** Words that set funds against each other ("SMH or SOXX", "XLK vs XLC, who did better"): all of them are subjects. */
const HEAD_TO_HEAD = /\b(?:which|who|better|worse|won|winning|winner|best|worst)\b|\$?[a-z^]{2,6} or \$?[a-z^]{2,6}\b/;

/** Words that ask to rank or pick among several: a named group is then its members, not a benchmark. */
const RANKS = /\b(?:which|who|whose|best|worst|top|bottom|leaders?|laggards?|leading|lagging|winning|winners?|won|losers?|losing|rank(?:ed|ing|s)?|most|least|strongest|weakest|led|leads?|lags?|outperformers?|underperformers?|ahead|behind|biggest|hardest|each|individually)\b/;

/** `label` is for answers ("semiconductors (PHLX Semiconductor Index, ^SOX)"); `what` is the short name for messages. */
type Bench = { primary: string; alts: string[]; label: string; what: string };

export function extractEntities(question: string, options: ExtractOptions): ExtractedEntities {
  const { directory, referenceDate, inherit } = options;
  const intent = options.intent ?? 'overview';
  const closed = options.available !== undefined;
  const availableSet = new Set(options.available ?? []);
  const isAvailable = (symbol: string) => !closed || availableSet.has(symbol);
  const source = options.sourceLabel ?? 'the dataset';
  const availableList = () => listSymbols([...availableSet].sort());
  const problems: RouteProblem[] = [];
  const corrections: ExtractedEntities['corrections'] = [];
  const assumptions: string[] = [];
  const empty = (): ExtractedEntities => ({
    entities: { tickers: [], benchmark: null, altBenchmarks: [], benchmarkLabel: null, period: defaultPeriod(intent, referenceDate), unknown: [] },
    problems,
    sources: { tickers: 'none', benchmark: 'none', period: 'default' },
    corrections,
    assumptions,
  });

  if (question.trim() === '') {
    problems.push(problem('empty_question', true, 'Your message is empty. Ask me about a stock, for example: "How has NVDA done against the semiconductor sector over the past quarter?"'));
    return empty();
  }
  if (question.length > MAX_QUESTION_CHARS) {
    problems.push(problem('question_too_long', true, `Your message is ${question.length.toLocaleString('en-US')} characters long; please keep questions under ${MAX_QUESTION_CHARS.toLocaleString('en-US')} characters.`));
    return empty();
  }

  const ranks = RANKS.test(question.toLowerCase());
  const mentions = expandGroups(findMentions(question, directory), ranks);
  for (const m of mentions) if (m.kind === 'symbol' && m.typed && !corrections.some((c) => c.typed === m.typed)) corrections.push({ typed: m.typed, read: m.symbol });
  const group = mentions.find((m): m is Extract<Mention, { kind: 'members' }> => m.kind === 'members');
  const headToHead = HEAD_TO_HEAD.test(question.toLowerCase());
  const { subjects: named, benchmarks: benchMentions } = assignSeats(mentions, directory, closed, headToHead, Boolean(inherit?.tickers?.length));

  // Unknown and unavailable symbols; assets with no prices ("gold") are named as such.
  const assets = unique(mentions.flatMap((m) => (m.kind === 'unknown' && m.asset ? [m.text] : [])));
  const unknown = unique(mentions.flatMap((m) => (m.kind === 'unknown' && !m.asset && (closed || m.text.startsWith('^')) ? [m.text] : [])));
  // With a live provider any symbol may exist: it is asked for, and the provider names what it does not know.
  const liveGuesses = closed ? [] : mentions.flatMap((m) => (m.kind === 'unknown' && !m.asset && !m.text.startsWith('^') ? [m.text] : []));
  const unavailable = named.filter((symbol) => !isAvailable(symbol));
  let tickers = unique([...named.filter(isAvailable), ...liveGuesses]);

  let tickerSource: EntitySource = 'named';
  if (tickers.length === 0 && unknown.length === 0 && unavailable.length === 0 && inherit?.tickers?.length) {
    tickers = inherit.tickers.filter(isAvailable).slice(0, MAX_TICKERS);
    tickerSource = 'inherited';
  }
  const blocked = tickers.length === 0;
  if (assets.length > 0) {
    const what = listSymbols(assets);
    problems.push(problem('unknown_ticker', blocked, `I don't have prices for ${what}: I cover listed stocks, ETFs and indices${closed ? ` (in the ${source}: ${availableList()})` : ''}.`, assets));
  }
  if (unknown.length > 0) {
    const what = unknown.length === 1 ? `the symbol ${listSymbols(unknown)}` : `the symbols ${listSymbols(unknown)}`;
    const hint = closed ? ` Symbols with data in the ${source}: ${availableList()}.` : '';
    problems.push(problem('unknown_ticker', blocked, `I don't know ${what}.${hint}`, unknown));
  }
  if (unavailable.length > 0) {
    const what = listSymbols(unavailable);
    problems.push(problem('symbol_unavailable', blocked, `The ${source} has no data for ${what}. Symbols with data: ${availableList()}.`, unavailable));
  }
  if (blocked && unknown.length === 0 && unavailable.length === 0) {
    const hint = closed ? ` Symbols with data in the ${source}: ${availableList()}.` : '';
    problems.push(problem('no_ticker', true, `I couldn't find a stock symbol or company name in your question. Name one like "$NVDA" or "Nvidia".${hint}`));
  }
  // A named group is looked at whole (the Magnificent Seven are seven); otherwise the usual cap.
  const cap = Math.max(MAX_TICKERS, group ? group.group.members.length : 0);
  if (tickers.length > cap) {
    const dropped = tickers.slice(cap);
    problems.push(problem('too_many_tickers', false, `You asked about ${tickers.length} symbols; I can look at ${cap} at a time, so I used ${listSymbols(tickers.slice(0, cap))} and left out ${listSymbols(dropped)}.`, dropped));
    tickers = tickers.slice(0, cap);
  }
  if (tickers.length === 0) tickerSource = 'none';

  // Benchmark: named > inherited > default (only for intents that compare).
  let bench: Bench | undefined;
  let benchSource: EntitySource = 'none';
  const tickerSet = new Set(tickers);
  if (benchMentions.length > 0) {
    const [first, ...rest] = benchMentions;
    const resolved = resolveBenchmark(first, directory, closed);
    const extra = rest.flatMap((m) => (m.kind === 'group' ? [choose(m.group, closed).primary] : m.kind === 'members' && m.benchmark ? [choose(m.benchmark, closed).primary] : m.kind === 'symbol' ? [m.symbol] : []));
    bench = { ...resolved, alts: [...resolved.alts, ...extra] };
    benchSource = 'named';
    if (!isAvailable(bench.primary) || tickerSet.has(bench.primary)) {
      const substitute = bench.alts.find((alt) => isAvailable(alt) && !tickerSet.has(alt)) ?? (isAvailable('SPY') && !tickerSet.has('SPY') ? 'SPY' : undefined);
      if (!isAvailable(bench.primary)) {
        const instead = substitute ? ` I compared with ${substitute} instead.` : '';
        problems.push(problem('benchmark_unavailable', false, `The ${source} has no data for ${bench.primary} (${bench.what}).${instead}`, [bench.primary]));
      }
      bench = substitute ? { primary: substitute, alts: bench.alts.filter((alt) => alt !== substitute), label: labelOf(substitute, directory), what: substitute } : undefined;
    }
  } else if (inherit?.benchmark && !tickerSet.has(inherit.benchmark) && isAvailable(inherit.benchmark)) {
    bench = { primary: inherit.benchmark, alts: [...(inherit.altBenchmarks ?? [])], label: inherit.benchmarkLabel ?? labelOf(inherit.benchmark, directory), what: inherit.benchmark };
    benchSource = 'inherited';
  } else if (BENCHMARK_INTENTS.has(intent) && tickers.length > 0) {
    const industry = industryBenchmark(tickers, directory, closed, isAvailable);
    const primary = industry?.primary ?? defaultBenchmark(tickers, directory, isAvailable);
    if (industry) bench = industry;
    else if (primary) bench = { primary, alts: [], label: labelOf(primary, directory), what: primary };
    if (bench) benchSource = 'default';
  }
  const altBenchmarks = bench ? unique(bench.alts).filter((alt) => alt !== bench.primary && !tickerSet.has(alt) && isAvailable(alt)) : [];

  // Period: named > inherited > default for the intent.
  let period: Period;
  let periodSource: EntitySource = 'named';
  const parsed = parsePeriod(question, referenceDate);
  if (parsed) {
    period = parsed.period;
    const requested = parsed.requested ? `${parsed.requested.from} → ${parsed.requested.to}` : `${period.from} → ${period.to}`;
    if (parsed.issue === 'future') {
      const fatal = PRICE_INTENTS.has(intent);
      problems.push(problem('future_range', fatal, `That period (${requested}) is in the future: the ${source} runs to ${referenceDate}, and I don't forecast prices.`));
      if (!fatal) period = defaultPeriod(intent, referenceDate);
    } else if (parsed.issue === 'reversed') {
      problems.push(problem('reversed_range', true, `That period runs backwards (${requested}); did you mean ${parsed.period.to} → ${parsed.period.from}?`));
    } else if (parsed.issue === 'clamped') {
      problems.push(problem('range_clamped', false, `The ${source} runs to ${referenceDate}, so the window ${requested} ends there.`));
    } else if (parsed.issue === 'invalid') {
      problems.push(problem('invalid_date', true, `I couldn't read "${escapeMarkdown(parsed.invalid ?? '')}" as a date or a period: ${invalidHint(parsed.invalid ?? '', referenceDate, source)}`));
    }
  } else if (inherit?.period) {
    period = inherit.period;
    periodSource = 'inherited';
  } else {
    period = defaultPeriod(intent, referenceDate);
    periodSource = 'default';
  }
  // An anchor is read off the first subject's prices ("since TSLA's March low").
  if (period.anchor && tickers.length > 0) period = { ...period, anchor: { ...period.anchor, ticker: period.anchor.ticker ?? tickers[0] } };

  if (tickerSource === 'inherited') assumptions.push(`kept ${listSymbols(tickers)} from the earlier question in this thread`);
  if (periodSource === 'inherited') assumptions.push(`kept the earlier window (${period.label}, ${period.from} → ${period.to})`);
  if (benchSource === 'default' && bench) assumptions.push(`no benchmark named: compared with ${bench.primary}`);

  return {
    entities: {
      tickers,
      benchmark: bench?.primary ?? null,
      altBenchmarks,
      benchmarkLabel: bench?.label ?? null,
      period,
      unknown: unique([...assets, ...unknown, ...unavailable]),
      ...(group && tickers.length > 1 ? { group: { id: group.group.id, label: group.group.label } } : {}),
    },
    problems,
    sources: { tickers: tickerSource, benchmark: bench ? benchSource : 'none', period: periodSource },
    corrections,
    assumptions,
  };
}

/** Why a date or span could not be read, with what the data covers. */
function invalidHint(text: string, referenceDate: string, source: string): string {
  if (/\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4}|[a-z]+ \d{1,2}/i.test(text) && !/(?:day|week|month|year|session)s?$/i.test(text)) return `that day does not exist. Try a date like ${referenceDate}.`;
  if (/(?:^|\s)(?:nan|inf(?:inity)?|zero|0+|-\s?\d[\d,.]*) ?[a-z]/i.test(text.trim())) return `a span needs a positive number of days, weeks, months or years. Try "past 30 days" or "past year".`;
  return `that span is longer than any market history. The ${source} runs to ${referenceDate}; try "past year", "YTD" or "since 2024".`;
}

/**
 * A group named with a ranking ("which mag 7 stock…", "chip stocks: who leads?") is its members; a group that is
 * only ever members (mag 7, FAANG) is always expanded; sector words without a ranking stay benchmarks.
 */
function expandGroups(mentions: readonly Mention[], ranks: boolean): Mention[] {
  const namesStocks = mentions.some((m) => m.kind === 'symbol' || (m.kind === 'unknown' && !m.asset));
  return mentions.flatMap((m): Mention[] => {
    if (m.kind !== 'members') return [m];
    const expand = !m.group.alsoBenchmark || ranks || (!namesStocks && !m.comparator);
    if (!expand) return m.benchmark ? [{ kind: 'group', group: m.benchmark, comparator: m.comparator, index: m.index }] : [];
    // Named ETFs ("which semis ETF, SMH or SOXX?") already say which members: the group word only describes them.
    if (m.group.id === 'semis-etfs' && namesStocks) return [];
    return [m];
  });
}

/**
 * Who is the subject and who the benchmark. Stocks are subjects. A fund, index or sector word is a benchmark when
 * it follows "vs"/"relative to"/…, or when stocks are present; with no stocks, the first one is the subject.
 */
function assignSeats(mentions: readonly Mention[], directory: SymbolDirectory, closed: boolean, headToHead: boolean, threadHasSubject: boolean): { subjects: string[]; benchmarks: Mention[] } {
  const subjects: string[] = [];
  const tentative: Mention[] = [];
  const comparators: Mention[] = [];
  let unknownSubject = false;
  for (const m of mentions) {
    if (m.kind === 'unknown') {
      // "How has ZZZZQ done vs the market?": the unknown word holds the subject's seat; the market stays the benchmark.
      if (!mentions.some((o) => o.kind === 'symbol' && o.index < m.index && !o.comparator)) unknownSubject = true;
      continue;
    }
    if (m.kind === 'members') {
      subjects.push(...m.group.members);
      continue;
    }
    const isStock = m.kind === 'symbol' && directory.get(m.symbol)?.kind === 'stock';
    if (isStock) subjects.push(m.symbol);
    else if (m.comparator) comparators.push(m);
    else tentative.push(m);
  }
  const hasLiveGuess = !closed && mentions.some((m) => m.kind === 'unknown' && !m.text.startsWith('^'));
  // Explicit funds compared with each other ("SMH or SOXX", "XLK vs XLC"): every named fund is a subject.
  const funds = [...tentative, ...comparators].filter((m) => m.kind === 'symbol');
  const listed = comparators.length === 0 && tentative.length >= 2;
  if (subjects.length === 0 && !unknownSubject && (headToHead || listed) && funds.length >= 2 && funds.length === tentative.length + comparators.length) {
    return { subjects: unique(funds.map((m) => (m.kind === 'symbol' ? m.symbol : ''))).filter(Boolean), benchmarks: [] };
  }
  if (subjects.length === 0 && !hasLiveGuess && !unknownSubject) {
    // "what's its beta to QQQ" in a thread: "its" is the thread's subject; QQQ stays what it is measured against.
    const promoted = tentative.shift() ?? (threadHasSubject ? undefined : comparators.shift());
    if (promoted) subjects.push(promoted.kind === 'symbol' ? promoted.symbol : promoted.kind === 'group' ? choose(promoted.group, closed).primary : '');
  }
  return { subjects: unique(subjects.filter(Boolean)), benchmarks: [...comparators, ...tentative] };
}

/** Stocks of one industry clearer than their GICS sector (semiconductors) → that industry's benchmark. */
function industryBenchmark(tickers: readonly string[], directory: SymbolDirectory, closed: boolean, isAvailable: (s: string) => boolean): Bench | undefined {
  const entries = tickers.map((t) => directory.get(t));
  if (!entries.every((e) => e?.kind === 'stock' && e.subIndustry === 'Semiconductors')) return undefined;
  const semis = BENCHMARK_GROUPS.find((g) => g.id === 'semiconductors');
  if (!semis) return undefined;
  const choice = choose(semis, closed);
  const primary = [choice.primary, ...choice.alts].find((s) => isAvailable(s) && !tickers.includes(s));
  if (!primary) return undefined;
  const name = directory.get(primary)?.name;
  return { primary, alts: [], label: `${semis.label} (${name ? `${name}, ` : ''}${primary})`, what: semis.label };
}

function choose(group: BenchmarkGroup, closed: boolean) {
  return closed ? group.offline : group.live;
}

function resolveBenchmark(mention: Mention, directory: SymbolDirectory, closed: boolean): Bench {
  if (mention.kind === 'group') {
    const choice = choose(mention.group, closed);
    const name = directory.get(choice.primary)?.name;
    return { primary: choice.primary, alts: [...choice.alts], label: `${mention.group.label} (${name ? `${name}, ` : ''}${choice.primary})`, what: mention.group.label };
  }
  if (mention.kind === 'members') {
    const members = mention.group.members;
    return { primary: members[0], alts: members.slice(1), label: mention.group.label, what: mention.group.label };
  }
  const symbol = mention.kind === 'symbol' ? mention.symbol : mention.text;
  return { primary: symbol, alts: [], label: labelOf(symbol, directory), what: directory.get(symbol)?.name ?? symbol };
}

/** Stocks sharing one GICS sector → that sector's ETF; otherwise (or for funds) SPY; none if neither has data. */
function defaultBenchmark(tickers: readonly string[], directory: SymbolDirectory, isAvailable: (s: string) => boolean): string | undefined {
  const entries = tickers.map((t) => directory.get(t));
  const sectors = new Set(entries.map((e) => (e?.kind === 'stock' ? e.sector : null)));
  if (sectors.size === 1) {
    const etf = directory.sectorEtf([...sectors][0]);
    if (etf && isAvailable(etf) && !tickers.includes(etf)) return etf;
  }
  return isAvailable('SPY') && !tickers.includes('SPY') ? 'SPY' : undefined;
}

function labelOf(symbol: string, directory: SymbolDirectory): string {
  const entry = directory.get(symbol);
  if (!entry) return symbol;
  // "Invesco QQQ Trust (Nasdaq-100)" → "Invesco QQQ Trust (Nasdaq-100, QQQ)", not two brackets in a row.
  return entry.name.endsWith(')') ? `${entry.name.slice(0, -1)}, ${entry.symbol})` : `${entry.name} (${entry.symbol})`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
