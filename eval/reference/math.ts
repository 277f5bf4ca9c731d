/**
 * Plain arithmetic on price arrays for the reference calculator. Written from the textbook definitions, not from
 * the app's indicator code, so the two can disagree (and the eval notices).
 */

/** Index of the last date on or before `date`; -1 when every date is later. Dates are ascending ISO strings. */
export function indexOnOrBefore(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the last date strictly before `date`; -1 when there is none. */
export function indexBefore(dates: readonly string[], date: string): number {
  const i = indexOnOrBefore(dates, date);
  return i >= 0 && dates[i] === date ? i - 1 : i;
}

export function pctChange(from: number, to: number): number {
  return (to / from - 1) * 100;
}

export function simpleReturns(closes: readonly number[]): number[] {
  return closes.slice(1).map((c, i) => c / closes[i] - 1);
}

export function logReturns(closes: readonly number[]): number[] {
  return closes.slice(1).map((c, i) => Math.log(c / closes[i]));
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('reference: mean of nothing');
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample standard deviation (n − 1). */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) throw new Error('reference: a standard deviation needs at least two values');
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Annualized realized volatility in percent: sample std of daily log returns × √252 × 100. */
export function annualizedVolatilityPct(closes: readonly number[]): number {
  return sampleStd(logReturns(closes)) * Math.sqrt(252) * 100;
}

export type Drawdown = { pct: number; peakIndex: number; troughIndex: number };

/** Largest peak-to-trough fall along the path, in percent (≤ 0); 0 with peak = trough = 0 when it never fell. */
export function maxDrawdown(closes: readonly number[]): Drawdown {
  let peak = 0;
  let best: Drawdown = { pct: 0, peakIndex: 0, troughIndex: 0 };
  for (let i = 1; i < closes.length; i++) {
    if (closes[i] > closes[peak]) peak = i;
    const dd = pctChange(closes[peak], closes[i]);
    if (dd < best.pct) best = { pct: dd, peakIndex: peak, troughIndex: i };
  }
  return best;
}

/** Beta = cov(a, b) / var(b) and Pearson correlation, both from paired samples (same length). */
export function betaAndCorrelation(a: readonly number[], b: readonly number[]): { beta: number; correlation: number } {
  if (a.length !== b.length || a.length < 2) throw new Error('reference: beta needs two paired samples of the same length (≥ 2)');
  const ma = mean(a);
  const mb = mean(b);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return { beta: cov / vb, correlation: cov / Math.sqrt(va * vb) };
}

/** Mean of the `n` closes ending at `end` (inclusive); undefined when there are fewer than `n`. */
export function smaAt(closes: readonly number[], n: number, end: number): number | undefined {
  if (end + 1 < n) return undefined;
  return mean(closes.slice(end + 1 - n, end + 1));
}

/**
 * Wilder's RSI(period) at `end`, from the start of the series: the first averages are the simple means of the
 * first `period` changes, then avg = (prev × (period − 1) + current) / period; RSI = 100 − 100 / (1 + gain/loss).
 */
export function rsiWilderAt(closes: readonly number[], end: number, period = 14): number | undefined {
  if (end < period) return undefined;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = closes[i] - closes[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  for (let i = period + 1; i <= end; i++) {
    const d = closes[i] - closes[i - 1];
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
  }
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}

/** Index of the largest (or smallest) value in [from, to]; the latest index wins a tie. */
export function extremeIndex(values: readonly number[], from: number, to: number, which: 'max' | 'min'): number {
  let best = from;
  for (let i = from + 1; i <= to; i++) {
    if (which === 'max' ? values[i] >= values[best] : values[i] <= values[best]) best = i;
  }
  return best;
}
