/**
 * The offline dataset (the embedded default): real daily OHLCV for a closed set of symbols, shipped in
 * data/market. "Now" is the dataset's last date, so "past quarter" means the quarter before 2026-05-15.
 * Files are read lazily, once per symbol, and kept in memory (each is ~100 KB).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BotError } from '../../errors.js';
import { parseCsv } from './csv.js';
import type { Bar, BarSeries, DateRange, MarketDataProvider, Profile, Quote, SymbolMatch } from './types.js';

export const DEFAULT_MARKET_DATA_DIR = fileURLToPath(new URL('../../../data/market/', import.meta.url));

/** Names and kinds of the non-stock symbols in the dataset (stocks come from the S&P 500 constituents file). */
const FUNDS: Record<string, { name: string; kind: Profile['kind']; sector: string | null }> = {
  SPY: { name: 'SPDR S&P 500 ETF Trust', kind: 'etf', sector: null },
  QQQ: { name: 'Invesco QQQ Trust (Nasdaq-100)', kind: 'etf', sector: null },
  SOXX: { name: 'iShares Semiconductor ETF', kind: 'etf', sector: 'Semiconductors' },
  SMH: { name: 'VanEck Semiconductor ETF', kind: 'etf', sector: 'Semiconductors' },
  XLK: { name: 'Technology Select Sector SPDR Fund', kind: 'etf', sector: 'Information Technology' },
  XLC: { name: 'Communication Services Select Sector SPDR Fund', kind: 'etf', sector: 'Communication Services' },
  '^SOX': { name: 'PHLX Semiconductor Index', kind: 'index', sector: 'Semiconductors' },
  TSM: { name: 'Taiwan Semiconductor Manufacturing (ADR)', kind: 'stock', sector: 'Information Technology' },
};

type Constituent = { name: string; sector: string; industry: string };

export class OfflineMarketData implements MarketDataProvider {
  readonly id = 'offline';
  readonly label = 'offline dataset';
  private readonly symbols: string[];
  private readonly bars = new Map<string, Bar[]>();
  private constituents?: Map<string, Constituent>;
  private lastDate?: string;

  constructor(private readonly dir: string = DEFAULT_MARKET_DATA_DIR) {
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
    const fund = FUNDS[canonical];
    if (fund) return { symbol: canonical, name: fund.name, kind: fund.kind, sector: fund.sector, industry: fund.kind === 'stock' ? 'Semiconductors' : null, source: this.label };
    const info = this.constituentTable().get(canonical);
    if (!info) throw new BotError('unknown_symbol', `no profile for ${canonical} in the offline dataset`);
    return { symbol: canonical, name: info.name, kind: 'stock', sector: info.sector, industry: info.industry, source: `${this.label} (S&P 500 constituents)` };
  }

  async searchSymbols(query: string): Promise<SymbolMatch[]> {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const out: SymbolMatch[] = [];
    for (const symbol of this.symbols) {
      const name = FUNDS[symbol]?.name ?? this.constituentTable().get(symbol)?.name ?? symbol;
      if (symbol.toLowerCase() === q || name.toLowerCase().includes(q)) out.push({ symbol, name, kind: FUNDS[symbol]?.kind ?? 'stock' });
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

  private constituentTable(): Map<string, Constituent> {
    if (!this.constituents) {
      const rows = parseCsv(readFileSync(path.join(this.dir, 'sp500_constituents.csv'), 'utf8'));
      this.constituents = new Map(rows.map((r) => [r.Symbol, { name: r.Security, sector: r['GICS Sector'], industry: r['GICS Sub-Industry'] }]));
    }
    return this.constituents;
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
