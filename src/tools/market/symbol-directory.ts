/**
 * The symbol directory: every symbol the bot can name (S&P 500 constituents with GICS sector/sub-industry, the
 * benchmark ETFs and indices, TSM), looked up by ticker or by company name, plus sector → benchmark ETF.
 * Loaded synchronously once (the CSV is ~50 KB); lookups are Map reads so routing stays well under a millisecond.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import { DEFAULT_MARKET_DATA_DIR } from './dataset-dir.js';
import { EXTRA_SYMBOLS, NAME_ALIASES, type SymbolEntry } from './symbol-extras.js';
import { GICS_SECTOR_ETF } from './benchmark-groups.js';
import type { SymbolMatch } from './types.js';

export type { SymbolEntry, SymbolKind } from './symbol-extras.js';

export type NameMatch = {
  readonly symbol: string;
  /** True for names taken from the constituents list (matched only when capitalized); false for curated aliases. */
  readonly derived: boolean;
};

/** Lower-case words separated by single spaces; "&" and inner "-" / "." survive ("at&t", "coca-cola", "brk.b"). */
export function normalizeWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/[–—]/g, '-')
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9&'.\- ]+/g, ' ')
    .replace(/(^|\s)[.'\-]+|[.'\-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const CORPORATE_SUFFIX = /(,?\s+(inc\.?|incorporated|corp\.?|corporation|co\.?|company|plc|ltd\.?|limited|holdings?|group|n\.v\.|s\.a\.|& co\.?))+$/i;

/**
 * Names from the list that are also everyday words, or that mean a benchmark rather than the company
 * ("Nasdaq" the index, not Nasdaq Inc.). These are skipped; the ticker or an alias still works.
 */
const COMMON_NAME_WORDS = new Set([
  'target', 'block', 'ball', 'southern', 'progressive', 'waters', 'flex', 'everest', 'dover', 'hartford', 'mosaic', 'booking',
  'carnival', 'nasdaq', 'dow', 'news', 'coherent', 'match', 'best buy', 'general mills', 'public storage', 'global payments',
]);

export class SymbolDirectory {
  private readonly entries = new Map<string, SymbolEntry>();
  private readonly names = new Map<string, NameMatch>();
  /** Longest name in words, bounding the n-gram scan. */
  readonly maxNameWords: number;

  constructor(entries: readonly SymbolEntry[], aliases: Readonly<Record<string, string>> = NAME_ALIASES) {
    for (const entry of entries) {
      const key = SymbolDirectory.canonical(entry.symbol);
      if (!this.entries.has(key)) this.entries.set(key, { ...entry, symbol: key });
    }
    let maxWords = 1;
    const addName = (name: string, match: NameMatch) => {
      const norm = normalizeWords(name);
      if (!norm || COMMON_NAME_WORDS.has(norm)) return;
      const existing = this.names.get(norm);
      // Curated aliases win over derived names; among derived names the first (e.g. GOOGL before GOOG) wins.
      if (existing && (existing.derived === false || match.derived)) return;
      this.names.set(norm, match);
      maxWords = Math.max(maxWords, norm.split(' ').length);
    };
    for (const [alias, symbol] of Object.entries(aliases)) {
      if (!this.entries.has(SymbolDirectory.canonical(symbol))) continue; // an alias for a symbol we do not list
      addName(alias, { symbol: SymbolDirectory.canonical(symbol), derived: false });
    }
    for (const entry of this.entries.values()) {
      if (entry.kind !== 'stock') continue; // ETF names ("SPDR S&P 500 ETF Trust") are not how people say them
      const full = entry.name.replace(/\(.*?\)/g, '').trim();
      addName(full, { symbol: entry.symbol, derived: true });
      addName(full.replace(CORPORATE_SUFFIX, '').trim(), { symbol: entry.symbol, derived: true });
    }
    this.maxNameWords = Math.min(maxWords, 6);
  }

  /** Builds the directory from the constituents CSV text plus the built-in extras. */
  static fromCsv(csvText: string, extras: readonly SymbolEntry[] = EXTRA_SYMBOLS): SymbolDirectory {
    const rows = parseCsv(csvText);
    const entries: SymbolEntry[] = [];
    for (const row of rows) {
      const symbol = row['Symbol']?.trim();
      const name = row['Security']?.trim();
      if (!symbol || !name) continue;
      entries.push({ symbol, name, kind: 'stock', sector: row['GICS Sector'] || null, subIndustry: row['GICS Sub-Industry'] || null });
    }
    return new SymbolDirectory([...extras, ...entries]);
  }

  /** Reads `sp500_constituents.csv` from the dataset folder (synchronously: small file, read once). */
  static load(options: { dataDir?: string } = {}): SymbolDirectory {
    const path = join(options.dataDir ?? DEFAULT_MARKET_DATA_DIR, 'sp500_constituents.csv');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`symbol directory: cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    return SymbolDirectory.fromCsv(text);
  }

  /** Upper case; class-share separators normalized to "." (BRK-B, BRK/B → BRK.B). */
  static canonical(symbol: string): string {
    return symbol.trim().toUpperCase().replace(/[-/]/g, '.');
  }

  get size(): number {
    return this.entries.size;
  }

  get(symbol: string): SymbolEntry | undefined {
    return this.entries.get(SymbolDirectory.canonical(symbol));
  }

  has(symbol: string): boolean {
    return this.entries.has(SymbolDirectory.canonical(symbol));
  }

  /** A company name or alias, already normalized with `normalizeWords`. */
  lookupName(normalized: string): NameMatch | undefined {
    return this.names.get(normalized);
  }

  /** Ticker or name → entry ("nvidia", "NVDA", "Taiwan Semiconductor"). */
  resolve(query: string): SymbolEntry | undefined {
    const bySymbol = this.get(query.replace(/^\$/, ''));
    if (bySymbol) return bySymbol;
    const byName = this.names.get(normalizeWords(query));
    return byName ? this.entries.get(byName.symbol) : undefined;
  }

  /** The Select Sector SPDR for a GICS sector name. */
  sectorEtf(sector: string | null | undefined): string | undefined {
    return sector ? GICS_SECTOR_ETF[sector] : undefined;
  }

  /** The sector ETF of a symbol's GICS sector (undefined for broad ETFs and unknown symbols). */
  sectorBenchmark(symbol: string): string | undefined {
    const entry = this.get(symbol);
    if (!entry || entry.symbol === this.sectorEtf(entry.sector)) return undefined;
    return this.sectorEtf(entry.sector);
  }

  /** Symbol search for providers without one: exact ticker first, then ticker prefix, then name words. */
  search(query: string, limit = 10): SymbolMatch[] {
    const q = query.trim();
    if (!q) return [];
    const upper = SymbolDirectory.canonical(q);
    const norm = normalizeWords(q);
    const scored: { entry: SymbolEntry; score: number }[] = [];
    for (const entry of this.entries.values()) {
      const name = normalizeWords(entry.name);
      let score = 0;
      if (entry.symbol === upper) score = 100;
      else if (this.names.get(norm)?.symbol === entry.symbol) score = 90;
      else if (entry.symbol.startsWith(upper)) score = 50 - entry.symbol.length;
      else if (norm && (name === norm || name.startsWith(`${norm} `))) score = 40;
      else if (norm.length >= 3 && name.includes(norm)) score = 20;
      if (score > 0) scored.push({ entry, score });
    }
    scored.sort((a, b) => b.score - a.score || a.entry.symbol.localeCompare(b.entry.symbol));
    return scored.slice(0, limit).map(({ entry }) => ({ symbol: entry.symbol, name: entry.name, kind: entry.kind }));
  }

  all(): IterableIterator<SymbolEntry> {
    return this.entries.values();
  }
}

const shared = new Map<string, SymbolDirectory>();

/** The directory of a dataset folder (default: the shipped one), loaded on first use and shared per folder. */
export function symbolDirectoryFor(dataDir: string = DEFAULT_MARKET_DATA_DIR): SymbolDirectory {
  let directory = shared.get(dataDir);
  if (!directory) shared.set(dataDir, (directory = SymbolDirectory.load({ dataDir })));
  return directory;
}

/** The directory of the shipped dataset. */
export function defaultSymbolDirectory(): SymbolDirectory {
  return symbolDirectoryFor();
}
