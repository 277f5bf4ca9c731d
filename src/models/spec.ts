/**
 * Model roles. Each stage that uses a model talks to one of these small interfaces; builtin (offline,
 * deterministic) implementations and OpenAI / Anthropic / OpenAI-compatible ones sit behind the same shapes.
 * Numbers are computed in code; models narrate and judge, never invent figures.
 */
import type { Entities } from '../pipeline/events/events.js';

export const MODEL_ROLES = ['intent', 'planner', 'replanner', 'vision', 'synthesis'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

export type ModelUsage = {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
};

export interface UsageRecorder {
  record(role: ModelRole | string, usage: ModelUsage): void;
}

export type CallOptions = {
  readonly signal: AbortSignal;
  /** The run's recorder. Roles whose interface returns no usage (the streamed planner, intent) record here. */
  readonly usage?: UsageRecorder;
};

/** Optional LLM intent classifier, asked only when the rules router is not confident. */
export interface IntentModel {
  readonly id: string;
  classify(input: { question: string; intents: readonly string[] }, options: CallOptions): Promise<{ intent: string; confidence: number; usage?: ModelUsage }>;
}

/** One tool result as synthesis sees it: compact, never raw bars. */
export type SynthesisResult = { stepId: string; tool: string; label: string; summary: string; data: unknown };
export type SynthesisGap = { stepId: string; label: string; reason: string };

export type SynthesisInput = {
  question: string;
  intent: string;
  entities: Entities;
  results: SynthesisResult[];
  gaps: SynthesisGap[];
  /** e.g. "offline dataset, as of 2026-05-15" */
  asOfLine: string;
  /** Notes the pipeline wants the reader to see (fallbacks taken, role fallbacks). */
  notes: string[];
};

export interface SynthesisModel {
  readonly id: string;
  synthesize(input: SynthesisInput, options: CallOptions & { onDelta?: (text: string) => void }): Promise<{ text: string; usage?: ModelUsage }>;
}

export type ChartObservation = { kind: string; text: string };
export type ChartAnalysisInput = {
  /** The rendered chart, when there is one (the numeric reader does without). */
  image?: { data: Buffer; mime: string; width?: number; height?: number };
  /** Key numbers as text so the model need not read them off pixels. */
  keyNumbers: Record<string, string | number | null>;
  /** Series the numeric reader works from. */
  series?: unknown;
  context: string;
};
export type ChartAnalysis = { method: 'vision' | 'numeric'; model: string; observations: ChartObservation[]; usage?: ModelUsage };

export interface VisionModel {
  readonly id: string;
  /** Whether it looks at the image. The numeric reader does not, so no vision-size copy is rendered for it. */
  readonly readsImage: boolean;
  analyzeChart(input: ChartAnalysisInput, options: CallOptions): Promise<ChartAnalysis>;
}

/** A plan step as planners emit it (see src/pipeline/plan/plan-schema.ts for the validated shape). */
export type PlannedStep = { id: string; tool: string; args: Record<string, unknown>; label: string; dependsOn?: string[]; optional?: boolean };

export type PlannerInput = {
  question: string;
  /** What the rules router found (intent may be "unknown"); entities already resolved against the directory. */
  route: { intent: string; confidence: number; entities: Entities };
  /** Tool catalogue: names, descriptions, JSON schemas. */
  catalog: unknown[];
};

/**
 * An LLM planner streams steps as they are parsed (one JSON object per line), so the executor can start each
 * step as soon as its dependencies are done. Invalid output is repaired once, then the caller falls back to rules.
 */
export interface PlannerModel {
  readonly id: string;
  streamPlan(input: PlannerInput, options: CallOptions): AsyncIterable<PlannedStep>;
}

export type ReplanInput = {
  question: string;
  failed: { stepId: string; tool: string; error: { code: string; message: string } };
  /** Compact results so far. */
  results: SynthesisResult[];
  catalog: unknown[];
  /** Step ids already used (new ids must differ). */
  usedIds: string[];
};

export interface ReplannerModel {
  readonly id: string;
  replan(input: ReplanInput, options: CallOptions): Promise<{ steps: PlannedStep[]; reason: string; usage?: ModelUsage }>;
}
