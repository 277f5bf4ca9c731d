/**
 * The gold set's shape (eval/gold.json): each question with the expected intent, entities, problem codes and the
 * expected graph as tool-name nodes and "tool->tool" edges (multisets: four get_bars feeding relative_performance
 * are four nodes and four edges).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { INTENTS } from '../src/pipeline/route/intents.js';
import { ROUTE_PROBLEM_CODES } from '../src/pipeline/route/route-problem.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const goldQuestionSchema = z.object({
  id: z.string().min(1),
  question: z.string(),
  intent: z.enum(INTENTS),
  tickers: z.array(z.string()),
  benchmark: z.string().nullable(),
  /** Checked only when present. */
  altBenchmarks: z.array(z.string()).optional(),
  /** Label and/or dates; only the fields present are checked. */
  period: z.object({ label: z.string().optional(), from: isoDate.optional(), to: isoDate.optional() }),
  /** Expected problem codes (any order); checked only when present ([] = none expected). */
  problems: z.array(z.enum(ROUTE_PROBLEM_CODES)).optional(),
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
  graph: z.object({
    nodes: z.array(z.string()),
    edges: z.array(z.string().regex(/^[a-z_]+->[a-z_]+$/, 'edges are "tool->tool"')),
  }),
});
export type GoldQuestion = z.infer<typeof goldQuestionSchema>;

export const goldSetSchema = z
  .object({ referenceDate: isoDate, provider: z.literal('offline'), questions: z.array(goldQuestionSchema).min(1) })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    for (const q of set.questions) {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `duplicate gold id ${q.id}` });
      seen.add(q.id);
    }
  });
export type GoldSet = z.infer<typeof goldSetSchema>;

export const DEFAULT_GOLD_PATH = fileURLToPath(new URL('./gold.json', import.meta.url));

export function loadGoldSet(path = DEFAULT_GOLD_PATH): GoldSet {
  const parsed = goldSetSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`invalid gold set ${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
