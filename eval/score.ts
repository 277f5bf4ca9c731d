/**
 * Scores the rules router against the gold set: intent accuracy, entity accuracy (tickers, benchmark, further
 * benchmark views, period, problem codes) and TaskBench-style node F1 / edge F1 of the built graph against the
 * expected one. Nodes are tool names, edges "tool->tool" from each step's dependencies, compared as multisets.
 */
import { performance } from 'node:perf_hooks';
import type { Plan } from '../src/pipeline/plan/plan-schema.js';
import { hasBlockingProblem, planFromRoute, route, type RouteDeps, type RouteResult } from '../src/pipeline/route/index.js';
import type { GoldQuestion, GoldSet } from './gold-schema.js';

export type Prf = { precision: number; recall: number; f1: number; tp: number; predicted: number; expected: number };

export type QuestionScore = {
  id: string;
  question: string;
  intentOk: boolean;
  entityOk: boolean;
  fields: { tickers: boolean; benchmark: boolean; altBenchmarks: boolean; period: boolean; problems: boolean };
  nodes: Prf;
  edges: Prf;
  expected: GoldQuestion;
  predicted: { intent: string; confidence: number; tickers: string[]; benchmark: string | null; altBenchmarks: string[]; period: RouteResult['entities']['period']; problems: string[]; nodes: string[]; edges: string[] };
  routeMs: number;
};

export type EvalReport = {
  count: number;
  intentAccuracy: number;
  entityAccuracy: number;
  fieldAccuracy: Record<keyof QuestionScore['fields'], number>;
  nodeF1: { micro: number; macro: number };
  edgeF1: { micro: number; macro: number };
  questions: QuestionScore[];
};

export type EvalDeps = Omit<RouteDeps, 'inherit'> & { available: ReadonlySet<string> };

/** Multiset precision/recall/F1; two empty sets agree perfectly. */
export function multisetPrf(predicted: readonly string[], expected: readonly string[]): Prf {
  const counts = new Map<string, number>();
  for (const item of expected) counts.set(item, (counts.get(item) ?? 0) + 1);
  let tp = 0;
  for (const item of predicted) {
    const left = counts.get(item) ?? 0;
    if (left > 0) {
      tp++;
      counts.set(item, left - 1);
    }
  }
  if (predicted.length === 0 && expected.length === 0) return { precision: 1, recall: 1, f1: 1, tp: 0, predicted: 0, expected: 0 };
  const precision = predicted.length ? tp / predicted.length : 0;
  const recall = expected.length ? tp / expected.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, predicted: predicted.length, expected: expected.length };
}

/** A plan as TaskBench-style nodes (tool names) and edges (tool of a dependency -> tool of the step). */
export function graphOf(plan: Plan): { nodes: string[]; edges: string[] } {
  const toolOf = new Map(plan.steps.map((s) => [s.id, s.tool]));
  return {
    nodes: plan.steps.map((s) => s.tool),
    edges: plan.steps.flatMap((s) => (s.dependsOn ?? []).map((dep) => `${toolOf.get(dep) ?? dep}->${s.tool}`)),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => sameList([...a].sort(), [...b].sort());

export function scoreQuestion(gold: GoldQuestion, deps: EvalDeps): QuestionScore {
  const t = performance.now();
  const result = route(gold.question, { ...deps, inherit: gold.inherit });
  const routeMs = performance.now() - t;
  const plan: Plan = hasBlockingProblem(result.problems) ? { steps: [] } : planFromRoute(result, { available: deps.available });
  const graph = graphOf(plan);
  const e = result.entities;
  const problems = result.problems.map((p) => p.code);
  const fields = {
    tickers: sameList(e.tickers, gold.tickers),
    benchmark: e.benchmark === gold.benchmark,
    altBenchmarks: gold.altBenchmarks === undefined || sameList(e.altBenchmarks, gold.altBenchmarks),
    period:
      (gold.period.label === undefined || gold.period.label === e.period.label) &&
      (gold.period.from === undefined || gold.period.from === e.period.from) &&
      (gold.period.to === undefined || gold.period.to === e.period.to),
    problems: gold.problems === undefined || sameSet(problems, gold.problems),
  };
  return {
    id: gold.id,
    question: gold.question,
    intentOk: result.intent === gold.intent,
    entityOk: Object.values(fields).every(Boolean),
    fields,
    nodes: multisetPrf(graph.nodes, gold.graph.nodes),
    edges: multisetPrf(graph.edges, gold.graph.edges),
    expected: gold,
    predicted: { intent: result.intent, confidence: result.confidence, tickers: e.tickers, benchmark: e.benchmark, altBenchmarks: e.altBenchmarks, period: e.period, problems, ...graph },
    routeMs,
  };
}

export function evaluate(gold: GoldSet, deps: EvalDeps): EvalReport {
  const questions = gold.questions.map((q) => scoreQuestion(q, deps));
  const n = questions.length;
  const share = (pick: (q: QuestionScore) => boolean) => questions.filter(pick).length / n;
  const micro = (pick: (q: QuestionScore) => Prf) => {
    const tp = questions.reduce((s, q) => s + pick(q).tp, 0);
    const predicted = questions.reduce((s, q) => s + pick(q).predicted, 0);
    const expected = questions.reduce((s, q) => s + pick(q).expected, 0);
    const p = predicted ? tp / predicted : 1;
    const r = expected ? tp / expected : 1;
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  };
  const macro = (pick: (q: QuestionScore) => Prf) => questions.reduce((s, q) => s + pick(q).f1, 0) / n;
  return {
    count: n,
    intentAccuracy: share((q) => q.intentOk),
    entityAccuracy: share((q) => q.entityOk),
    fieldAccuracy: {
      tickers: share((q) => q.fields.tickers),
      benchmark: share((q) => q.fields.benchmark),
      altBenchmarks: share((q) => q.fields.altBenchmarks),
      period: share((q) => q.fields.period),
      problems: share((q) => q.fields.problems),
    },
    nodeF1: { micro: micro((q) => q.nodes), macro: macro((q) => q.nodes) },
    edgeF1: { micro: micro((q) => q.edges), macro: macro((q) => q.edges) },
    questions,
  };
}
