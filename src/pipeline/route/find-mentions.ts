/**
 * Scans a question for what it names, in order: symbols ("$NVDA", "NVDA", "^SOX", "Nvidia", "Taiwan
 * Semiconductor"), benchmark groups ("the semiconductor sector", "the market", "Nasdaq"), and `$`/`^` symbols the
 * directory does not know. Longest phrase first, so "Taiwan Semiconductor" is a company and never the sector.
 * A bare upper-case word is a ticker only when the directory has it and it is not an everyday word ("IT", "ALL").
 */
import { normalizeWords, SymbolDirectory } from '../../tools/market/symbol-directory.js';
import { AMBIGUOUS_TICKERS } from '../../tools/market/symbol-extras.js';
import { BENCHMARK_GROUPS, type BenchmarkGroup } from '../../tools/market/benchmark-groups.js';
import { tokenize, type Token } from './tokenize.js';

export type Mention =
  | { kind: 'symbol'; symbol: string; via: 'dollar' | 'caret' | 'ticker' | 'name'; comparator: boolean; index: number }
  | { kind: 'group'; group: BenchmarkGroup; comparator: boolean; index: number }
  | { kind: 'unknown'; text: string; index: number };

const GROUP_BY_PHRASE = new Map<string, BenchmarkGroup>();
let maxGroupWords = 1;
for (const group of BENCHMARK_GROUPS) {
  for (const phrase of group.phrases) {
    const norm = normalizeWords(phrase);
    if (!GROUP_BY_PHRASE.has(norm)) GROUP_BY_PHRASE.set(norm, group);
    maxGroupWords = Math.max(maxGroupWords, norm.split(' ').length);
  }
}

/** Words that put what follows in the benchmark's seat: "NVDA vs SOX", "relative to the semiconductor sector". */
const COMPARATOR = /(?:^| )(?:vs|v|versus|against|relative to|compared to|compared with|compare to|compare with|comparing to|than|benchmarked to|benchmarked against|benchmark)$/;
const FILLERS = new Set(['the', 'its', 'their', 'a', 'an', 'his', 'her']);

/** "the market cap", "the market value": words after "market" that make it something other than the index. */
const MARKET_COMPOUNDS = new Set(['cap', 'caps', 'capitalization', 'value', 'share', 'maker', 'makers', 'hours', 'order', 'orders', 'data', 'price']);

const SYMBOL_TEXT = /^[A-Za-z][A-Za-z0-9.\-]{0,9}$/;
const BARE_TICKER = /^[A-Z][A-Z0-9]{1,5}(?:\.[A-Z])?$/;

export function findMentions(question: string, directory: SymbolDirectory): Mention[] {
  const tokens = tokenize(question);
  const mentions: Mention[] = [];
  const maxWords = Math.max(directory.maxNameWords, maxGroupWords);
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
    if (BARE_TICKER.test(token.raw) && !AMBIGUOUS_TICKERS.has(token.raw) && directory.has(token.raw)) {
      mentions.push({ kind: 'symbol', symbol: SymbolDirectory.canonical(token.raw), via: 'ticker', comparator, index: i });
    }
    i++;
  }
  return mentions;
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
    const group = GROUP_BY_PHRASE.get(phrase);
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
