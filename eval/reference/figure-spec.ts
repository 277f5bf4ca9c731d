/**
 * What a gold question says about figures, windows and anchors, as data. A figure is symbolic (kind, ticker,
 * window/date, precision); its value comes from the reference calculator (`computeFigure`), and may be stored in
 * the gold file only for readability (a test checks stored values against the calculator).
 */
import { z } from 'zod';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const FIGURE_KINDS = [
  /** Window return of `ticker`, percent. */
  'return',
  /** Return of `ticker` minus return of `benchmark` over the same window, percentage points. */
  'spread',
  /** Close of the last session on or before `date`. */
  'close',
  /** That session's move against the previous close, percent. */
  'change',
  /** Largest peak-to-trough fall of closes on the window path, percent (negative). */
  'max_drawdown',
  /** Annualized realized volatility over the window path, percent. */
  'volatility',
  'beta',
  'correlation',
  /** Highest close (or intraday high with basis "intraday") over the whole history up to `date`. */
  'all_time_high',
  /** Percent of the last close below (negative) the all-time high. */
  'pct_from_ath',
  /** Highest intraday high over the 252 sessions ending at `date` (the app's technicals definition). */
  'high_52w',
  /** Lowest intraday low over the same 252 sessions. */
  'low_52w',
  /** Percent of the close from the 52-week high (negative when below). */
  'pct_from_high_52w',
  /** Simple moving average of the last `n` closes at `date`. */
  'sma',
  /** Percent of the close above (positive) or below the SMA(n). */
  'pct_vs_sma',
  /** Wilder RSI(14) at `date`. */
  'rsi',
] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/** How a figure is written: percent, percentage points, a price level, or a plain number (beta, RSI). */
export type FigureUnit = 'pct' | 'pp' | 'price' | 'number';

export const UNIT_OF: Readonly<Record<FigureKind, FigureUnit>> = {
  return: 'pct',
  spread: 'pp',
  close: 'price',
  change: 'pct',
  max_drawdown: 'pct',
  volatility: 'pct',
  beta: 'number',
  correlation: 'number',
  all_time_high: 'price',
  pct_from_ath: 'pct',
  high_52w: 'price',
  low_52w: 'price',
  pct_from_high_52w: 'pct',
  sma: 'price',
  pct_vs_sma: 'pct',
  rsi: 'number',
};

/** Decimals the answer must state when the gold names none: 1 for % and pp, 2 for prices and ratios, 1 for RSI. */
export function defaultDecimals(kind: FigureKind): number {
  if (kind === 'rsi') return 1;
  const unit = UNIT_OF[kind];
  return unit === 'pct' || unit === 'pp' ? 1 : 2;
}

/**
 * Extra slack beyond rounding when the gold names none. RSI: Wilder smoothing remembers where the series starts
 * (the reference starts in 2019, the app at its warm-up), which moves the value by a few hundredths.
 */
export function defaultTolerance(kind: FigureKind): number {
  return kind === 'rsi' ? 0.2 : 0;
}

/** Anchor periods: "since the March low", "from the april peak", "since its 52-week high". */
export const anchorSchema = z.object({
  kind: z.enum(['lowest_close', 'highest_close', 'high_52w', 'low_52w']),
  /** Whose low/high (defaults to the question's first ticker). */
  ticker: z.string().optional(),
  /** For lowest/highest close: the span searched, e.g. March 2026. */
  in: z.object({ from: isoDate, to: isoDate }).optional(),
  /** The anchor session, resolved (checked against the reference calculator). */
  date: isoDate,
});
export type Anchor = z.infer<typeof anchorSchema>;

/** A resolved window: calendar `[from, to]`; with an anchor, `from` is the anchor session and the base is its close. */
export const windowSchema = z
  .object({ from: isoDate, to: isoDate, anchor: anchorSchema.optional() })
  .refine((w) => w.from <= w.to, 'window runs backwards')
  .refine((w) => !w.anchor || w.anchor.date === w.from, 'an anchored window starts on the anchor date');
export type Window = z.infer<typeof windowSchema>;

export const figureSchema = z
  .object({
    kind: z.enum(FIGURE_KINDS),
    ticker: z.string().min(1),
    benchmark: z.string().min(1).optional(),
    /** Defaults to the question's window. */
    window: windowSchema.optional(),
    /** As-of date for point figures; defaults to the reference date. */
    date: isoDate.optional(),
    /** SMA length. */
    n: z.number().int().min(2).max(400).optional(),
    /** all_time_high / pct_from_ath: highest close (default) or highest intraday high. */
    basis: z.enum(['close', 'intraday']).optional(),
    /** Decimals the answer must state (defaults by unit: % and pp 1, prices 2, ratios 2). */
    decimals: z.number().int().min(0).max(4).optional(),
    /** Extra absolute slack beyond rounding (e.g. RSI, whose Wilder smoothing depends on where the series starts). */
    tolerance: z.number().positive().optional(),
    /** The value, stored for readers only (rounded); the reference calculator is the authority. */
    value: z.number().optional(),
  })
  .superRefine((f, ctx) => {
    if (['spread', 'beta', 'correlation'].includes(f.kind) && !f.benchmark) ctx.addIssue({ code: 'custom', message: `${f.kind} needs a benchmark` });
    if (['sma', 'pct_vs_sma'].includes(f.kind) && !f.n) ctx.addIssue({ code: 'custom', message: `${f.kind} needs n` });
  });
export type Figure = z.infer<typeof figureSchema>;

export const WINDOW_KINDS: ReadonlySet<FigureKind> = new Set(['return', 'spread', 'max_drawdown', 'volatility', 'beta', 'correlation']);
