/**
 * Entities of a question: the symbols it is about, the benchmark (named, inherited from the thread, or a default:
 * the sector ETF of the symbols' GICS sector, else SPY), further views of the benchmark, and the period. Problems
 * (no ticker, unknown or unavailable symbols, too many, future or reversed windows) come back as typed data.
 */
import type { Entities, Period } from '../events/events.js';
import type { Inherited } from './router.js';
import type { BenchmarkGroup } from '../../tools/market/benchmark-groups.js';
import type { SymbolDirectory } from '../../tools/market/symbol-directory.js';
import { findMentions, type Mention } from './find-mentions.js';
import { BENCHMARK_INTENTS, PRICE_INTENTS, type Intent } from './intents.js';
import { defaultPeriod, parsePeriod } from './parse-period.js';
import { listSymbols, MAX_QUESTION_CHARS, MAX_TICKERS, problem, type RouteProblem } from './route-problem.js';

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
};

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
  const empty = (): ExtractedEntities => ({
    entities: { tickers: [], benchmark: null, altBenchmarks: [], benchmarkLabel: null, period: defaultPeriod(intent, referenceDate), unknown: [] },
    problems,
    sources: { tickers: 'none', benchmark: 'none', period: 'default' },
  });

  if (question.trim() === '') {
    problems.push(problem('empty_question', true, 'Your message is empty. Ask me about a stock, for example: "How has NVDA done against the semiconductor sector over the past quarter?"'));
    return empty();
  }
  if (question.length > MAX_QUESTION_CHARS) {
    problems.push(problem('question_too_long', true, `Your message is ${question.length.toLocaleString('en-US')} characters long; please keep questions under ${MAX_QUESTION_CHARS.toLocaleString('en-US')} characters.`));
    return empty();
  }

  const mentions = findMentions(question, directory);
  const { subjects: named, benchmarks: benchMentions } = assignSeats(mentions, directory, closed);

  // Unknown and unavailable symbols.
  const unknown = unique(mentions.flatMap((m) => (m.kind === 'unknown' && (closed || m.text.startsWith('^')) ? [m.text] : [])));
  const liveGuesses = closed ? [] : mentions.flatMap((m) => (m.kind === 'unknown' && !m.text.startsWith('^') ? [m.text] : []));
  const unavailable = named.filter((symbol) => !isAvailable(symbol));
  let tickers = unique([...named.filter(isAvailable), ...liveGuesses]);

  let tickerSource: EntitySource = 'named';
  if (tickers.length === 0 && unknown.length === 0 && unavailable.length === 0 && inherit?.tickers?.length) {
    tickers = inherit.tickers.filter(isAvailable).slice(0, MAX_TICKERS);
    tickerSource = 'inherited';
  }
  const blocked = tickers.length === 0;
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
  if (tickers.length > MAX_TICKERS) {
    const dropped = tickers.slice(MAX_TICKERS);
    problems.push(problem('too_many_tickers', false, `You asked about ${tickers.length} symbols; I can look at ${MAX_TICKERS} at a time, so I used ${listSymbols(tickers.slice(0, MAX_TICKERS))} and left out ${listSymbols(dropped)}.`, dropped));
    tickers = tickers.slice(0, MAX_TICKERS);
  }
  if (tickers.length === 0) tickerSource = 'none';

  // Benchmark: named > inherited > default (only for intents that compare).
  let bench: Bench | undefined;
  let benchSource: EntitySource = 'none';
  const tickerSet = new Set(tickers);
  if (benchMentions.length > 0) {
    const [first, ...rest] = benchMentions;
    const resolved = resolveBenchmark(first, directory, closed);
    const extra = rest.flatMap((m) => (m.kind === 'group' ? [choose(m.group, closed).primary] : m.kind === 'symbol' ? [m.symbol] : []));
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
    const primary = defaultBenchmark(tickers, directory, isAvailable);
    if (primary) {
      bench = { primary, alts: [], label: labelOf(primary, directory), what: primary };
      benchSource = 'default';
    }
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
    }
  } else if (inherit?.period) {
    period = inherit.period;
    periodSource = 'inherited';
  } else {
    period = defaultPeriod(intent, referenceDate);
    periodSource = 'default';
  }

  return {
    entities: {
      tickers,
      benchmark: bench?.primary ?? null,
      altBenchmarks,
      benchmarkLabel: bench?.label ?? null,
      period,
      unknown: unique([...unknown, ...unavailable]),
    },
    problems,
    sources: { tickers: tickerSource, benchmark: bench ? benchSource : 'none', period: periodSource },
  };
}

/**
 * Who is the subject and who the benchmark. Stocks are subjects. A fund, index or sector word is a benchmark when
 * it follows "vs"/"relative to"/…, or when stocks are present; with no stocks, the first one is the subject.
 */
function assignSeats(mentions: readonly Mention[], directory: SymbolDirectory, closed: boolean): { subjects: string[]; benchmarks: Mention[] } {
  const subjects: string[] = [];
  const tentative: Mention[] = [];
  const comparators: Mention[] = [];
  for (const m of mentions) {
    if (m.kind === 'unknown') continue;
    const isStock = m.kind === 'symbol' && directory.get(m.symbol)?.kind === 'stock';
    if (isStock) subjects.push(m.symbol);
    else if (m.comparator) comparators.push(m);
    else tentative.push(m);
  }
  const hasLiveGuess = !closed && mentions.some((m) => m.kind === 'unknown' && !m.text.startsWith('^'));
  if (subjects.length === 0 && !hasLiveGuess) {
    const promoted = tentative.shift() ?? comparators.shift();
    if (promoted) subjects.push(promoted.kind === 'symbol' ? promoted.symbol : promoted.kind === 'group' ? choose(promoted.group, closed).primary : '');
  }
  return { subjects: unique(subjects.filter(Boolean)), benchmarks: [...comparators, ...tentative] };
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
