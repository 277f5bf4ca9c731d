/**
 * Response bodies for the fake Finnhub, in the documented shapes (see shared/research/data.md §1). Figures are
 * illustrative, per symbol, and deterministic; dates (news, earnings) are placed around "today" so the
 * last-N-days and next-earnings logic has something to find.
 */
const DAY = 86_400;

type Company = {
  name: string;
  exchange: string;
  industry: string;
  price: number;
  marketCap: number;
  pe: number;
  forwardPE: number;
  eps: number;
  margins: [gross: number, operating: number, net: number];
  beta: number;
  peers: string[];
};

export const COMPANIES: Record<string, Company> = {
  NVDA: { name: 'NVIDIA Corp', exchange: 'NASDAQ NMS - GLOBAL MARKET', industry: 'Semiconductors', price: 181.25, marketCap: 4_412_000, pe: 51.2, forwardPE: 31.4, eps: 3.54, margins: [70.1, 58.9, 52.4], beta: 2.11, peers: ['NVDA', 'AVGO', 'MU', 'AMD', 'INTC', 'TXN', 'ADI', 'QCOM', 'MRVL', 'MPWR'] },
  AAPL: { name: 'Apple Inc', exchange: 'NASDAQ NMS - GLOBAL MARKET', industry: 'Technology', price: 228.4, marketCap: 3_395_000, pe: 34.6, forwardPE: 30.2, eps: 6.6, margins: [46.5, 31.8, 24.3], beta: 1.24, peers: ['AAPL', 'DELL', 'HPQ', 'SMCI', 'HPE'] },
  AMZN: { name: 'Amazon.com Inc', exchange: 'NASDAQ NMS - GLOBAL MARKET', industry: 'Retail', price: 179.58, marketCap: 1_221_092.7955, pe: 38.9, forwardPE: 29.7, eps: 4.62, margins: [48.9, 10.7, 9.3], beta: 1.31, peers: ['AMZN', 'BABA', 'PDD', 'MELI', 'EBAY'] },
  MSFT: { name: 'Microsoft Corp', exchange: 'NASDAQ NMS - GLOBAL MARKET', industry: 'Technology', price: 402.1, marketCap: 2_990_000, pe: 33.1, forwardPE: 28.8, eps: 12.15, margins: [69.4, 44.6, 35.8], beta: 0.9, peers: ['MSFT', 'ORCL', 'NOW', 'CRM', 'ADBE'] },
  AMD: { name: 'Advanced Micro Devices Inc', exchange: 'NASDAQ NMS - GLOBAL MARKET', industry: 'Semiconductors', price: 162.3, marketCap: 263_000, pe: 118.4, forwardPE: 35.6, eps: 1.37, margins: [50.2, 8.1, 6.4], beta: 1.92, peers: ['AMD', 'NVDA', 'INTC', 'QCOM', 'AVGO'] },
};

export function quoteBody(symbol: string, nowSec: number) {
  const c = COMPANIES[symbol];
  // An unknown symbol: 200 with zeros, exactly like Finnhub.
  if (!c) return { c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 };
  const pc = round(c.price * 0.99);
  return { c: c.price, d: round(c.price - pc), dp: round(((c.price - pc) / pc) * 100, 4), h: round(c.price * 1.01), l: round(c.price * 0.98), o: pc, pc, t: nowSec - 60 };
}

export function profileBody(symbol: string) {
  const c = COMPANIES[symbol];
  if (!c) return {};
  return {
    country: 'US',
    currency: 'USD',
    estimateCurrency: 'USD',
    exchange: c.exchange,
    finnhubIndustry: c.industry,
    ipo: '1999-01-22',
    logo: `https://static2.finnhub.io/file/publicdatany/finnhubimage/stock_logo/${symbol}.svg`,
    marketCapitalization: c.marketCap,
    name: c.name,
    phone: '14084866000.0',
    shareOutstanding: round(c.marketCap / c.price, 1),
    ticker: symbol,
    weburl: `https://www.${symbol.toLowerCase()}.com/`,
  };
}

export function metricBody(symbol: string) {
  const c = COMPANIES[symbol];
  if (!c) return { metric: {}, metricType: '', series: {}, symbol };
  return {
    symbol,
    metricType: 'all',
    metric: {
      '10DayAverageTradingVolume': 29.09169,
      '52WeekHigh': round(c.price * 1.12),
      '52WeekHighDate': '2026-10-02',
      '52WeekLow': round(c.price * 0.61),
      '52WeekLowDate': '2026-01-24',
      '52WeekPriceReturnDaily': 38.4255,
      beta: c.beta,
      peTTM: c.pe,
      peBasicExclExtraTTM: c.pe,
      forwardPE: c.forwardPE,
      pegTTM: 1.38299,
      epsTTM: c.eps,
      marketCapitalization: c.marketCap,
      dividendYieldIndicatedAnnual: symbol === 'AMD' ? null : 0.4,
      grossMarginTTM: c.margins[0],
      operatingMarginTTM: c.margins[1],
      netProfitMarginTTM: c.margins[2],
      revenueGrowthTTMYoy: 26.59,
      'totalDebt/totalEquityQuarterly': 0.7635,
      'priceRelativeToS&P50013Week': 10.0302,
    },
    series: { annual: { eps: [{ period: '2025-12-31', v: c.eps }] }, quarterly: {} },
  };
}

export function newsBody(symbol: string, nowSec: number) {
  if (!COMPANIES[symbol]) return [];
  const item = (ageDays: number, i: number, headline: string) => ({
    category: 'company',
    datetime: nowSec - Math.round(ageDays * DAY),
    headline,
    id: 142_028_000 + i,
    image: '',
    related: symbol,
    source: i % 2 ? 'Reuters' : 'MarketWatch',
    summary: `${headline}. More in the article.`,
    url: `https://finnhub.io/api/news?id=${symbol.toLowerCase()}${i}`,
  });
  // Oldest first on purpose: the provider must sort. One duplicate headline, one 20 days old.
  return [item(20, 1, `${symbol} old story`), item(3, 2, `${symbol} supplier deal`), item(0.5, 3, `${symbol} shares rise after upgrade`), item(3, 4, `${symbol} supplier deal`)];
}

export function peersBody(symbol: string) {
  return COMPANIES[symbol]?.peers ?? [];
}

export function recommendationBody(symbol: string) {
  if (!COMPANIES[symbol]) return [];
  return [
    { buy: 24, hold: 7, period: '2026-11-01', sell: 1, strongBuy: 12, strongSell: 0, symbol },
    { buy: 23, hold: 8, period: '2026-10-01', sell: 1, strongBuy: 11, strongSell: 0, symbol },
    { buy: 22, hold: 9, period: '2026-09-01', sell: 2, strongBuy: 10, strongSell: 1, symbol },
  ];
}

export function earningsBody(symbol: string, nowSec: number) {
  if (!COMPANIES[symbol]) return { earningsCalendar: [] };
  const date = (offsetDays: number) => new Date((nowSec + offsetDays * DAY) * 1000).toISOString().slice(0, 10);
  return {
    earningsCalendar: [
      { symbol, date: date(24), hour: 'amc', quarter: 3, year: 2027, epsEstimate: 2.3985, epsActual: null, revenueEstimate: 105_311_630_623, revenueActual: null },
      { symbol, date: date(-67), hour: 'amc', quarter: 2, year: 2027, epsEstimate: 2.01, epsActual: 2.12, revenueEstimate: 91_000_000_000, revenueActual: 93_400_000_000 },
    ],
  };
}

/** `/stock/candle` for a premium key: weekdays between from and to, stamped 00:00 UTC. */
export function candleBody(symbol: string, from: number, to: number) {
  const c = COMPANIES[symbol];
  if (!c) return { s: 'no_data' };
  const out = { c: [] as number[], h: [] as number[], l: [] as number[], o: [] as number[], t: [] as number[], v: [] as number[], s: 'ok' };
  for (let t = Math.ceil(from / DAY) * DAY; t <= to; t += DAY) {
    const weekday = new Date(t * 1000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const close = round(c.price * (1 + 0.05 * Math.sin(t / DAY / 9)));
    out.t.push(t);
    out.o.push(round(close * 0.995));
    out.h.push(round(close * 1.01));
    out.l.push(round(close * 0.985));
    out.c.push(close);
    out.v.push(40_000_000);
  }
  return out.t.length ? out : { s: 'no_data' };
}

export function searchBody(q: string) {
  const query = q.toLowerCase();
  const rows = [
    { description: 'NVIDIA CORP', displaySymbol: 'NVDA', symbol: 'NVDA', type: 'Common Stock', primary: ['NVDA.SW', 'NVD.DE'] },
    { description: 'NVIDIA CORP', displaySymbol: 'NVD.DE', symbol: 'NVD.DE', type: 'Common Stock' },
    { description: 'GRANITESHARES 2X LONG NVDA DAILY ETF', displaySymbol: 'NVDL', symbol: 'NVDL', type: 'ETP' },
    { description: 'APPLE INC', displaySymbol: 'AAPL', symbol: 'AAPL', type: 'Common Stock' },
  ].filter((r) => r.description.toLowerCase().includes(query) || r.symbol.toLowerCase() === query);
  return { count: rows.length, result: rows };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
