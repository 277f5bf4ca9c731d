/**
 * Scans a question for what it names, in order: symbols ("$NVDA", "NVDA", "^SOX", "Nvidia", "Taiwan
 * Semiconductor"), benchmark groups ("the semiconductor sector", "the market", "Nasdaq"), and `$`/`^` symbols the
 * directory does not know. Longest phrase first, so "Taiwan Semiconductor" is a company and never the sector.
 * A bare upper-case word is a ticker only when the directory has it and it is not an everyday word ("IT", "ALL") —
 * unless the question writes that word in capitals among lower-case ones ("What is ON doing?"), which is then read
 * as the ticker and said so. Named groups ("mag 7", "FAANG", "chip stocks") come back with their members; company
 * names typed with a slip come back with what was typed ("Nvidea" → NVDA); an upper-case word that looks like a
 * ticker but is none ("ZZZZQ"; in a question typed in capitals, only one set against a ticker: "ZZZZ VS SPY") and
 * assets the data has no prices for ("gold", "bitcoin") are unknown, so they are named in the answer, never dropped.
 */
import { normalizeWords, SymbolDirectory } from '../../tools/market/symbol-directory.js';
import { AMBIGUOUS_TICKERS } from '../../tools/market/symbol-extras.js';
import { BENCHMARK_GROUPS, type BenchmarkGroup } from '../../tools/market/benchmark-groups.js';
import { SYMBOL_GROUPS, type SymbolGroup } from '../../tools/market/symbol-groups.js';
import { nearMiss } from './near-miss.js';
import { tokenize, type Token } from './tokenize.js';

export type Mention =
  | {
      kind: 'symbol';
      symbol: string;
      via: 'dollar' | 'caret' | 'ticker' | 'name';
      comparator: boolean;
      index: number;
      /** As typed, when read through a correction ("Nvidea", "ON" in capitals). */
      typed?: string;
    }
  | { kind: 'group'; group: BenchmarkGroup; comparator: boolean; index: number }
  /** A named group of stocks; `benchmark` when the same words also name a benchmark ("chip stocks"). */
  | { kind: 'members'; group: SymbolGroup; benchmark?: BenchmarkGroup; comparator: boolean; index: number }
  | { kind: 'unknown'; text: string; index: number; asset?: boolean };

const MEMBERS_BY_PHRASE = new Map<string, SymbolGroup>();
for (const group of SYMBOL_GROUPS) for (const phrase of group.phrases) MEMBERS_BY_PHRASE.set(normalizeWords(phrase), group);

/** Things people ask about that are not listed equities: named back as "no prices for gold", never dropped. */
const ASSETS = new Set(['gold', 'silver', 'oil', 'crude', 'bitcoin', 'btc', 'ethereum', 'eth', 'crypto', 'bonds', 'treasuries', 'copper', 'natgas', 'dogecoin', 'solana']);

/** Upper-case words that are not tickers (finance and chat shorthand). */
const NOT_TICKERS = new Set([
  'I', 'A', 'AI', 'CEO', 'CFO', 'CTO', 'ETF', 'ETFS', 'USA', 'US', 'UK', 'EU', 'YTD', 'QTD', 'MTD', 'WTD', 'RSI', 'MACD', 'SMA',
  'EMA', 'DMA', 'MA', 'ATH', 'PE', 'EPS', 'IPO', 'GDP', 'CPI', 'PPI', 'FOMC', 'FED', 'SEC', 'NYSE', 'OK', 'LOL', 'IMO', 'TBH',
  'ASAP', 'FAANG', 'MAG', 'VS', 'PM', 'AM', 'EST', 'ET', 'EDT', 'PST', 'UTC', 'EOD', 'HOD', 'LOD', 'YOY', 'QOQ', 'MOM', 'EBITDA',
  'ROE', 'ROI', 'TA', 'DD', 'IV', 'OTC', 'ADR', 'REIT', 'NASDAQ', 'SPX', 'NDX', 'DJIA', 'TLDR', 'AKA', 'FYI', 'BTW', 'PS', 'IRA',
  'FX', 'USD', 'EUR', 'JPY', 'CNY', 'GBP', 'API', 'FAQ', 'ALL', 'ANY', 'AND', 'OR', 'THE', 'IS', 'IT', 'ITS', 'WHAT', 'HOW',
  'WHY', 'WHO', 'TO', 'OF', 'IN', 'ON', 'AT', 'BY', 'MY', 'ME', 'WE', 'DO', 'NO', 'SO', 'UP', 'GO', 'BE', 'IF', 'AS', 'AN',
  'RN', 'NGL', 'IDK', 'TIL', 'WSB', 'DCA', 'HODL', 'FOMO', 'YOLO', 'ATM', 'OTM', 'ITM', 'PT', 'SL', 'TP', 'EV', 'P', 'E',
  'GAAP', 'FCF', 'CAGR', 'COGS', 'SG', 'AUM', 'NAV', 'VIX', 'BTC', 'ETH', 'NFT', 'Q', 'H', 'FY', 'LTM', 'TTM', 'NTM', 'OHLC',
]);

const GROUP_BY_PHRASE = new Map<string, BenchmarkGroup>();
let maxGroupWords = 3;
for (const group of BENCHMARK_GROUPS) {
  for (const phrase of group.phrases) {
    const norm = normalizeWords(phrase);
    if (!GROUP_BY_PHRASE.has(norm)) GROUP_BY_PHRASE.set(norm, group);
    maxGroupWords = Math.max(maxGroupWords, norm.split(' ').length);
  }
}

/** Words that put what follows in the benchmark's seat: "NVDA vs SOX", "relative to the semiconductor sector". */
const COMPARATOR = /(?:^| )(?:vs|v|versus|against|relative to|compared to|compared with|compare to|compare with|comparing to|than|benchmarked to|benchmarked against|benchmark|beta to|beta with|beta against|correlation to|correlation with|correlated to|correlated with)$/;
const FILLERS = new Set(['the', 'its', 'their', 'a', 'an', 'his', 'her']);

/** "the market cap", "the market value": words after "market" that make it something other than the index. */
const MARKET_COMPOUNDS = new Set(['cap', 'caps', 'capitalization', 'value', 'share', 'maker', 'makers', 'hours', 'order', 'orders', 'data', 'price']);

const SYMBOL_TEXT = /^[A-Za-z][A-Za-z0-9.\-]{0,9}$/;
const BARE_TICKER = /^[A-Z][A-Z0-9]{1,5}(?:\.[A-Z])?$/;

export function findMentions(question: string, directory: SymbolDirectory): Mention[] {
  const tokens = tokenize(question);
  const mentions: Mention[] = [];
  const maxWords = Math.max(directory.maxNameWords, maxGroupWords);
  const shouting = isShouting(question);
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    const comparator = followsComparator(tokens, i);
    if (token.prefix === '$') {
      if (SYMBOL_TEXT.test(token.raw)) {
        const symbol = SymbolDirectory.canonical(token.raw);
        mentions.push(directory.has(symbol) ? { kind: 'symbol', symbol, via: 'dollar', comparator, index: i } : { kind: 'unknown', text: symbol, index: i });
      }
      i++;
      continue;
    }
    if (token.prefix === '^') {
      const symbol = `^${SymbolDirectory.canonical(token.raw)}`;
      const group = GROUP_BY_PHRASE.get(token.norm);
      if (directory.has(symbol)) mentions.push({ kind: 'symbol', symbol, via: 'caret', comparator, index: i });
      else if (group) mentions.push({ kind: 'group', group, comparator, index: i });
      else if (SYMBOL_TEXT.test(token.raw)) mentions.push({ kind: 'unknown', text: symbol, index: i });
      i++;
      continue;
    }
    const phrase = matchPhrase(tokens, i, maxWords, directory);
    if (phrase) {
      mentions.push(phrase.mention(comparator, i));
      i += phrase.words;
      continue;
    }
    if (BARE_TICKER.test(token.raw) && directory.has(token.raw)) {
      if (!AMBIGUOUS_TICKERS.has(token.raw)) mentions.push({ kind: 'symbol', symbol: SymbolDirectory.canonical(token.raw), via: 'ticker', comparator, index: i });
      // "What is ON doing vs SOX?": an everyday word written in capitals among lower-case words is the ticker.
      else if (!shouting && token.raw.length >= 2) mentions.push({ kind: 'symbol', symbol: SymbolDirectory.canonical(token.raw), via: 'ticker', comparator, index: i, typed: token.raw });
      i++;
      continue;
    }
    if (ASSETS.has(token.norm)) {
      mentions.push({ kind: 'unknown', text: token.norm, index: i, asset: true });
      i++;
      continue;
    }
    // An upper-case word shaped like a ticker that nobody lists ("ZZZZQ"): named back, never silently dropped.
    // In a question typed in capitals, only a word set against a known ticker ("ZZZZ VS SPY") is read so.
    const unknownShape = UNKNOWN_TICKER.test(token.raw) && !NOT_TICKERS.has(token.raw) && !directory.lookupName(token.norm);
    const subjectSoFar = mentions.some((m) => m.kind === 'symbol' && !m.comparator);
    if (unknownShape && (shouting ? !SHOUTED_WORDS.has(token.raw) && pairedWithTicker(tokens, i, directory, subjectSoFar) : !capsNeighbour(tokens, i, directory))) {
      mentions.push({ kind: 'unknown', text: token.raw, index: i });
      i++;
      continue;
    }
    // A lower-case ticker nobody writes as a word ("smci"): the directory has it and it is no English word.
    if (/^[a-z]{4,5}$/.test(token.raw) && !LOWER_CASE_WORDS.has(token.raw) && !AMBIGUOUS_TICKERS.has(token.raw.toUpperCase()) && directory.has(token.raw)) {
      mentions.push({ kind: 'symbol', symbol: SymbolDirectory.canonical(token.raw), via: 'ticker', comparator, index: i });
      i++;
      continue;
    }
    const slip = nearMiss(token.norm);
    if (slip) mentions.push({ kind: 'symbol', symbol: slip.symbol, via: 'name', comparator, index: i, typed: token.raw });
    i++;
  }
  // A capitalized everyday word ("NOW", "ON") is read as a ticker only when the question names no other stock.
  const ambiguous = (m: Mention) => m.kind === 'symbol' && m.via === 'ticker' && m.typed !== undefined;
  const otherStock = mentions.some((m) => m.kind === 'symbol' && !ambiguous(m) && directory.get(m.symbol)?.kind === 'stock');
  return otherStock ? mentions.filter((m) => !ambiguous(m)) : mentions;
}

const UNKNOWN_TICKER = /^[A-Z]{3,5}$/;

/** Tickers that are also English words, so a lower-case one is read as the word. */
const LOWER_CASE_WORDS = new Set(['ares', 'ball', 'tech', 'coin', 'cost', 'deck', 'fang', 'dash', 'echo', 'fast', 'flex', 'gild', 'hood', 'keys', 'lite', 'well', 'erie', 'carr', 'otis', 'lulu']);

/** Upper-case words next to each other ("DROP TABLE") are a phrase in capitals, not tickers. */
function capsNeighbour(tokens: readonly Token[], i: number, directory: SymbolDirectory): boolean {
  const caps = (t: Token | undefined) => t !== undefined && t.prefix === '' && /^[A-Z]{3,}$/.test(t.raw) && !directory.has(t.raw);
  return caps(tokens[i - 1]) || caps(tokens[i + 1]);
}

/** Words that set two symbols against each other: "ZZZZ VS SPY". ("or" is left out: "BUY NVDA OR SELL".) */
const PAIRING = new Set(['vs', 'v', 'versus', 'against']);

/** Everyday words that stand before "VS" in shouted questions ("HOW AM I DOING VS SPY"): never read as symbols. */
const SHOUTED_WORDS = new Set(['DOING', 'GOING', 'BEING', 'DONE', 'DID', 'DOES', 'HAS', 'HAVE', 'WAS', 'WERE', 'ARE', 'CAN', 'WILL', 'THIS', 'THAT', 'THEM', 'THEY', 'THEN', 'THAN', 'WHEN', 'WELL', 'BUY', 'SELL', 'HOLD', 'LONG', 'SHORT', 'STOCK', 'FUND', 'MINE', 'OURS', 'DAY', 'WEEK', 'MONTH', 'YEAR', 'TODAY', 'FAR', 'LATE', 'STILL', 'ONLY', 'REAL', 'SAY', 'ABOUT', 'LOOK', 'PLAY', 'TRADE', 'BET', 'PICK']);

/**
 * Ticker position in a question typed in capitals: the word stands on one side of "vs"/"versus"/"against" and a
 * ticker the directory knows (or a "$"/"^" symbol) stands on the other, so it is a symbol, not a shouted word.
 * Before "VS" it must be the first subject ("HOW IS NVDA DOING VS SPY": NVDA is, so DOING is a word).
 */
function pairedWithTicker(tokens: readonly Token[], i: number, directory: SymbolDirectory, subjectSoFar: boolean): boolean {
  const known = (t: Token | undefined) => t !== undefined && (t.prefix !== '' || (BARE_TICKER.test(t.raw) && directory.has(t.raw) && !NOT_TICKERS.has(t.raw)));
  const pairs = (t: Token | undefined) => t !== undefined && t.prefix === '' && PAIRING.has(t.norm);
  return (!subjectSoFar && pairs(tokens[i + 1]) && known(tokens[i + 2])) || (pairs(tokens[i - 1]) && known(tokens[i - 2]));
}

/** A question typed in capitals: upper case says nothing about which words are tickers. */
function isShouting(question: string): boolean {
  const letters = question.replace(/[^A-Za-z]/g, '');
  return letters.length >= 8 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.7;
}

type PhraseMatch = { words: number; mention: (comparator: boolean, index: number) => Mention };

function matchPhrase(tokens: readonly Token[], start: number, maxWords: number, directory: SymbolDirectory): PhraseMatch | undefined {
  for (let n = Math.min(maxWords, tokens.length - start); n >= 1; n--) {
    const words = tokens.slice(start, start + n);
    // A phrase never swallows a "$"/"^" symbol after its first word.
    if (words.some((word, k) => k > 0 && word.prefix !== '')) continue;
    const phrase = words.map((word) => word.norm).join(' ');
    if (!phrase) continue;
    const name = directory.lookupName(phrase);
    if (name && (!name.derived || capitalized(words))) {
      return { words: n, mention: (comparator, index) => ({ kind: 'symbol', symbol: name.symbol, via: 'name', comparator, index }) };
    }
    const members = MEMBERS_BY_PHRASE.get(phrase);
    const group = GROUP_BY_PHRASE.get(phrase);
    if (members) return { words: n, mention: (comparator, index) => ({ kind: 'members', group: members, ...(group ? { benchmark: group } : {}), comparator, index }) };
    if (group && !(words[n - 1].norm === 'market' && MARKET_COMPOUNDS.has(tokens[start + n]?.norm ?? ''))) return { words: n, mention: (comparator, index) => ({ kind: 'group', group, comparator, index }) };
  }
  return undefined;
}

/** Names taken from the constituents list count only when written as proper nouns ("Best Buy", not "best buy"). */
function capitalized(words: readonly Token[]): boolean {
  return words.every((word, k) => {
    const letter = /\p{L}/u.exec(word.raw)?.[0];
    if (!letter) return true;
    if (k > 0 && word.raw.length <= 3) return true; // "of", "and", "&"
    return letter === letter.toUpperCase();
  });
}

function followsComparator(tokens: readonly Token[], index: number): boolean {
  const before: string[] = [];
  for (let k = index - 1; k >= 0 && before.length < 4; k--) before.unshift(tokens[k].norm);
  while (before.length > 0 && FILLERS.has(before[before.length - 1])) before.pop();
  return COMPARATOR.test(before.join(' '));
}
