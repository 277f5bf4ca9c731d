/**
 * Tool `watchlist_digest`: {series[], asOf} → the digest table (day / week / YTD returns), leader and laggard,
 * notable events from the bars, and the same as markdown. The digest run (src/pipeline/run/structured-run.ts)
 * posts its markdown as the answer: every figure in it is computed here.
 */
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { barSeriesSchema } from './market/types.js';
import { assertChronological } from './indicators/assert-chronological.js';
import { computeDigest, digestMarkdown } from './indicators/compute-digest.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const watchlistDigestOutputSchema = z.object({
  asOf: z.string(),
  rows: z.array(z.object({ symbol: z.string(), date: z.string(), close: z.number(), dayPct: z.number().nullable(), weekPct: z.number().nullable(), ytdPct: z.number().nullable() })),
  leader: z.string().nullable(),
  laggard: z.string().nullable(),
  events: z.array(z.object({ symbol: z.string(), kind: z.string(), text: z.string() })),
  missing: z.array(z.string()),
  markdown: z.string(),
});

export const watchlistDigestTool = defineTool({
  name: 'watchlist_digest',
  description:
    "A watchlist's digest for one session: each symbol's day, week and year-to-date return, the day's leader and laggard, and notable events " +
    '(new 52-week highs/lows, 50/200-day SMA crosses, RSI(14) above 70 or below 30, volume ≥ 2× the 20-day average). Needs ≥ 1 year of bars per symbol.',
  input: z.object({ series: z.array(barSeriesSchema).min(1).max(25), asOf: isoDate }),
  output: watchlistDigestOutputSchema,
  timeoutMs: 2_000,
  retry: { retries: 0 },
  concurrencyKey: 'compute',
  summarize: (out) => `${out.rows.length} symbols, ${out.events.length} notable event${out.events.length === 1 ? '' : 's'}${out.leader ? `; leader ${out.leader}, laggard ${out.laggard}` : ''}`,
  compact: (out) => ({ asOf: out.asOf, rows: out.rows, leader: out.leader, laggard: out.laggard, events: out.events.map((e) => e.text) }),
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    for (const series of input.series) assertChronological(series);
    const digest = computeDigest(input.series, input.asOf);
    return { ...digest, markdown: digestMarkdown(digest) };
  },
});
