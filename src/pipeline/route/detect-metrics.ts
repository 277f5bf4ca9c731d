/**
 * The figure a question asks for, when it names one: "max drawdown", "how volatile", "beta vs SPY", "all-time high",
 * "the 200 day", "52-week high", "close on March 31", "overbought?". Read from the words, before and independently
 * of the intent, so "what's NVDA's 200 day" is the 200-day moving average and never a 200-day return. A question
 * that names no metric gets the one its intent implies (compare → return, quote → price), or none (an overview).
 */
import type { Intent } from './intents.js';

export const METRICS = [
  'return',
  'price',
  'close_on_date',
  'max_drawdown',
  'volatility',
  'beta',
  'correlation',
  'all_time_high',
  'high_52w',
  'low_52w',
  'moving_average',
  'rsi',
  'macd',
  'bollinger',
  'support_resistance',
  'crossovers',
  'valuation',
  'news',
  'earnings',
] as const;
export type MetricName = (typeof METRICS)[number];

export type Metric = {
  name: MetricName;
  /** Moving-average length in sessions (`moving_average`). */
  window?: number;
};

/** Metrics computed from prices that are a risk measure (the `risk` intent). */
export const RISK_METRICS: ReadonlySet<MetricName> = new Set(['max_drawdown', 'volatility', 'beta', 'correlation']);
/** Metrics read off the price chart (the `technicals` intent). */
export const TECHNICAL_METRICS: ReadonlySet<MetricName> = new Set(['all_time_high', 'high_52w', 'low_52w', 'moving_average', 'rsi', 'macd', 'bollinger', 'support_resistance', 'crossovers']);

type Rule = { name: MetricName; pattern: RegExp; window?: (m: RegExpExecArray) => number | undefined };

const MA_WORDS = '(?:moving[- ]averages?|ma|sma|ema|dma|averages?|lines?)';
const TYPICAL_MA = new Set([5, 8, 9, 10, 13, 20, 21, 30, 34, 50, 60, 89, 100, 120, 150, 180, 200, 250]);

const RULES: readonly Rule[] = [
  { name: 'max_drawdown', pattern: /\b(?:max(?:imum)? |worst |biggest |largest )?draw[- ]?downs?\b|\bpeak[- ]to[- ]trough\b|\bmax dd\b|\bbiggest (?:drop|decline|fall|dip)\b/ },
  { name: 'volatility', pattern: /\bvolatil(?:e|ity)\b|\b(?:realized|realised|annuali[sz]ed|historical|daily|implied) vol\b|\bvol\b(?!ume)|\bstd ?dev\b|\bstandard deviation\b/ },
  { name: 'beta', pattern: /\bbetas?\b/ },
  { name: 'correlation', pattern: /\bcorrelat(?:ed|ion|ions|es|e)\b|\bcorr\b/ },
  { name: 'all_time_high', pattern: /\ball[- ]?time[- ]high\b|\bath\b|\brecord (?:high|close)\b/ },
  { name: 'high_52w', pattern: /\b52[- ]?(?:weeks?|wks?|w)[- ]?(?:high|range|hi)\b|\b(?:one|1)[- ]year (?:high|range)\b/ },
  { name: 'low_52w', pattern: /\b52[- ]?(?:weeks?|wks?|w)[- ]?(?:low|range|lo)\b|\b(?:one|1)[- ]year (?:low|range)\b/ },
  {
    name: 'moving_average',
    pattern: new RegExp(`\\b(\\d{1,3})[- ]?(?:d|day)[- ]?${MA_WORDS}\\b|\\b(?:sma|ema|ma|dma)[- ]?(\\d{1,3})\\b|\\b(\\d{1,3}) ?dma\\b|\\bmoving averages?\\b`),
    window: (m) => Number(m[1] ?? m[2] ?? m[3]) || undefined,
  },
  {
    // "what's NVDA's 200 day", "is it above its 50 day?", "the 100-day": a typical average length, not a period.
    name: 'moving_average',
    pattern: /(?:'s|\bits|\bthe|\babove|\bbelow|\bunder|\bover|\bvs|\bat) (\d{1,3})[- ]?day\b(?! (?:low|high|range|returns?|change|window|period|performance|moves?|gain|loss|volatility|vol|drawdown))/,
    window: (m) => (TYPICAL_MA.has(Number(m[1])) ? Number(m[1]) : undefined),
  },
  { name: 'rsi', pattern: /\brsi\b|\boverbought\b|\boversold\b|\brelative strength index\b/ },
  { name: 'macd', pattern: /\bmacd\b/ },
  { name: 'bollinger', pattern: /\bbollinger\b/ },
  { name: 'support_resistance', pattern: /\bsupport\b|\bresistance\b/ },
  { name: 'crossovers', pattern: /\bgolden cross\b|\bdeath cross\b|\bcross(?:over|overs|ed|es)\b|\bcrossing (?:above|below|over|under)\b/ },
];

/** A close or a day's move on one date ("close on March 31", "move on april 9th", "closing price yesterday"). */
const CLOSE_ON = /\b(?:clos(?:e|ed|ing)(?: price)?|move[ds]?|did \S+ do|price was|traded at)\b/;

export type MetricDetection = { metrics: Metric[] };

/**
 * Metrics named in the question (`q` lower-case, normalized). `singleDay`: the period is one past day, which
 * turns "close"/"move" into `close_on_date`.
 */
export function detectMetrics(q: string, options: { singleDay?: boolean; today?: boolean } = {}): Metric[] {
  const found: Metric[] = [];
  for (const rule of RULES) {
    // Every moving average named ("the 50-day and 200-day"); one of everything else.
    const matches = rule.window ? [...q.matchAll(new RegExp(rule.pattern.source, 'g'))] : [rule.pattern.exec(q)].filter((m): m is RegExpExecArray => m !== null);
    for (const match of matches) {
      const window = rule.window?.(match);
      if (rule.window && window === undefined && /\d/.test(match[0])) continue;
      if (found.some((m) => m.name === rule.name && m.window === window)) continue;
      if (rule.window && window === undefined && found.some((m) => m.name === rule.name)) continue;
      found.push(window ? { name: rule.name, window } : { name: rule.name });
    }
  }
  // "50-day and 200-day moving averages": the bare "moving averages" adds nothing once lengths are named.
  if (found.some((m) => m.name === 'moving_average' && m.window)) {
    for (let i = found.length - 1; i >= 0; i--) if (found[i].name === 'moving_average' && !found[i].window) found.splice(i, 1);
  }
  if (options.singleDay && !options.today && CLOSE_ON.test(q)) found.unshift({ name: 'close_on_date' });
  // A 52-week range asks for both ends; "52-week high" only for the high.
  return found;
}

/** The metric a question implies when it names none. */
export function impliedMetric(intent: Intent): Metric | undefined {
  switch (intent) {
    case 'compare':
      return { name: 'return' };
    case 'quote':
      return { name: 'price' };
    case 'fundamentals':
      return { name: 'valuation' };
    case 'news':
      return { name: 'news' };
    case 'earnings':
      return { name: 'earnings' };
    default:
      return undefined;
  }
}
