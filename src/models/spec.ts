/**
 * The model spec: what every model role is built on. Roles (planner, replanner, vision, synthesis) are prompts and
 * parsers over one streaming chat call (`chat-model.ts`); their interfaces live with the stage that calls them
 * (pipeline/plan, pipeline/execute, pipeline/synthesize, tools/chart-reading), so this folder depends on nothing
 * but the base modules. Numbers are computed in code; models narrate and judge, never invent figures.
 */

export const MODEL_ROLES = ['planner', 'replanner', 'vision', 'synthesis'] as const;
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
  /** The run's recorder. Roles whose interface returns no usage (the streamed planner) record here. */
  readonly usage?: UsageRecorder;
};
