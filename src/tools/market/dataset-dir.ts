import { fileURLToPath } from 'node:url';

/** The offline dataset shipped with the project (prices, S&P 500 constituents, MANIFEST). */
export const DEFAULT_MARKET_DATA_DIR = fileURLToPath(new URL('../../../data/market/', import.meta.url));
