/**
 * Replays alerts over history: for each session in [from, to], what the scheduler would have posted. The same
 * evaluator as the live scheduler (batched by symbol, one fetch per symbol for the whole range), fed one session at
 * a time; each alert starts with the session before `from` as its baseline.
 */
import type { MarketDataProvider } from '../tools/market/types.js';
import { evaluateSymbol, type Evaluation } from './alert-evaluator.js';
import { parseCommand } from './parse-command.js';
import { describeCondition, type Alert } from './types.js';

export type ReplayFiring = { date: string; alertId: string; condition: string; figure: string };
export type ReplayResult = { firings: ReplayFiring[]; sessions: number; requests: number };

export const DEFAULT_REPLAY_ALERTS = ['NVDA rsi above 70', 'AMD rsi above 70', 'NVDA crosses sma50', 'AAPL crosses sma50', 'MSFT below 400'];

/** "NVDA rsi above 70" → an alert (the `/alert` syntax); throws with the parser's message when it does not read. */
export function alertFromText(text: string, id: string): Alert {
  const parsed = parseCommand('alert', text);
  if (!parsed.ok) throw new Error(`alert "${text}": ${parsed.error}`);
  if (parsed.command.kind !== 'alert_add') throw new Error(`alert "${text}": not an alert condition`);
  return {
    id,
    channel: { platform: 'http', channel: 'replay' },
    symbol: parsed.command.symbol,
    condition: parsed.command.condition,
    createdBy: 'replay',
    createdAt: new Date(0).toISOString(),
    lastSide: null,
    lastDate: null,
    firedCount: 0,
  };
}

export async function replayAlerts(alerts: readonly Alert[], market: MarketDataProvider, range: { from: string; to: string }): Promise<ReplayResult> {
  const state = new Map(alerts.map((a) => [a.id, { ...a }]));
  const symbols = [...new Set(alerts.map((a) => a.symbol))];
  const firings: ReplayFiring[] = [];
  const sessions = new Set<string>();
  for (const symbol of symbols) {
    const series = await market.getDailyBars(symbol, { ...range, warmupBars: 300 });
    for (const bar of series.bars.slice(series.windowStart)) {
      if (bar.date < range.from || bar.date > range.to) continue;
      sessions.add(bar.date);
      const into: Evaluation = { fired: [], updates: [], requests: 0, errors: [] };
      evaluateSymbol([...state.values()].filter((a) => a.symbol === symbol), series, bar.date, into);
      for (const f of into.fired) firings.push({ date: f.date, alertId: f.alert.id, condition: describeCondition(f.alert.symbol, f.alert.condition), figure: f.reading.figure });
      for (const u of into.updates) Object.assign(state.get(u.id)!, u);
    }
  }
  firings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.alertId.localeCompare(b.alertId)));
  return { firings, sessions: sessions.size, requests: symbols.length };
}
