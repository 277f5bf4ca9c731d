/**
 * Company names typed with a slip ("Nvidea", "microsfot", "broadcomm", "amazn", "telsa"): the closest curated name
 * within a small edit distance (adjacent swaps count as one edit), the same first letter, and never an ordinary
 * English word. The answer says how the word was read ("Reading 'Nvidea' as NVDA"), so a wrong guess is visible.
 */
import { NAME_ALIASES } from '../../tools/market/symbol-extras.js';

/** Words close to a company name that people write on purpose. */
const ORDINARY = new Set([
  'apples', 'applied', 'amazing', 'amazed', 'teslas', 'metal', 'metals', 'meter', 'intent', 'intend', 'until', 'india',
  'invidia', 'visit', 'ratio', 'ratios', 'oracles', 'micro', 'micros', 'google', 'googled', 'general', 'motors', 'after',
  'morgan', 'dollar', 'dollars', 'comcasts', 'cisco', 'boeing', 'ford', 'disney', 'nikes', 'stocks', 'stock', 'shares',
  'crossed', 'across', 'broad', 'broader', 'quality', 'quarter', 'quarters', 'amazon', 'values', 'valued', 'visas',
]);

/** Single-word curated names of 5+ letters ("nvidia", "broadcom"), the words worth correcting towards. */
const CANDIDATES: readonly [string, string][] = Object.entries(NAME_ALIASES).filter(([name, symbol]) => /^[a-z]{5,}$/.test(name) && name.toUpperCase() !== symbol);

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    let best = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
  }
  return d[a.length][b.length];
}

/** The company a slightly misspelled word most likely names, or undefined. `word` is lower-case letters. */
export function nearMiss(word: string): { name: string; symbol: string } | undefined {
  if (word.length < 5 || !/^[a-z]+$/.test(word) || ORDINARY.has(word) || NAME_ALIASES[word]) return undefined;
  const allowed = word.length >= 8 ? 2 : 1;
  let found: { name: string; symbol: string; distance: number } | undefined;
  for (const [name, symbol] of CANDIDATES) {
    if (name[0] !== word[0]) continue;
    const distance = editDistance(word, name, allowed);
    if (distance > allowed || distance === 0) continue;
    if (!found || distance < found.distance) found = { name, symbol, distance };
    else if (distance === found.distance && found.symbol !== symbol) return undefined; // two companies equally close: don't guess
  }
  return found ? { name: found.name, symbol: found.symbol } : undefined;
}
