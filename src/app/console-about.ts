/**
 * What the web console's empty state tells a new user about the data behind the answers: which source (offline
 * dataset or live), its symbols and as-of date, and which features live keys would add. Only whether a key is set is
 * ever reported, never a key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { ConsoleAbout } from '../adapters/http/index.js';
import { DEFAULT_MARKET_DATA_DIR } from '../tools/market/dataset-dir.js';
import { wantsLiveData } from '../tools/market/create-market-data.js';

export function consoleAbout(config: Config): ConsoleAbout {
  const dir = config.MARKET_DATA_DIR ?? DEFAULT_MARKET_DATA_DIR;
  let symbols: string[] = [];
  let asOf: string | null = null;
  try {
    // MANIFEST.csv: symbol,file,…,first_date,last_date,… (one row per symbol of the offline dataset).
    const [header, ...rows] = readFileSync(path.join(dir, 'MANIFEST.csv'), 'utf8').trim().split('\n');
    const cols = header.split(',');
    const [iSymbol, iLast] = [cols.indexOf('symbol'), cols.indexOf('last_date')];
    // Only ticker-shaped rows: the manifest also lists non-price files (the S&P 500 constituents table).
    const parsed = rows.map((row) => row.split(',')).filter((r) => /^\^?[A-Z][A-Z0-9.-]{0,9}$/.test(r[iSymbol] ?? ''));
    symbols = parsed.map((r) => r[iSymbol]).sort();
    asOf = parsed.map((r) => r[iLast]).sort().at(-1) ?? null;
  } catch {
    // No manifest (a custom MARKET_DATA_DIR): the console says less, nothing breaks.
  }
  const live = wantsLiveData(config);
  return {
    source: live ? 'live market data (offline dataset as fallback)' : 'offline dataset',
    asOf: live ? null : asOf,
    symbols,
    live: {
      on: live,
      finnhub: Boolean(config.FINNHUB_API_KEY),
      tiingo: Boolean(config.TIINGO_API_KEY),
      alpaca: Boolean(config.ALPACA_API_KEY_ID && config.ALPACA_API_SECRET_KEY),
    },
  };
}
