/**
 * The planner role. An LLM planner streams steps as they are parsed (one JSON object per line), so the executor can
 * start each step as soon as its dependencies are done. Invalid output is repaired once, then the caller falls
 * back to the rules plan.
 */
import type { CallOptions } from '../../models/spec.js';
import type { Entities } from '../events/events.js';

/** A plan step as planners emit it (see plan-schema.ts for the validated shape). */
export type PlannedStep = { id: string; tool: string; args: Record<string, unknown>; label: string; dependsOn?: string[]; optional?: boolean };

export type PlannerInput = {
  question: string;
  /** What the rules router found (intent may be "unknown"); entities already resolved against the directory. */
  route: { intent: string; confidence: number; entities: Entities; unparsed?: string[]; assumptions?: string[] };
  /** Tool catalogue: names, descriptions, JSON schemas. */
  catalog: unknown[];
};

export interface PlannerModel {
  readonly id: string;
  streamPlan(input: PlannerInput, options: CallOptions): AsyncIterable<PlannedStep>;
}
