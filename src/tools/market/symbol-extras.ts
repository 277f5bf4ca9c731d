/**
 * What the S&P 500 constituents list lacks: the ETFs and indices used as benchmarks (the offline dataset's and
 * the sector SPDRs), TSM (an ADR, so not in the list), and everyday names people use for companies.
 */
export type SymbolKind = 'stock' | 'etf' | 'index';

export type SymbolEntry = {
  readonly symbol: string;
  readonly name: string;
  readonly kind: SymbolKind;
  /** GICS sector (stocks), or the sector an ETF tracks. */
  readonly sector: string | null;
  readonly subIndustry: string | null;
};

export const EXTRA_SYMBOLS: readonly SymbolEntry[] = [
  { symbol: 'TSM', name: 'Taiwan Semiconductor Manufacturing', kind: 'stock', sector: 'Information Technology', subIndustry: 'Semiconductors' },
  { symbol: '^SOX', name: 'PHLX Semiconductor Index', kind: 'index', sector: 'Information Technology', subIndustry: 'Semiconductors' },
  { symbol: 'SOXX', name: 'iShares Semiconductor ETF', kind: 'etf', sector: 'Information Technology', subIndustry: 'Semiconductors' },
  { symbol: 'SMH', name: 'VanEck Semiconductor ETF', kind: 'etf', sector: 'Information Technology', subIndustry: 'Semiconductors' },
  { symbol: 'SPY', name: 'SPDR S&P 500 ETF Trust', kind: 'etf', sector: null, subIndustry: null },
  { symbol: 'QQQ', name: 'Invesco QQQ Trust (Nasdaq-100)', kind: 'etf', sector: null, subIndustry: null },
  { symbol: 'DIA', name: 'SPDR Dow Jones Industrial Average ETF', kind: 'etf', sector: null, subIndustry: null },
  { symbol: 'IWM', name: 'iShares Russell 2000 ETF', kind: 'etf', sector: null, subIndustry: null },
  { symbol: 'XLK', name: 'Technology Select Sector SPDR Fund', kind: 'etf', sector: 'Information Technology', subIndustry: null },
  { symbol: 'XLF', name: 'Financial Select Sector SPDR Fund', kind: 'etf', sector: 'Financials', subIndustry: null },
  { symbol: 'XLV', name: 'Health Care Select Sector SPDR Fund', kind: 'etf', sector: 'Health Care', subIndustry: null },
  { symbol: 'XLY', name: 'Consumer Discretionary Select Sector SPDR Fund', kind: 'etf', sector: 'Consumer Discretionary', subIndustry: null },
  { symbol: 'XLP', name: 'Consumer Staples Select Sector SPDR Fund', kind: 'etf', sector: 'Consumer Staples', subIndustry: null },
  { symbol: 'XLE', name: 'Energy Select Sector SPDR Fund', kind: 'etf', sector: 'Energy', subIndustry: null },
  { symbol: 'XLI', name: 'Industrial Select Sector SPDR Fund', kind: 'etf', sector: 'Industrials', subIndustry: null },
  { symbol: 'XLB', name: 'Materials Select Sector SPDR Fund', kind: 'etf', sector: 'Materials', subIndustry: null },
  { symbol: 'XLU', name: 'Utilities Select Sector SPDR Fund', kind: 'etf', sector: 'Utilities', subIndustry: null },
  { symbol: 'XLRE', name: 'Real Estate Select Sector SPDR Fund', kind: 'etf', sector: 'Real Estate', subIndustry: null },
  { symbol: 'XLC', name: 'Communication Services Select Sector SPDR Fund', kind: 'etf', sector: 'Communication Services', subIndustry: null },
];

/**
 * Everyday names → symbol, matched case-insensitively as whole words. Names derived from the constituents list
 * ("Nvidia", "Advanced Micro Devices") need no entry here; these are the nicknames and short forms.
 * Lower-case tickers of the offline dataset are here too, so "how is nvda doing" works.
 */
export const NAME_ALIASES: Readonly<Record<string, string>> = {
  nvidia: 'NVDA', nvda: 'NVDA',
  amd: 'AMD', 'advanced micro devices': 'AMD',
  broadcom: 'AVGO', avgo: 'AVGO',
  intel: 'INTC', intc: 'INTC',
  'taiwan semiconductor': 'TSM', 'taiwan semiconductor manufacturing': 'TSM', 'taiwan semi': 'TSM', tsmc: 'TSM', tsm: 'TSM',
  qualcomm: 'QCOM', qcom: 'QCOM',
  apple: 'AAPL', aapl: 'AAPL',
  microsoft: 'MSFT', msft: 'MSFT',
  alphabet: 'GOOGL', google: 'GOOGL', googl: 'GOOGL', goog: 'GOOG',
  amazon: 'AMZN', amzn: 'AMZN', 'amazon.com': 'AMZN',
  meta: 'META', 'meta platforms': 'META', facebook: 'META',
  tesla: 'TSLA', tsla: 'TSLA',
  spy: 'SPY', qqq: 'QQQ', soxx: 'SOXX', smh: 'SMH', xlk: 'XLK', xlc: 'XLC',
  netflix: 'NFLX', berkshire: 'BRK.B', 'berkshire hathaway': 'BRK.B', jpmorgan: 'JPM', 'jp morgan': 'JPM', 'jpmorgan chase': 'JPM',
  walmart: 'WMT', exxon: 'XOM', 'exxon mobil': 'XOM', exxonmobil: 'XOM', chevron: 'CVX', 'coca-cola': 'KO', 'coca cola': 'KO',
  pepsi: 'PEP', pepsico: 'PEP', disney: 'DIS', nike: 'NKE', boeing: 'BA', oracle: 'ORCL', salesforce: 'CRM', adobe: 'ADBE',
  ibm: 'IBM', cisco: 'CSCO', micron: 'MU', 'texas instruments': 'TXN', 'applied materials': 'AMAT', 'lam research': 'LRCX',
  'kla': 'KLAC', marvell: 'MRVL', 'analog devices': 'ADI', onsemi: 'ON', nxp: 'NXPI',
  microchip: 'MCHP', skyworks: 'SWKS', 'super micro': 'SMCI', supermicro: 'SMCI', palantir: 'PLTR', costco: 'COST',
  'home depot': 'HD', "mcdonald's": 'MCD', mcdonalds: 'MCD', visa: 'V', mastercard: 'MA', goldman: 'GS', 'goldman sachs': 'GS',
  'morgan stanley': 'MS', 'bank of america': 'BAC', bofa: 'BAC', citi: 'C', citigroup: 'C', 'wells fargo': 'WFC',
  pfizer: 'PFE', 'johnson & johnson': 'JNJ', 'j&j': 'JNJ', 'eli lilly': 'LLY', unitedhealth: 'UNH', merck: 'MRK', abbvie: 'ABBV',
  uber: 'UBER', starbucks: 'SBUX', paypal: 'PYPL', amgen: 'AMGN', dell: 'DELL', ford: 'F', 'general motors': 'GM',
  'at&t': 'T', verizon: 'VZ', 't-mobile': 'TMUS', comcast: 'CMCSA', 'procter & gamble': 'PG', 'p&g': 'PG', caterpillar: 'CAT',
  'general electric': 'GE', lockheed: 'LMT', 'lockheed martin': 'LMT', raytheon: 'RTX', crowdstrike: 'CRWD',
  'palo alto networks': 'PANW', servicenow: 'NOW', 'western digital': 'WDC', seagate: 'STX', sandisk: 'SNDK',
};

/**
 * Tickers that are also ordinary upper-case words or finance abbreviations ("IT sector", "ALL", "MA", "PEG
 * ratio", "ON"): a bare upper-case word in this list is not read as a ticker. `$ON` or the company name still
 * works. Single letters are never read bare either.
 */
export const AMBIGUOUS_TICKERS: ReadonlySet<string> = new Set([
  'ALL', 'ARE', 'IT', 'ON', 'NOW', 'KEY', 'LOW', 'HAS', 'SO', 'DAY', 'GEN', 'FIX', 'DOC', 'ED', 'EL', 'ES', 'DE', 'EG', 'ICE',
  'IP', 'IR', 'PM', 'USB', 'APP', 'DOW', 'TEL', 'COR', 'REG', 'BR', 'CF', 'CI', 'MO', 'NI', 'MA', 'PEG', 'BALL', 'TECH',
  'COST', 'FAST', 'WELL', 'ECHO', 'FLEX', 'COIN', 'LITE', 'HOOD', 'DASH', 'FANG', 'AME', 'AMP', 'EXE', 'WAT', 'DG', 'TT',
  'LH', 'LEN', 'BG', 'PH', 'DD', 'GL', 'J', 'L', 'O', 'Q', 'T', 'V', 'F', 'D', 'C', 'A',
]);
