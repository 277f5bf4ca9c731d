/**
 * Named groups of stocks people rank ("which mag 7 stock has done best?", "FAANG this year", "chip stocks: who
 * leads?"). A group names its members; the router expands it when the question ranks or picks among them. Some
 * phrases are also sector words ("big tech", "chip stocks"): without a ranking they stay the benchmark they were.
 */
export type SymbolGroup = {
  readonly id: string;
  /** What a person reads: "the Magnificent Seven". */
  readonly label: string;
  readonly phrases: readonly string[];
  readonly members: readonly string[];
  /** True when the phrase also names a benchmark (expanded only when the question ranks or picks among members). */
  readonly alsoBenchmark?: boolean;
};

export const SYMBOL_GROUPS: readonly SymbolGroup[] = [
  {
    id: 'mag7',
    label: 'the Magnificent Seven',
    phrases: ['mag 7', 'mag7', 'mag seven', 'magnificent 7', 'magnificent seven', 'the magnificent seven', 'mag 7 stocks', 'mag7 stocks', 'mag 7 names'],
    members: ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'META', 'NVDA', 'TSLA'],
  },
  {
    id: 'faang',
    label: 'FAANG',
    phrases: ['faang', 'faang stocks', 'faang names', 'faangs'],
    members: ['META', 'AAPL', 'AMZN', 'NFLX', 'GOOGL'],
  },
  {
    id: 'big-tech',
    label: 'big tech',
    phrases: ['big tech', 'big tech stocks', 'big tech names', 'megacap tech', 'mega cap tech', 'mega-cap tech'],
    members: ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'META'],
    alsoBenchmark: true,
  },
  {
    id: 'chip-stocks',
    label: 'chip stocks',
    phrases: ['chip stocks', 'chip stock', 'chipmakers', 'chipmaker', 'chip makers', 'chip maker', 'chip names', 'semiconductor stocks', 'semi stocks', 'semis stocks'],
    members: ['NVDA', 'AMD', 'AVGO', 'INTC', 'QCOM', 'TSM'],
    alsoBenchmark: true,
  },
  {
    id: 'semis-etfs',
    label: 'semiconductor ETFs',
    phrases: ['semis etf', 'semis etfs', 'semi etf', 'semi etfs', 'semiconductor etf', 'semiconductor etfs', 'chip etf', 'chip etfs'],
    members: ['SMH', 'SOXX'],
    alsoBenchmark: true,
  },
];
