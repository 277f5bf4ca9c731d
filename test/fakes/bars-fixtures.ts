/**
 * One deterministic "true" daily history per symbol on the NYSE calendar, from which every fake bars provider
 * (Tiingo, Alpaca, Yahoo) builds its own wire format: split-adjusted OHLCV, a split + dividend adjusted close,
 * dividends and splits (NVDA 4:1 on 2021-07-20 and 10:1 on 2024-06-10, AAPL 4:1 on 2020-08-31, as they happened).
 * Tests compute expected figures from the same functions, so "the answer matches the fake series" is checkable.
 * Index symbols (^SOX, ^GSPC) have zero volume and adjClose = close, as Yahoo serves them.
 */
import { nextSession, sessionsBetween } from '../../src/tools/market/calendar/trading-calendar.js';

export type TrueBar = {
  date: string;
  /** Split-adjusted, as every source normalises to. */
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Split + dividend adjusted close. */
  adjClose: number;
  /** Cash dividend going ex on this date (split-adjusted), 0 if none. */
  dividend: number;
  /** Split ratio effective on this date (10 for 10:1), 1 if none. */
  splitFactor: number;
  /** Raw (as traded) = adjusted × rawFactor: the product of the split ratios after this date. */
  rawFactor: number;
};

type SymbolSpec = { base: number; drift: number; phase: number; quarterlyYield: number; index?: boolean; splits?: Record<string, number> };

export const FIXTURE_SYMBOLS: Readonly<Record<string, SymbolSpec>> = {
  NVDA: { base: 4.8, drift: 0.0016, phase: 0.3, quarterlyYield: 0.0003, splits: { '2021-07-20': 4, '2024-06-10': 10 } },
  AAPL: { base: 27, drift: 0.0007, phase: 1.1, quarterlyYield: 0.0015, splits: { '2020-08-31': 4 } },
  AMZN: { base: 15, drift: 0.0008, phase: 2.0, quarterlyYield: 0 },
  MSFT: { base: 46, drift: 0.0008, phase: 0.7, quarterlyYield: 0.002 },
  AMD: { base: 2.7, drift: 0.0013, phase: 1.7, quarterlyYield: 0 },
  TSLA: { base: 14, drift: 0.0011, phase: 2.6, quarterlyYield: 0 },
  SOXX: { base: 30, drift: 0.0009, phase: 0.9, quarterlyYield: 0.0025 },
  SMH: { base: 25, drift: 0.0009, phase: 1.3, quarterlyYield: 0.002 },
  SPY: { base: 205, drift: 0.0004, phase: 0.5, quarterlyYield: 0.0035 },
  QQQ: { base: 102, drift: 0.0005, phase: 0.2, quarterlyYield: 0.0015 },
  '^SOX': { base: 690, drift: 0.0009, phase: 0.9, quarterlyYield: 0, index: true },
  '^GSPC': { base: 2050, drift: 0.0004, phase: 0.5, quarterlyYield: 0, index: true },
};

/** The fixture universe: every session from 2015-01-02 to 2030-12-31. */
const FIRST = '2015-01-02';
const LAST = '2030-12-31';
let sessions: string[] | undefined;

function allSessions(): string[] {
  if (!sessions) {
    sessions = [FIRST];
    while (sessions[sessions.length - 1] < LAST) sessions.push(nextSession(sessions[sessions.length - 1]));
  }
  return sessions;
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
const series = new Map<string, TrueBar[]>();

export function isFixtureSymbol(symbol: string): boolean {
  return symbol in FIXTURE_SYMBOLS;
}

/** The whole fixture history of a symbol (undefined for one the fixture does not know). */
export function fixtureHistory(symbol: string): readonly TrueBar[] | undefined {
  const spec = FIXTURE_SYMBOLS[symbol];
  if (!spec) return undefined;
  let bars = series.get(symbol);
  if (bars) return bars;
  const days = allSessions();
  const price = (i: number) => spec.base * Math.exp(spec.drift * i + 0.09 * Math.sin(i / 11 + spec.phase) + 0.03 * Math.sin(i / 3.7 + 2 * spec.phase));
  bars = days.map((date, i) => {
    const close = round4(price(i));
    const open = round4(price(i - 0.5));
    const month = Number(date.slice(5, 7));
    // Quarterly dividends go ex on the first session on or after the 15th of Mar/Jun/Sep/Dec.
    const exDay = month % 3 === 0 && Number(date.slice(8, 10)) >= 15 && Number(days[i - 1]?.slice(8, 10) ?? 99) < 15 && days[i - 1]?.slice(5, 7) === date.slice(5, 7);
    const dividend = exDay && spec.quarterlyYield > 0 ? round4(close * spec.quarterlyYield) : 0;
    return {
      date,
      open,
      high: round4(Math.max(open, close) * 1.012),
      low: round4(Math.min(open, close) * 0.988),
      close,
      volume: spec.index ? 0 : (1_000_000 + ((i * 7919) % 500_000)) * 40,
      adjClose: close,
      dividend,
      splitFactor: spec.splits?.[date] ?? 1,
      rawFactor: 1,
    };
  });
  // Walk back from the end: dividend factors (CRSP style) and split factors apply to every earlier session.
  let divFactor = 1;
  let splitFactor = 1;
  for (let i = bars.length - 1; i >= 0; i--) {
    const bar = bars[i];
    bar.adjClose = spec.index ? bar.close : round4(bar.close * divFactor);
    bar.rawFactor = splitFactor;
    if (bar.dividend > 0 && i > 0) divFactor *= 1 - bar.dividend / bars[i - 1].close;
    splitFactor *= bar.splitFactor;
  }
  series.set(symbol, bars);
  return bars;
}

/** Bars of a symbol in [from, to] (inclusive), or undefined for an unknown symbol. */
export function fixtureBars(symbol: string, from: string, to: string): TrueBar[] | undefined {
  const history = fixtureHistory(symbol);
  if (!history) return undefined;
  return history.filter((b) => b.date >= from && b.date <= to);
}

/** The fixture's bar of a symbol on a date. */
export function fixtureBar(symbol: string, date: string): TrueBar | undefined {
  return fixtureHistory(symbol)?.find((b) => b.date === date);
}

/** The fixture's sessions from `from` to `to` (inclusive), for counting. */
export function fixtureSessionCount(from: string, to: string): number {
  return sessionsBetween(from, to) + 1;
}

/** A session in progress: the partial bar a live source would show for `date` at the given fraction of the day. */
export function partialBar(symbol: string, date: string, fraction = 0.5): TrueBar | undefined {
  const full = fixtureBar(symbol, date);
  if (!full) return undefined;
  const close = round4(full.open + (full.close - full.open) * fraction);
  return { ...full, close, adjClose: close, high: round4(Math.max(full.open, close) * 1.004), low: round4(Math.min(full.open, close) * 0.996), volume: Math.round(full.volume * fraction) };
}
