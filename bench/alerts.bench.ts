/**
 * `npm run bench -- alerts`: evaluating 1 000 alerts over 50 symbols against the newest daily bar (price, RSI and
 * SMA-cross conditions mixed). Side by side in one run: the evaluator (batched by symbol: one bars request per
 * symbol, indicator lines computed once per symbol) vs a naive loop (one request and one indicator pass per alert).
 * Bars come from an in-memory provider (300 sessions each, deterministic random walk) that counts requests.
 */
import { performance } from 'node:perf_hooks';
import { evaluateAlerts, evaluateSymbol, type Evaluation } from '../src/watch/alert-evaluator.js';
import type { Alert, AlertCondition } from '../src/watch/types.js';
import type { BarSeries } from '../src/tools/market/types.js';
import { median, type BenchResult } from './types.js';

const SYMBOLS = 50;
const ALERTS = 1000;
const SESSIONS = 300;
const REPS = 7;

function series(symbol: string, seed: number): BarSeries {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  let close = 50 + seed % 200;
  const bars = [];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < SESSIONS; i++) {
    close *= 1 + (rand() - 0.5) * 0.04;
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    bars.push({ date, open: close, high: close * 1.01, low: close * 0.99, close, volume: 1e6 });
  }
  return { symbol, bars, windowStart: bars.length - 1, source: 'bench', asOf: bars.at(-1)!.date };
}

function alerts(): Alert[] {
  const out: Alert[] = [];
  for (let i = 0; i < ALERTS; i++) {
    const kind = i % 3;
    const condition: AlertCondition = kind === 0 ? { metric: 'price', direction: 'above', threshold: 100 } : kind === 1 ? { metric: 'rsi', direction: 'above', threshold: 60 } : { metric: 'sma', direction: 'crosses', period: 20 + (i % 5) * 10 };
    out.push({ id: `a${i}`, channel: { platform: 'http', channel: 'bench' }, symbol: `S${i % SYMBOLS}`, condition, createdBy: 'bench', createdAt: '', lastSide: null, lastDate: null, firedCount: 0 });
  }
  return out;
}



export default async function bench(): Promise<BenchResult[]> {
  const data = new Map(Array.from({ length: SYMBOLS }, (_, i) => [`S${i}`, series(`S${i}`, i + 1)]));
  const list = alerts();
  const asOf = data.get('S0')!.asOf;
  let requests = 0;
  const fetchBars = async (symbol: string) => {
    requests++;
    return data.get(symbol)!;
  };

  const batchedMs: number[] = [];
  const naiveMs: number[] = [];
  let batchedRequests = 0;
  let naiveRequests = 0;
  let fired = 0;
  let naiveFired = 0;
  for (let rep = 0; rep < REPS; rep++) {
    requests = 0;
    let t = performance.now();
    const result = await evaluateAlerts(list, asOf, fetchBars);
    batchedMs.push(performance.now() - t);
    batchedRequests = requests;
    fired = result.fired.length;

    requests = 0;
    t = performance.now();
    const into: Evaluation = { fired: [], updates: [], requests: 0, errors: [] };
    for (const alert of list) evaluateSymbol([alert], await fetchBars(alert.symbol), asOf, into); // one fetch + one pass per alert
    naiveMs.push(performance.now() - t);
    naiveRequests = requests;
    naiveFired = into.fired.length;
  }
  if (fired !== naiveFired) throw new Error(`batched and naive disagree: ${fired} vs ${naiveFired} fired`);
  const note = `${ALERTS} alerts, ${SYMBOLS} symbols, ${SESSIONS} sessions each; median of ${REPS}; ${fired} fired`;
  return [
    { name: 'batched by symbol', metric: 'eval time', value: median(batchedMs), unit: 'ms', note },
    { name: 'batched by symbol', metric: 'upstream requests', value: batchedRequests, unit: 'requests', note },
    { name: 'naive per alert', metric: 'eval time', value: median(naiveMs), unit: 'ms', note },
    { name: 'naive per alert', metric: 'upstream requests', value: naiveRequests, unit: 'requests', note },
  ];
}
