/**
 * Figure specs → values, from the CSVs. Window rule: a window path is the base close followed by the closes of
 * the sessions in `[from, to]`; the base is the last close strictly before `from`, or, for an anchored window,
 * the anchor session's own close. Point figures use the last session on or before their date.
 */
import { loadSeries, type Series } from './csv.js';
import { annualizedVolatilityPct, betaAndCorrelation, extremeIndex, indexBefore, indexOnOrBefore, maxDrawdown, pctChange, rsiWilderAt, simpleReturns, smaAt } from './math.js';
import { WINDOW_KINDS, type Anchor, type Figure, type Window } from './figure-spec.js';

export const YEAR_SESSIONS = 252;

export type FigureValue = { value: number; detail: string };

export type WindowPath = { symbol: string; dates: string[]; closes: number[]; baseDate: string; endDate: string };

/** The closes a window return is measured on: the base close, then every session in the window. */
export function windowPath(series: Series, window: Pick<Window, 'from' | 'to'> & { anchor?: Pick<Anchor, 'date'> }): WindowPath {
  const end = indexOnOrBefore(series.dates, window.to);
  let start: number;
  if (window.anchor) {
    start = series.dates.indexOf(window.anchor.date);
    if (start < 0) throw new Error(`reference: ${series.symbol} has no session on the anchor date ${window.anchor.date}`);
  } else {
    start = indexBefore(series.dates, window.from);
    if (start < 0) throw new Error(`reference: ${series.symbol} has no close before ${window.from} (data from ${series.dates[0]})`);
  }
  if (end <= start) throw new Error(`reference: ${series.symbol} has no session in ${window.from} → ${window.to}`);
  return {
    symbol: series.symbol,
    dates: series.dates.slice(start, end + 1),
    closes: series.close.slice(start, end + 1),
    baseDate: series.dates[start],
    endDate: series.dates[end],
  };
}

/** The anchor session: lowest/highest close in a span, or the 52-week (intraday) high/low as of `asOf`. */
export function resolveAnchor(anchor: Omit<Anchor, 'date'> & { ticker: string }, asOf: string): string {
  const s = loadSeries(anchor.ticker);
  if (anchor.kind === 'high_52w' || anchor.kind === 'low_52w') {
    const end = indexOnOrBefore(s.dates, asOf);
    const from = Math.max(0, end - YEAR_SESSIONS + 1);
    return s.dates[anchor.kind === 'high_52w' ? extremeIndex(s.high, from, end, 'max') : extremeIndex(s.low, from, end, 'min')];
  }
  if (!anchor.in) throw new Error(`reference: a ${anchor.kind} anchor needs a span ("in")`);
  const from = indexBefore(s.dates, anchor.in.from) + 1;
  const to = indexOnOrBefore(s.dates, anchor.in.to);
  if (to < from) throw new Error(`reference: ${anchor.ticker} has no session in ${anchor.in.from} → ${anchor.in.to}`);
  // An earliest-wins tie would also be defensible; ties of closes to the cent do not occur in the gold questions.
  return s.dates[extremeIndex(s.close, from, to, anchor.kind === 'highest_close' ? 'max' : 'min')];
}

/** Pairs two paths' daily simple returns on the sessions both have. */
function pairedReturns(a: WindowPath, b: WindowPath): [number[], number[]] {
  const ra = simpleReturns(a.closes);
  const rb = new Map(simpleReturns(b.closes).map((r, i) => [b.dates[i + 1], r]));
  const xs: number[] = [];
  const ys: number[] = [];
  ra.forEach((r, i) => {
    const other = rb.get(a.dates[i + 1]);
    if (other !== undefined) {
      xs.push(r);
      ys.push(other);
    }
  });
  return [xs, ys];
}

export type FigureContext = {
  /** The question's window, used when the figure names none. */
  readonly window?: Window;
  /** "Today" for the data. */
  readonly referenceDate: string;
};

export function computeFigure(figure: Figure, context: FigureContext): FigureValue {
  const s = loadSeries(figure.ticker);
  const window = figure.window ?? context.window;
  if (WINDOW_KINDS.has(figure.kind) && !window) throw new Error(`reference: a ${figure.kind} figure needs a window`);
  const asOf = figure.date ?? context.referenceDate;
  const at = indexOnOrBefore(s.dates, asOf);
  if (at < 0) throw new Error(`reference: ${figure.ticker} has no session on or before ${asOf}`);
  const path = () => windowPath(s, window!);
  const benchPath = () => windowPath(loadSeries(figure.benchmark!), window!);
  switch (figure.kind) {
    case 'return': {
      const p = path();
      return { value: pctChange(p.closes[0], p.closes.at(-1)!), detail: `${p.baseDate} ${p.closes[0]} → ${p.endDate} ${p.closes.at(-1)}` };
    }
    case 'spread': {
      const p = path();
      const b = benchPath();
      const value = pctChange(p.closes[0], p.closes.at(-1)!) - pctChange(b.closes[0], b.closes.at(-1)!);
      return { value, detail: `${figure.ticker} − ${figure.benchmark}, ${p.baseDate} → ${p.endDate}` };
    }
    case 'close':
      return { value: s.close[at], detail: `close on ${s.dates[at]}` };
    case 'change':
      if (at < 1) throw new Error(`reference: ${figure.ticker} has no close before ${s.dates[at]}`);
      return { value: pctChange(s.close[at - 1], s.close[at]), detail: `${s.dates[at - 1]} ${s.close[at - 1]} → ${s.dates[at]} ${s.close[at]}` };
    case 'max_drawdown': {
      const p = path();
      const dd = maxDrawdown(p.closes);
      return { value: dd.pct, detail: `peak ${p.dates[dd.peakIndex]} ${p.closes[dd.peakIndex]} → trough ${p.dates[dd.troughIndex]} ${p.closes[dd.troughIndex]}` };
    }
    case 'volatility': {
      const p = path();
      return { value: annualizedVolatilityPct(p.closes), detail: `${p.closes.length - 1} daily log returns, ${p.baseDate} → ${p.endDate}` };
    }
    case 'beta':
    case 'correlation': {
      const [xs, ys] = pairedReturns(path(), benchPath());
      const { beta, correlation } = betaAndCorrelation(xs, ys);
      return { value: figure.kind === 'beta' ? beta : correlation, detail: `${xs.length} paired daily returns vs ${figure.benchmark}` };
    }
    case 'all_time_high':
    case 'pct_from_ath': {
      const values = figure.basis === 'intraday' ? s.high : s.close;
      const i = extremeIndex(values, 0, at, 'max');
      if (figure.kind === 'all_time_high') return { value: values[i], detail: `${figure.basis ?? 'close'} high on ${s.dates[i]} (history from ${s.dates[0]})` };
      return { value: pctChange(values[i], s.close[at]), detail: `close ${s.close[at]} vs high ${values[i]} on ${s.dates[i]}` };
    }
    case 'high_52w':
    case 'low_52w':
    case 'pct_from_high_52w': {
      const from = Math.max(0, at - YEAR_SESSIONS + 1);
      const hi = extremeIndex(s.high, from, at, 'max');
      const lo = extremeIndex(s.low, from, at, 'min');
      if (figure.kind === 'high_52w') return { value: s.high[hi], detail: `intraday high on ${s.dates[hi]}` };
      if (figure.kind === 'low_52w') return { value: s.low[lo], detail: `intraday low on ${s.dates[lo]}` };
      return { value: pctChange(s.high[hi], s.close[at]), detail: `close ${s.close[at]} vs 52-week high ${s.high[hi]} (${s.dates[hi]})` };
    }
    case 'sma':
    case 'pct_vs_sma': {
      const value = smaAt(s.close, figure.n!, at);
      if (value === undefined) throw new Error(`reference: ${figure.ticker} has fewer than ${figure.n} closes by ${s.dates[at]}`);
      if (figure.kind === 'sma') return { value, detail: `SMA(${figure.n}) on ${s.dates[at]}, close ${s.close[at]}` };
      return { value: pctChange(value, s.close[at]), detail: `close ${s.close[at]} vs SMA(${figure.n}) ${value.toFixed(2)}` };
    }
    case 'rsi': {
      const value = rsiWilderAt(s.close, at);
      if (value === undefined) throw new Error(`reference: ${figure.ticker} has too few closes for RSI`);
      return { value, detail: `Wilder RSI(14) on ${s.dates[at]} from ${s.dates[0]}` };
    }
  }
}

/** "2026-03" → the span of that calendar month. */
export function monthSpan(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
