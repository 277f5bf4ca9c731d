/**
 * Tool `find_anchor`: {series, anchor} → the session an anchored window starts from ("since the March low", "from
 * the April peak", "since the YTD low", "since its 52-week high") and that window, ready for other steps:
 * `{"$ref": "<step>.window"}` is `{from: <anchor session>, to: <series' last session>, base: "from_close"}`, so
 * returns, drawdowns, volatility, beta and comparison charts all measure from the anchor session's own close.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { barSeriesSchema, type BarSeries } from './market/types.js';
import { round2, round4 } from './indicators/round.js';
import { range52w } from './indicators/compute-technicals.js';
import { firstIndexOnOrAfter, lastIndexOnOrBefore, WINDOW_BASES } from './indicators/window.js';
import { checkSeries, price, provenance, provenanceShape, signedPct } from './metric-common.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const ANCHOR_KINDS = ['low', 'high', 'high_52w', 'low_52w'] as const;
/** The gold set's and the router's names for the same anchors. */
const ANCHOR_ALIASES = { lowest_close: 'low', highest_close: 'high' } as const;

export const findAnchorInputSchema = z.object({
  series: barSeriesSchema,
  anchor: z.object({
    kind: z
      .enum([...ANCHOR_KINDS, 'lowest_close', 'highest_close'])
      .describe(
        '"low"/"high" (also "lowest_close"/"highest_close"): the lowest/highest close in [from, to]; "high_52w"/"low_52w": the session of the 52-week intraday high/low',
      ),
    from: isoDate.optional().describe('for low/high: first calendar date searched, e.g. 2026-03-01 for "the March low"'),
    to: isoDate.optional().describe('for low/high: last calendar date searched, e.g. 2026-03-31'),
  }),
});

export const findAnchorOutputSchema = z.object({
  ...provenanceShape,
  kind: z.enum(ANCHOR_KINDS),
  /** What was compared: closes (low/high) or intraday highs/lows (52-week anchors). */
  basis: z.enum(['close', 'intraday']),
  /** The anchor session, its close, and the level found (the close itself, or the intraday high/low). */
  date: z.string(),
  close: z.number(),
  level: z.number(),
  /** The span searched: the calendar dates asked (or the 52-week range's), its first and last session, their count. */
  searched: z.object({ from: z.string(), to: z.string(), firstDate: z.string(), lastDate: z.string(), sessions: z.number().int() }),
  /** The anchored window for other steps' `window` argument. */
  window: z.object({ from: z.string(), to: z.string(), base: z.enum(WINDOW_BASES) }),
  lastClose: z.number(),
  lastDate: z.string(),
  /** From the anchor close to the last close, percent. */
  changeSincePct: z.number(),
});
export type FindAnchor = z.infer<typeof findAnchorOutputSchema>;
export type AnchorSpec = z.infer<typeof findAnchorInputSchema>['anchor'];

type AnchorKind = (typeof ANCHOR_KINDS)[number];

export function computeFindAnchor(series: BarSeries, spec: AnchorSpec): FindAnchor {
  checkSeries('find_anchor', series);
  const anchor = { ...spec, kind: (ANCHOR_ALIASES[spec.kind as keyof typeof ANCHOR_ALIASES] ?? spec.kind) as AnchorKind };
  const { bars } = series;
  const n = bars.length;
  let found: number;
  let level: number;
  let searched: FindAnchor['searched'];
  if (anchor.kind === 'high_52w' || anchor.kind === 'low_52w') {
    const range = range52w(series);
    const high = anchor.kind === 'high_52w';
    const date = high ? range.highDate : range.lowDate;
    found = lastIndexOnOrBefore(bars, date);
    level = high ? range.high : range.low;
    const first = n - range.sessions;
    searched = { from: bars[first].date, to: bars[n - 1].date, firstDate: bars[first].date, lastDate: bars[n - 1].date, sessions: range.sessions };
  } else {
    const { from, to } = anchor;
    if (!from || !to) throw new BotError('tool_input_invalid', `find_anchor: a "${anchor.kind}" anchor needs \`from\` and \`to\` (the span searched)`);
    if (from > to) throw new BotError('tool_input_invalid', `find_anchor: the span starts (${from}) after it ends (${to})`);
    const start = firstIndexOnOrAfter(bars, from);
    const end = lastIndexOnOrBefore(bars, to);
    if (start < 0 || end < start) {
      throw new BotError('insufficient_data', `find_anchor: ${series.symbol} has no session between ${from} and ${to} (the series runs ${bars[0].date} → ${bars[n - 1].date})`, {
        details: { symbol: series.symbol, from, to },
      });
    }
    // The latest session wins a tie, as for every other extreme (52-week range, all-time high).
    found = start;
    for (let i = start + 1; i <= end; i++) {
      if (anchor.kind === 'low' ? bars[i].close <= bars[found].close : bars[i].close >= bars[found].close) found = i;
    }
    level = bars[found].close;
    searched = { from, to, firstDate: bars[start].date, lastDate: bars[end].date, sessions: end - start + 1 };
  }
  const last = bars[n - 1];
  return {
    ...provenance(series),
    kind: anchor.kind,
    basis: anchor.kind === 'low' || anchor.kind === 'high' ? 'close' : 'intraday',
    date: bars[found].date,
    close: bars[found].close,
    level,
    searched,
    window: { from: bars[found].date, to: last.date, base: 'from_close' },
    lastClose: last.close,
    lastDate: last.date,
    changeSincePct: round4((last.close / bars[found].close - 1) * 100),
  };
}

const WHAT: Record<AnchorKind, string> = { low: 'lowest close', high: 'highest close', high_52w: '52-week high', low_52w: '52-week low' };

export const findAnchorTool = defineTool({
  name: 'find_anchor',
  description:
    'Finds the session an anchored window starts from: "since the March low" {kind:"low", from:"2026-03-01", to:"2026-03-31"}, "from the ' +
    'April peak" {kind:"high", …}, "since the YTD low" {kind:"low", from:"2026-01-01", to:<today>} (lowest/highest close in [from, to], the ' +
    'latest on a tie), "since its 52-week high" {kind:"high_52w"} (the session of the intraday 52-week high/low). Returns that session, its ' +
    'close, the change since, and `window` = {from: <anchor session>, to: <last session>, base: "from_close"}: pass {"$ref": "<step>.window"} ' +
    'as the `window` of relative_performance, max_drawdown, volatility, beta or a comparison chart so they measure from the anchor close. ' +
    '`series`: get_bars of the first subject covering the span and the window (for 52-week anchors, warmupBars ≥ 252).',
  input: findAnchorInputSchema,
  output: findAnchorOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) =>
    `${out.symbol} ${WHAT[out.kind]} ${price(out.level)} on ${out.date} (searched ${out.searched.firstDate} → ${out.searched.lastDate}); ` +
    `${signedPct(out.changeSincePct)} since, to ${out.lastDate}`,
  async execute({ series, anchor }, ctx) {
    ctx.signal.throwIfAborted();
    return computeFindAnchor(series, anchor);
  },
});
