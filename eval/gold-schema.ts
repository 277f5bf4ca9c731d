/**
 * The gold set's shape. Three files share it: eval/gold.json (the original in-sample questions), eval/insample.json
 * (in-sample additions for issue 12) and eval/heldout.json (the held-out part, written before the router was
 * changed for it). Each question has the expected intent, entities, problem codes and, optionally: the resolved
 * window, the metric asked for, what the whole answer must name, what the first paragraph must contain (figures
 * recomputed by eval/reference/, a yes/no, a winner, a leader and laggard) and the expected graph as tool-name
 * nodes and "tool->tool" edges (multisets). eval/README.md is the prose version of this file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ROUTER_INTENTS, ROUTE_PROBLEM_CODES } from './pipeline-adapter.js';
import { figureSchema, isoDate, WINDOW_KINDS, windowSchema } from './reference/figure-spec.js';

export { expectedWindow } from './answer-check.js';

/**
 * Intents the gold set uses that the router does not know yet (eval/README.md, "Intents"): `risk` is a statistic
 * of the price path (max drawdown, volatility, beta, correlation). A router that lacks it scores a miss.
 */
export const PROPOSED_INTENTS = ['risk'] as const;
export const GOLD_INTENTS = [...ROUTER_INTENTS, ...PROPOSED_INTENTS] as const;

/** What a question asks for; null (or absent) is a general performance question or an overview. */
export const METRICS = [
  'return',
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
  'price',
  'valuation',
  'news',
  'earnings',
] as const;
export type Metric = (typeof METRICS)[number];

const metricSchema = z.union([z.enum(METRICS), z.array(z.enum(METRICS)).min(2)]).nullable();

export const yesNoSchema = z.object({
  answer: z.enum(['yes', 'no']),
  /** The word the question turns on ("overbought", "above", "outperform"); matched as a word stem. */
  term: z.string().min(1).optional(),
  /** Its opposite ("below", "underperform"): naming it without a negation reads as the other answer. */
  opposite: z.string().min(1).optional(),
});
export type YesNo = z.infer<typeof yesNoSchema>;

export const firstParagraphSchema = z.object({
  /** Each figure must appear, to its precision (values from eval/reference/, never from the code under test). */
  figures: z.array(figureSchema).optional(),
  yesNo: yesNoSchema.optional(),
  /** Head-to-head: the symbol that did better, named as the winner. */
  winner: z.string().optional(),
  /** Group questions ("which mag 7 stock…"): best and worst of the group. */
  leader: z.string().optional(),
  laggard: z.string().optional(),
  /** Case-insensitive substrings the first paragraph must contain (e.g. "above" for "what's NVDA's 200 day"). */
  mentions: z.array(z.string().min(1)).optional(),
  /** Live-only questions offline: the first paragraph says the data needs a live source. */
  declines: z.boolean().optional(),
});
export type FirstParagraph = z.infer<typeof firstParagraphSchema>;

export const goldQuestionSchema = z
  .object({
    id: z.string().min(1),
    question: z.string(),
    intent: z.enum(GOLD_INTENTS),
    tickers: z.array(z.string()),
    benchmark: z.string().nullable(),
    /** Checked only when present. */
    altBenchmarks: z.array(z.string()).optional(),
    /**
     * The route's period as today's router labels it (original questions): only the fields present are checked,
     * as part of entity accuracy. New questions give `window` instead.
     */
    period: z.object({ label: z.string().optional(), from: isoDate.optional(), to: isoDate.optional() }).optional(),
    /** The resolved window (window accuracy); anchor periods name the anchor session. */
    window: windowSchema.optional(),
    /** Expected problem codes (any order); checked only when present ([] = none expected). */
    problems: z.array(z.enum(ROUTE_PROBLEM_CODES)).optional(),
    /** Checked only when present (null = a general performance question or an overview). */
    metric: metricSchema.optional(),
    metricArgs: z.object({ window: z.number().int().min(2).optional(), date: isoDate.optional() }).optional(),
    /** Case-insensitive strings the whole answer must contain: an unknown ticker, a corrected name, a skipped phrase. */
    mustName: z.array(z.string().min(1)).optional(),
    firstParagraph: firstParagraphSchema.optional(),
    /** The thread's previous run, for follow-up questions. */
    inherit: z
      .object({
        intent: z.string().optional(),
        tickers: z.array(z.string()).optional(),
        benchmark: z.string().nullable().optional(),
        altBenchmarks: z.array(z.string()).optional(),
        benchmarkLabel: z.string().nullable().optional(),
        period: z.object({ label: z.string(), from: isoDate, to: isoDate }).optional(),
      })
      .optional(),
    /** Optional: questions that need tools which do not exist yet leave it out, and graph F1 skips them. */
    graph: z
      .object({
        nodes: z.array(z.string()),
        edges: z.array(z.string().regex(/^[a-z0-9_]+->[a-z0-9_]+$/, 'edges are "tool->tool"')),
      })
      .optional(),
    /** Why the expectation is what it is, for the reader. */
    note: z.string().optional(),
  })
  .superRefine((q, ctx) => {
    const fp = q.firstParagraph;
    if (q.window?.anchor && !q.window.anchor.ticker && q.tickers.length === 0) {
      ctx.addIssue({ code: 'custom', message: `${q.id}: an anchor without a ticker needs the question's first ticker` });
    }
    const hasWindow = q.window !== undefined || (q.period?.from !== undefined && q.period.to !== undefined);
    if (fp?.figures?.some((f) => WINDOW_KINDS.has(f.kind) && !f.window && !hasWindow)) {
      ctx.addIssue({ code: 'custom', message: `${q.id}: a window figure needs the figure's or the question's window` });
    }
    if ((fp?.leader === undefined) !== (fp?.laggard === undefined)) ctx.addIssue({ code: 'custom', message: `${q.id}: leader and laggard go together` });
  });
export type GoldQuestion = z.infer<typeof goldQuestionSchema>;

export const SPLITS = ['in', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

export const goldSetSchema = z
  .object({
    referenceDate: isoDate,
    provider: z.literal('offline'),
    /** In-sample questions may be tuned against; held-out ones are only measured. */
    split: z.enum(SPLITS).default('in'),
    questions: z.array(goldQuestionSchema).min(1),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    for (const q of set.questions) {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `duplicate gold id ${q.id}` });
      seen.add(q.id);
    }
  });
export type GoldSet = z.infer<typeof goldSetSchema>;

export const DEFAULT_GOLD_PATH = fileURLToPath(new URL('./gold.json', import.meta.url));
export const INSAMPLE_PATH = fileURLToPath(new URL('./insample.json', import.meta.url));
export const HELDOUT_PATH = fileURLToPath(new URL('./heldout.json', import.meta.url));
/** Every gold file, in-sample first. */
export const GOLD_PATHS = [DEFAULT_GOLD_PATH, INSAMPLE_PATH, HELDOUT_PATH] as const;

export function loadGoldSet(path: string = DEFAULT_GOLD_PATH): GoldSet {
  const parsed = goldSetSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`invalid gold set ${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * All gold files merged per split: `in` = gold.json + insample.json, `heldout` = heldout.json. Ids are unique
 * across files; every file must assume the same reference date.
 */
export function loadGoldSplits(paths: readonly string[] = GOLD_PATHS): Record<Split, GoldSet> {
  const sets = paths.map((path) => ({ path, set: loadGoldSet(path) }));
  const referenceDate = sets[0].set.referenceDate;
  const ids = new Map<string, string>();
  for (const { path, set } of sets) {
    if (set.referenceDate !== referenceDate) throw new Error(`${path} assumes ${set.referenceDate}, ${sets[0].path} assumes ${referenceDate}`);
    for (const q of set.questions) {
      const other = ids.get(q.id);
      if (other) throw new Error(`gold id ${q.id} is in both ${other} and ${path}`);
      ids.set(q.id, path);
    }
  }
  const merged = (split: Split): GoldSet => ({
    referenceDate,
    provider: 'offline',
    split,
    questions: sets.filter(({ set }) => set.split === split).flatMap(({ set }) => set.questions),
  });
  return { in: merged('in'), heldout: merged('heldout') };
}

