/**
 * Sector and industry words → benchmark symbols. GICS sectors map to the Select Sector SPDRs; semiconductors
 * use the PHLX index offline (the dataset has it, with SOXX and SMH as further views) and SOXX with live data
 * (index symbols are not reliably served by live APIs). Phrases are normalized word sequences (see
 * `normalizeWords` in symbol-directory.ts) matched as whole words.
 */
export const GICS_SECTOR_ETF: Readonly<Record<string, string>> = {
  'Information Technology': 'XLK',
  Financials: 'XLF',
  'Health Care': 'XLV',
  'Consumer Discretionary': 'XLY',
  'Consumer Staples': 'XLP',
  Energy: 'XLE',
  Industrials: 'XLI',
  Materials: 'XLB',
  Utilities: 'XLU',
  'Real Estate': 'XLRE',
  'Communication Services': 'XLC',
};

export type BenchmarkChoice = { readonly primary: string; readonly alts: readonly string[] };

export type BenchmarkGroup = {
  readonly id: string;
  /** What a person reads: "semiconductors", "the S&P 500". */
  readonly label: string;
  readonly phrases: readonly string[];
  /** Used when the provider serves a closed set of symbols (the offline dataset). */
  readonly offline: BenchmarkChoice;
  /** Used with an open-set (live) provider. */
  readonly live: BenchmarkChoice;
};

const same = (primary: string, alts: string[] = []): Pick<BenchmarkGroup, 'offline' | 'live'> => ({
  offline: { primary, alts },
  live: { primary, alts },
});

export const BENCHMARK_GROUPS: readonly BenchmarkGroup[] = [
  {
    id: 'semiconductors',
    label: 'semiconductors',
    phrases: [
      'semiconductor sector', 'semiconductor industry', 'semiconductor index', 'semiconductor stocks', 'semiconductor etf',
      'semiconductors', 'semiconductor', 'semis', 'semi stocks', 'semi sector', 'chips', 'chip stocks', 'chip sector',
      'chip index', 'chip makers', 'chipmakers', 'chip names', 'chip etf', 'sox', 'sox index', 'phlx semiconductor',
      'phlx semiconductor index', 'philadelphia semiconductor index',
    ],
    offline: { primary: '^SOX', alts: ['SOXX', 'SMH'] },
    live: { primary: 'SOXX', alts: ['SMH'] },
  },
  {
    id: 'market',
    label: 'the S&P 500',
    phrases: [
      'the market', 'the broader market', 'broader market', 'broad market', 'the overall market', 'overall market',
      'the stock market', 'stock market', 'vs market', 'versus market', 'against market', 'vs the market',
      's&p', 's&p 500', 's&p500', 'sp500', 'sp 500', 'spx', 'gspc',
    ],
    ...same('SPY'),
  },
  { id: 'nasdaq', label: 'the Nasdaq-100', phrases: ['nasdaq', 'nasdaq 100', 'nasdaq-100', 'the nasdaq', 'ndx', 'nasdaq composite'], ...same('QQQ') },
  { id: 'dow', label: 'the Dow Jones Industrial Average', phrases: ['the dow', 'dow jones', 'dow jones industrial average', 'djia'], ...same('DIA') },
  { id: 'small-caps', label: 'US small caps (Russell 2000)', phrases: ['russell 2000', 'russell', 'small caps', 'small-caps', 'small cap stocks'], ...same('IWM') },
  {
    id: 'technology',
    label: 'the technology sector',
    phrases: [
      'tech', 'tech sector', 'tech stocks', 'technology', 'technology sector', 'technology stocks', 'information technology',
      'big tech', 'it sector',
    ],
    ...same('XLK'),
  },
  { id: 'financials', label: 'the financials sector', phrases: ['financials', 'financial sector', 'financial stocks', 'banks', 'bank stocks', 'banking sector'], ...same('XLF') },
  { id: 'health-care', label: 'the health care sector', phrases: ['health care', 'healthcare', 'health care sector', 'healthcare sector', 'pharma', 'pharma stocks'], ...same('XLV') },
  {
    id: 'consumer-discretionary',
    label: 'the consumer discretionary sector',
    phrases: ['consumer discretionary', 'discretionary', 'discretionary sector', 'retail stocks', 'retailers'],
    ...same('XLY'),
  },
  { id: 'consumer-staples', label: 'the consumer staples sector', phrases: ['consumer staples', 'staples', 'staples sector'], ...same('XLP') },
  { id: 'energy', label: 'the energy sector', phrases: ['energy', 'energy sector', 'energy stocks', 'oil stocks', 'oil and gas'], ...same('XLE') },
  { id: 'industrials', label: 'the industrials sector', phrases: ['industrials', 'industrial sector', 'industrial stocks'], ...same('XLI') },
  { id: 'materials', label: 'the materials sector', phrases: ['materials', 'materials sector', 'basic materials'], ...same('XLB') },
  { id: 'utilities', label: 'the utilities sector', phrases: ['utilities', 'utilities sector', 'utility stocks'], ...same('XLU') },
  { id: 'real-estate', label: 'the real estate sector', phrases: ['real estate', 'real estate sector', 'reits'], ...same('XLRE') },
  {
    id: 'communication-services',
    label: 'the communication services sector',
    phrases: ['communication services', 'communications sector', 'communication services sector', 'telecom', 'media stocks'],
    ...same('XLC'),
  },
];
