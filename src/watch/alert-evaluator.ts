/**
 * Evaluates alerts against each new daily bar, batched by symbol: however many alerts watch a symbol, its bars are
 * fetched once per evaluation (100 alerts on 20 symbols cost 20 upstream requests), and its indicator lines are
 * computed once. Pure apart from `fetchBars`: the scheduler, the replay script and the benchmark all use it.
 */
import type { BarSeries, Quote } from '../tools/market/types.js';
import { lastIndexOnOrBefore } from '../tools/indicators/window.js';
import { readCondition, SeriesLines, shouldFire, type Reading } from './alert-condition.js';
import type { Alert, Side } from './types.js';

export type AlertFiring = { alert: Alert; date: string; reading: Reading };
export type AlertUpdate = { id: string; lastSide: Alert['lastSide']; lastDate: string; firedCount: number };
export type Evaluation = {
  fired: AlertFiring[];
  /** New state for every alert that saw a new session. */
  updates: AlertUpdate[];
  /** Symbols fetched (= upstream requests made). */
  requests: number;
  /** Symbols whose bars could not be fetched, with the reason (their alerts are evaluated next time). */
  errors: { symbol: string; message: string }[];
};

export type FetchBars = (symbol: string) => Promise<BarSeries>;

export async function evaluateAlerts(alerts: readonly Alert[], asOf: string, fetchBars: FetchBars, options: { concurrency?: number } = {}): Promise<Evaluation> {
  const bySymbol = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const list = bySymbol.get(alert.symbol) ?? [];
    list.push(alert);
    bySymbol.set(alert.symbol, list);
  }
  const result: Evaluation = { fired: [], updates: [], requests: 0, errors: [] };
  const symbols = [...bySymbol.keys()];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  const worker = async () => {
    while (next < symbols.length) {
      const symbol = symbols[next++];
      result.requests++;
      let series: BarSeries;
      try {
        series = await fetchBars(symbol);
      } catch (error) {
        result.errors.push({ symbol, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      evaluateSymbol(bySymbol.get(symbol)!, series, asOf, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, symbols.length) }, worker));
  return result;
}

/** One symbol's alerts against its bars at `asOf` (the last session on or before it). */
export function evaluateSymbol(alerts: readonly Alert[], series: BarSeries, asOf: string, into: Evaluation): void {
  const i = lastIndexOnOrBefore(series.bars, asOf);
  if (i < 0) return;
  const lines = new SeriesLines(series.bars.map((b) => b.date), series.bars.map((b) => b.close));
  const date = series.bars[i].date;
  for (const alert of alerts) {
    if (alert.lastDate !== null && alert.lastDate >= date) continue; // this session was evaluated already
    const reading = readCondition(alert.condition, lines, i, alert.symbol);
    if (!reading) continue;
    // No state yet: the session before is the baseline, so a crossing on this very session counts.
    const previous = alert.lastSide ?? (i > 0 ? readCondition(alert.condition, lines, i - 1, alert.symbol)?.side ?? null : null);
    const fire = shouldFire(alert.condition, previous, reading.side);
    if (fire) into.fired.push({ alert, date, reading });
    into.updates.push({ id: alert.id, lastSide: reading.side, lastDate: date, firedCount: alert.firedCount + (fire ? 1 : 0) });
  }
}

export type QuoteFiring = { alert: Alert; price: number; side: Side; figure: string };
export type QuoteEvaluation = { fired: QuoteFiring[]; updates: { id: string; lastSide: Side; firedCount: number }[]; requests: number; errors: { symbol: string; message: string }[] };

/**
 * Price alerts against live quotes during the session: one quote request per symbol, however many alerts watch it.
 * Only the side changes (`lastDate` stays the last completed session, so the close is still evaluated once).
 */
export async function evaluateQuotes(alerts: readonly Alert[], fetchQuote: (symbol: string) => Promise<Quote>): Promise<QuoteEvaluation> {
  const priced = alerts.filter((a) => a.condition.metric === 'price');
  const symbols = [...new Set(priced.map((a) => a.symbol))];
  const result: QuoteEvaluation = { fired: [], updates: [], requests: 0, errors: [] };
  for (const symbol of symbols) {
    result.requests++;
    let quote: Quote;
    try {
      quote = await fetchQuote(symbol);
    } catch (error) {
      result.errors.push({ symbol, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    for (const alert of priced.filter((a) => a.symbol === symbol)) {
      const c = alert.condition as Extract<Alert['condition'], { metric: 'price' }>;
      const side: Side = c.direction === 'above' ? (quote.price > c.threshold ? 'above' : 'below') : quote.price < c.threshold ? 'below' : 'above';
      const fire = shouldFire(c, alert.lastSide, side);
      if (fire) result.fired.push({ alert, price: quote.price, side, figure: `${symbol} traded at ${quote.price.toFixed(2)} (${side} ${c.threshold}) at ${quote.asOf}` });
      if (fire || side !== alert.lastSide) result.updates.push({ id: alert.id, lastSide: side, firedCount: alert.firedCount + (fire ? 1 : 0) });
    }
  }
  return result;
}
