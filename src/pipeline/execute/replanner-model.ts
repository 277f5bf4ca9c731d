/**
 * The replanner role: when a step fails for good and no declared fallback applies, proposes replacement steps.
 * The LLM implementation is llm-replanner.ts; the executor reaches it through the replan hook.
 */
import type { CallOptions, ModelUsage } from '../../models/spec.js';
import type { PlannedStep } from '../plan/planner-model.js';
import type { CompactResult } from './compact-result.js';

export type ReplanInput = {
  question: string;
  failed: { stepId: string; tool: string; error: { code: string; message: string } };
  /** Compact results so far. */
  results: CompactResult[];
  catalog: unknown[];
  /** Step ids already used (new ids must differ). */
  usedIds: string[];
};

export interface ReplannerModel {
  readonly id: string;
  replan(input: ReplanInput, options: CallOptions): Promise<{ steps: PlannedStep[]; reason: string; usage?: ModelUsage }>;
}
