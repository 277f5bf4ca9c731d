/**
 * The eval's only coupling to `src/`: the router (route + plan), the intent and problem-code lists, and the whole
 * offline pipeline through the app's public entry (`createApp(loadConfig(...))` → `pipeline.startRun`). When the
 * code under `src/` moves, this is the one file to update. Everything here returns plain data.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import type { Plan } from '../src/pipeline/plan/plan-schema.js';
import type { ArtifactStore } from '../src/tools/artifacts.js';
import { hasBlockingProblem, planFromRoute, route, TOOL, type RouteDeps } from '../src/pipeline/route/index.js';
import { INTENTS } from '../src/pipeline/route/intents.js';
import { ROUTE_PROBLEM_CODES } from '../src/pipeline/route/route-problem.js';
import { OfflineMarketData } from '../src/tools/market/offline-provider.js';
import { defaultSymbolDirectory } from '../src/tools/market/symbol-directory.js';

export const ROUTER_INTENTS = INTENTS;
export { ROUTE_PROBLEM_CODES };

/** What the eval needs to route: the symbol directory, the market (reference date, closed symbol set), the tools. */
export type EvalDeps = Omit<RouteDeps, 'inherit'> & { available: ReadonlySet<string> };
export type Inherit = RouteDeps['inherit'];

export type RoutePrediction = {
  intent: string;
  confidence: number;
  tickers: string[];
  benchmark: string | null;
  altBenchmarks: string[];
  period: { label?: string; from?: string; to?: string; anchor?: unknown };
  problems: string[];
  /** The metrics the route reports (names), or null for none (a general overview). */
  metric: unknown;
  nodes: string[];
  edges: string[];
};

/** The offline dataset, the default symbol directory and every catalogue tool. */
export function offlineEvalDeps(): EvalDeps & { referenceDate: string; label: string } {
  const market = new OfflineMarketData();
  return { directory: defaultSymbolDirectory(), market, available: new Set<string>(Object.values(TOOL)), referenceDate: market.referenceDate(), label: market.label };
}

/** A plan as TaskBench-style nodes (tool names) and edges (tool of a dependency -> tool of the step). */
export function graphOf(plan: Pick<Plan, 'steps'>): { nodes: string[]; edges: string[] } {
  const toolOf = new Map(plan.steps.map((s) => [s.id, s.tool]));
  return {
    nodes: plan.steps.map((s) => s.tool),
    edges: plan.steps.flatMap((s) => (s.dependsOn ?? []).map((dep) => `${toolOf.get(dep) ?? dep}->${s.tool}`)),
  };
}

/** Routes one question with the rules router and builds its graph (empty when routing blocks the run). */
export function routeQuestion(question: string, deps: EvalDeps, inherit?: Inherit): RoutePrediction {
  const result = route(question, { ...deps, inherit });
  const plan = hasBlockingProblem(result.problems) ? { steps: [] } : planFromRoute(result, { available: deps.available });
  const entities = result.entities;
  return {
    intent: result.intent,
    confidence: result.confidence,
    tickers: [...entities.tickers],
    benchmark: entities.benchmark,
    altBenchmarks: [...entities.altBenchmarks],
    period: entities.period,
    problems: result.problems.map((p) => p.code),
    metric: entities.metrics && entities.metrics.length > 0 ? [...new Set(entities.metrics.map((m) => m.name))] : null,
    ...graphOf(plan),
  };
}

export type PipelineAnswer = {
  status: string;
  /** What the user reads: the answer, or for a failed run the error message posted instead. */
  text: string;
  intent?: string;
  ms: number;
};

export type PipelineRunner = {
  referenceDate: string;
  ask(question: string, inherit?: Inherit): Promise<PipelineAnswer>;
};

/** Keeps chart PNGs in memory: the eval reads answers, not images. */
function memoryArtifacts(): ArtifactStore {
  const files = new Map<string, Buffer>();
  return {
    save: async (runId, name, bytes) => {
      files.set(`${runId}/${name}`, bytes);
    },
    read: async (runId, name) => files.get(`${runId}/${name}`),
  };
}

/** The whole pipeline, offline, with builtin models (no keys are passed, whatever the environment holds). */
export function createPipelineRunner(): PipelineRunner {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-eval-'));
  const app = createApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir }), {
    logger: silentLogger,
    artifacts: memoryArtifacts(),
    random: () => 0,
  });
  const referenceDate = new OfflineMarketData().referenceDate();
  return {
    referenceDate,
    async ask(question, inherit) {
      const t = performance.now();
      const started = await app.pipeline.startRun({ question, source: { platform: 'test' }, ...(inherit ? { context: { inherit } } : {}) });
      const state = await started.done;
      const text = state.answer !== '' ? state.answer : (state.error?.message ?? '');
      return { status: state.status, text, intent: state.intent, ms: performance.now() - t };
    },
  };
}
