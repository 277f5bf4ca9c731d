/**
 * Scores the rules router against a gold set: intent accuracy, entity accuracy (tickers, benchmark, further
 * benchmark views, the legacy `period` fields, problem codes), window accuracy (the resolved from/to and anchor),
 * metric accuracy and TaskBench-style node F1 / edge F1 of the built graph against the expected one (questions
 * without a `graph` are left out of F1). Nodes are tool names, edges "tool->tool", compared as multisets.
 * Direct-answer accuracy needs the whole pipeline and lives in direct-answer.ts.
 */
import { performance } from 'node:perf_hooks';
import { expectedWindow, type GoldQuestion, type GoldSet } from './gold-schema.js';
import { graphOf, routeQuestion, type EvalDeps, type RoutePrediction } from './pipeline-adapter.js';

export { graphOf, type EvalDeps };

export type Prf = { precision: number; recall: number; f1: number; tp: number; predicted: number; expected: number };

export type QuestionScore = {
  id: string;
  question: string;
  intentOk: boolean;
  /** Every entity field below agrees (window and metric are scored on their own). */
  entityOk: boolean;
  fields: { tickers: boolean; benchmark: boolean; altBenchmarks: boolean; period: boolean; problems: boolean };
  /** null when the question has no window expectation. */
  windowOk: boolean | null;
  /** null when the question has no `metric` field. */
  metricOk: boolean | null;
  /** undefined when the question has no `graph`. */
  nodes?: Prf;
  edges?: Prf;
  expected: GoldQuestion;
  predicted: RoutePrediction & { metricRead: string[] | null };
  routeMs: number;
};

export type Share = { rate: number; hits: number; n: number };

export type EvalReport = {
  count: number;
  intentAccuracy: number;
  entityAccuracy: number;
  fieldAccuracy: Record<keyof QuestionScore['fields'], number>;
  window: Share;
  metric: Share & { named: Share };
  nodeF1: { micro: number; macro: number; n: number };
  edgeF1: { micro: number; macro: number; n: number };
  questions: QuestionScore[];
};

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

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => sameList([...a].sort(), [...b].sort());

/** A route's metric as a sorted list (a name, a list of names, or an object with a `name`); null when absent. */
export function readMetric(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return null;
  const one = (x: unknown): string | undefined =>
    typeof x === 'string' ? x : x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string' ? (x as { name: string }).name : undefined;
  const list = (Array.isArray(raw) ? raw : [raw]).map(one).filter((x): x is string => x !== undefined);
  return list.length > 0 ? [...list].sort() : null;
}

/** A route's anchor date, when it reports one (`period.anchor` as a date or `{date}`). */
function readAnchorDate(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (raw && typeof raw === 'object' && typeof (raw as { date?: unknown }).date === 'string') return (raw as { date: string }).date;
  return undefined;
}

type AnchorSpec = { kind: string; ticker?: string; in?: { from: string; to: string } };

/** An anchor the route reports without its session: `{kind, ticker?, in?}`. */
function readAnchorSpec(raw: unknown): AnchorSpec | undefined {
  if (!raw || typeof raw !== 'object' || typeof (raw as { kind?: unknown }).kind !== 'string') return undefined;
  return raw as AnchorSpec;
}

function sameAnchor(spec: AnchorSpec, expected: { kind: string; ticker?: string; in?: { from: string; to: string } }, firstTicker: string | undefined): boolean {
  const ticker = expected.ticker ?? firstTicker;
  const sameIn = expected.in === undefined ? spec.in === undefined || spec.kind.endsWith('52w') : spec.in?.from === expected.in.from && spec.in?.to === expected.in.to;
  return spec.kind === expected.kind && (spec.ticker === undefined || spec.ticker === ticker) && sameIn;
}

export function scoreQuestion(gold: GoldQuestion, deps: EvalDeps): QuestionScore {
  const t = performance.now();
  const p = routeQuestion(gold.question, deps, gold.inherit);
  const routeMs = performance.now() - t;
  const fields = {
    tickers: sameSet(p.tickers, gold.tickers),
    benchmark: p.benchmark === gold.benchmark,
    altBenchmarks: gold.altBenchmarks === undefined || sameList(p.altBenchmarks, gold.altBenchmarks),
    period:
      gold.period === undefined ||
      ((gold.period.label === undefined || gold.period.label === p.period.label) &&
        (gold.period.from === undefined || gold.period.from === p.period.from) &&
        (gold.period.to === undefined || gold.period.to === p.period.to)),
    problems: gold.problems === undefined || sameSet(p.problems, gold.problems),
  };
  const window = expectedWindow(gold);
  // An anchored window also needs the anchor, when the route reports one: the from date alone is the anchor day.
  // A route that reports the anchor unresolved (the session is found from the prices, after routing) is right when
  // it names the same anchor (kind, ticker, where to look); the resolved session is checked in the answer.
  const anchorDate = readAnchorDate(p.period.anchor);
  const spec = readAnchorSpec(p.period.anchor);
  const windowOk =
    window === undefined
      ? null
      : spec && anchorDate === undefined && window.anchor
        ? p.period.to === window.to && sameAnchor(spec, window.anchor, gold.tickers[0])
        : p.period.from === window.from && p.period.to === window.to && (anchorDate === undefined || anchorDate === window.anchor?.date);
  const metricRead = readMetric(p.metric);
  const expectedMetric = gold.metric === undefined ? undefined : gold.metric === null ? null : [gold.metric].flat().sort();
  const metricOk = expectedMetric === undefined ? null : expectedMetric === null ? metricRead === null : metricRead !== null && sameList(metricRead, expectedMetric);
  return {
    id: gold.id,
    question: gold.question,
    intentOk: p.intent === gold.intent,
    entityOk: Object.values(fields).every(Boolean),
    fields,
    windowOk,
    metricOk,
    ...(gold.graph ? { nodes: multisetPrf(p.nodes, gold.graph.nodes), edges: multisetPrf(p.edges, gold.graph.edges) } : {}),
    expected: gold,
    predicted: { ...p, metricRead },
    routeMs,
  };
}

function share(questions: readonly QuestionScore[], pick: (q: QuestionScore) => boolean | null): Share {
  const scored = questions.map(pick).filter((x): x is boolean => x !== null);
  const hits = scored.filter(Boolean).length;
  return { rate: scored.length ? hits / scored.length : 1, hits, n: scored.length };
}

export function evaluate(gold: GoldSet, deps: EvalDeps): EvalReport {
  const questions = gold.questions.map((q) => scoreQuestion(q, deps));
  const n = questions.length;
  const rate = (pick: (q: QuestionScore) => boolean) => questions.filter(pick).length / n;
  const graphed = questions.filter((q) => q.nodes && q.edges);
  const micro = (pick: (q: QuestionScore) => Prf) => {
    const tp = graphed.reduce((s, q) => s + pick(q).tp, 0);
    const predicted = graphed.reduce((s, q) => s + pick(q).predicted, 0);
    const expected = graphed.reduce((s, q) => s + pick(q).expected, 0);
    const p = predicted ? tp / predicted : 1;
    const r = expected ? tp / expected : 1;
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  };
  const macro = (pick: (q: QuestionScore) => Prf) => (graphed.length ? graphed.reduce((s, q) => s + pick(q).f1, 0) / graphed.length : 1);
  return {
    count: n,
    intentAccuracy: rate((q) => q.intentOk),
    entityAccuracy: rate((q) => q.entityOk),
    fieldAccuracy: {
      tickers: rate((q) => q.fields.tickers),
      benchmark: rate((q) => q.fields.benchmark),
      altBenchmarks: rate((q) => q.fields.altBenchmarks),
      period: rate((q) => q.fields.period),
      problems: rate((q) => q.fields.problems),
    },
    window: share(questions, (q) => q.windowOk),
    metric: { ...share(questions, (q) => q.metricOk), named: share(questions, (q) => (q.expected.metric ? q.metricOk : null)) },
    nodeF1: { micro: micro((q) => q.nodes!), macro: macro((q) => q.nodes!), n: graphed.length },
    edgeF1: { micro: micro((q) => q.edges!), macro: macro((q) => q.edges!), n: graphed.length },
    questions,
  };
}
