/**
 * The offline dataset (the embedded default): real daily OHLCV for a closed set of symbols, shipped in
 * data/market. "Now" is the dataset's last date, so "past quarter" means the quarter before 2026-05-15.
 * Files are read lazily, once per symbol, and kept in memory (each is ~100 KB).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BotError } from '../../errors.js';
import { parseCsv } from './csv.js';
import { DEFAULT_MARKET_DATA_DIR } from './dataset-dir.js';
import { symbolDirectoryFor, type SymbolDirectory } from './symbol-directory.js';
import type { Bar, BarSeries, DateRange, MarketDataProvider, Profile, Quote, SymbolMatch } from './types.js';

export class OfflineMarketData implements MarketDataProvider {
  readonly id = 'offline';
  readonly label = 'offline dataset';
  private readonly symbols: string[];
  private readonly bars = new Map<string, Bar[]>();
  private lastDate?: string;

  /** Names, kinds and sectors come from the symbol directory the router uses: one table, read once. */
  private readonly directory: SymbolDirectory;

  constructor(private readonly dir: string = DEFAULT_MARKET_DATA_DIR, directory?: SymbolDirectory) {
    this.directory = directory ?? symbolDirectoryFor(dir);
    this.symbols = readdirSync(dir)
      .filter((f) => f.endsWith('.csv') && f !== 'MANIFEST.csv' && f !== 'sp500_constituents.csv')
      .map((f) => f.slice(0, -4))
      .sort();
  }

  availableSymbols(): readonly string[] {
    return this.symbols;
  }

  referenceDate(): string {
    if (!this.lastDate) {
      // The dataset's as-of date is the latest last bar across files: MANIFEST.csv records each file's last date,
      // which saves reading every price file at start-up; without a manifest, read the files.
      let manifest: Record<string, string>[] = [];
      try {
        manifest = parseCsv(readFileSync(path.join(this.dir, 'MANIFEST.csv'), 'utf8'));
      } catch {
        // no manifest: fall through
      }
      const dates = manifest.length ? manifest.map((r) => r.last_date ?? '') : this.symbols.map((s) => this.load(s).at(-1)?.date ?? '');
      this.lastDate = dates.filter(Boolean).sort().at(-1) ?? '';
    }
    return this.lastDate;
  }

  async getDailyBars(symbol: string, range: DateRange & { warmupBars?: number }, options: { signal?: AbortSignal } = {}): Promise<BarSeries> {
    options.signal?.throwIfAborted();
    const all = this.load(this.require(symbol));
    if (range.from > range.to) throw new BotError('bad_range', `the start date ${range.from} is after the end date ${range.to}`);
    const startIdx = firstIndexOnOrAfter(all, range.from);
    const endIdx = lastIndexOnOrBefore(all, range.to);
    if (startIdx === -1 || endIdx === -1 || endIdx < startIdx) {
      const first = all[0]?.date;
      const last = all.at(-1)?.date;
      throw new BotError('no_data_in_range', `no ${symbol} sessions between ${range.from} and ${range.to} in the offline dataset (it covers ${first} to ${last})`);
    }
    const from = Math.max(0, startIdx - (range.warmupBars ?? 0));
    return {
      symbol: this.canonical(symbol),
      bars: all.slice(from, endIdx + 1),
      windowStart: startIdx - from,
      source: this.label,
      asOf: this.referenceDate(),
      provider: this.id,
      adjustment: 'split',
    };
  }

  async getQuote(symbol: string): Promise<Quote> {
    const all = this.load(this.require(symbol));
    const last = all.at(-1)!;
    const prev = all.at(-2);
    const change = prev ? last.close - prev.close : null;
    return {
      symbol: this.canonical(symbol),
      price: last.close,
      previousClose: prev?.close ?? null,
      change,
      changePct: prev && change !== null ? (change / prev.close) * 100 : null,
      high: last.high,
      low: last.low,
      open: last.open,
      asOf: last.date,
      source: this.label,
    };
  }

  async getProfile(symbol: string): Promise<Profile> {
    const canonical = this.canonical(symbol);
    const entry = this.directory.get(canonical);
    if (!entry) throw new BotError('unknown_symbol', `no profile for ${canonical} in the offline dataset`);
    const fromConstituents = entry.kind === 'stock' && canonical !== 'TSM';
    return {
      symbol: canonical,
      name: entry.name,
      kind: entry.kind,
      sector: entry.sector,
      industry: entry.subIndustry,
      source: fromConstituents ? `${this.label} (S&P 500 constituents)` : this.label,
    };
  }

  async searchSymbols(query: string): Promise<SymbolMatch[]> {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const out: SymbolMatch[] = [];
    for (const symbol of this.symbols) {
      const entry = this.directory.get(symbol);
      const name = entry?.name ?? symbol;
      if (symbol.toLowerCase() === q || name.toLowerCase().includes(q)) out.push({ symbol, name, kind: entry?.kind ?? 'stock' });
    }
    return out;
  }

  /** Throws a clear error naming what is available when the dataset has no such symbol. */
  private require(symbol: string): string {
    const canonical = this.canonical(symbol);
    if (!this.symbols.includes(canonical)) {
      throw new BotError('unknown_symbol', `I don't have data for ${symbol} in the offline dataset. Available: ${this.symbols.join(', ')}.`, {
        details: { symbol, available: this.symbols },
      });
    }
    return canonical;
  }

  private canonical(symbol: string): string {
    const upper = symbol.trim().toUpperCase().replace(/^\$/, '');
    if (upper === 'SOX') return '^SOX';
    return upper;
  }

  private load(symbol: string): Bar[] {
    let bars = this.bars.get(symbol);
    if (!bars) {
      const text = readFileSync(path.join(this.dir, `${symbol}.csv`), 'utf8');
      bars = parseCsv(text).map((row) => ({
        date: row.date,
        open: Number(row.open),
        high: Number(row.high),
        low: Number(row.low),
        close: Number(row.close),
        volume: Number(row.volume),
        adjClose: Number(row.adj_close),
      }));
      this.bars.set(symbol, bars);
    }
    return bars;
  }
}

function firstIndexOnOrAfter(bars: Bar[], date: string): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo < bars.length ? lo : -1;
}

function lastIndexOnOrBefore(bars: Bar[], date: string): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].date <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
