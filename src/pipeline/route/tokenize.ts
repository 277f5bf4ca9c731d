/**
 * Words of a question with their positions, for ticker/name/benchmark matching. A word may carry a `$` or `^`
 * prefix ("$NVDA", "^SOX") and inner apostrophes, dots, hyphens or "&" ("Nvidia's", "BRK.B", "Coca-Cola", "S&P").
 */
import { normalizeWords } from '../../tools/market/symbol-directory.js';

export type Token = {
  /** The word as written, without its prefix. */
  readonly raw: string;
  readonly prefix: '' | '$' | '^';
  /** Lower-case normalized form ("nvidia's" → "nvidia"); may be "" for pure punctuation. */
  readonly norm: string;
  readonly start: number;
  readonly end: number;
};

const WORD = /([$^]?)([\p{L}\p{N}&]+(?:['’.\-][\p{L}\p{N}&]+)*)/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const prefix = match[1] as Token['prefix'];
    const raw = match[2];
    const start = match.index;
    tokens.push({ raw, prefix, norm: normalizeWords(raw), start, end: start + match[0].length });
  }
  return tokens;
}
