/**
 * Hybrid planning for one run. Intents the rules router is confident about keep the fast path (no LLM call);
 * the rest go to the LLM planner, whose streamed steps are added to the execution as they arrive, so the first
 * tools run while the model is still writing. `plan.created` carries the first step(s) and who planned;
 * later streamed steps arrive as `plan.revised` with nothing removed. If the planner fails (after its one repair),
 * the rules planner's plan is used, and a note says so.
 */
import type { Logger } from 'pino';
import { asBotError } from '../../errors.js';
import type { PlannerInput, PlannerModel } from '../plan/planner-model.js';
import type { UsageRecorder } from '../../models/spec.js';
import { collectRefs, isRef, refStepId, type Plan, type Step } from '../plan/plan-schema.js';
import { Execution, type Emit } from '../execute/executor.js';
import type { RunBudget } from '../execute/llm-budget.js';

/** Below this rules confidence (or for `unknown`), an LLM planner plans when one is configured. */
export const LLM_PLANNER_BELOW_CONFIDENCE = 0.6;

/** The LLM planner takes over when the rules are unsure, or when part of the question went unread, whatever the intent. */
export function wantsLlmPlanner(route: { intent: string; confidence: number; unparsed?: readonly string[] }, planner: PlannerModel | undefined): planner is PlannerModel {
  return planner !== undefined && (route.intent === 'unknown' || route.confidence < LLM_PLANNER_BELOW_CONFIDENCE || (route.unparsed?.length ?? 0) > 0);
}

export type StreamPlanArgs = {
  readonly planner: PlannerModel;
  readonly input: PlannerInput;
  readonly execution: Execution;
  readonly emit: Emit;
  readonly usage: UsageRecorder;
  readonly signal: AbortSignal;
  readonly budget: RunBudget;
  /** The rules planner's plan (validated), built only if needed. */
  readonly rulesPlan: () => Plan;
  readonly log: Logger;
};

export type StreamPlanOutcome = {
  /** Who planned: the model id, or `rules` after a fallback. */
  planner: string;
  llmSteps: number;
  /** Sentences for the answer (fallbacks, budgets). */
  notes: string[];
};

export async function streamPlanIntoExecution(args: StreamPlanArgs): Promise<StreamPlanOutcome> {
  const { planner, execution, emit, signal, budget, log } = args;
  let created = false;
  const added = new Set<string>();
  const add = (steps: Step[], who: string, reason: string) => {
    if (steps.length === 0) return;
    if (!created) emit('plan.created', { steps: steps.map(Execution.view), planner: who });
    else emit('plan.revised', { reason, added: steps.map(Execution.view), removed: [], planner: who });
    created = true;
    for (const step of steps) {
      execution.add(step);
      added.add(step.id);
    }
  };

  // Model work may not outlive the wall-clock budget: the stream is cut and the run goes on with what it has.
  const budgetSignal = AbortSignal.timeout(Math.max(1, budget.remainingMs()));
  const planSignal = AbortSignal.any([signal, budgetSignal]);
  let llmSteps = 0;
  try {
    for await (const step of planner.streamPlan(args.input, { signal: planSignal, usage: args.usage })) {
      add([step], planner.id, 'the planner streamed another step');
      llmSteps++;
    }
    return { planner: planner.id, llmSteps, notes: [] };
  } catch (error) {
    if (signal.aborted) throw error;
    const err = asBotError(error);
    if (budgetSignal.aborted && llmSteps > 0) {
      const note = `Planning stopped at the time budget for model work; the answer uses the ${llmSteps} step(s) planned by then.`;
      log.warn({ steps: llmSteps }, 'planner cut by the wall-clock budget');
      return { planner: planner.id, llmSteps, notes: [note] };
    }
    log.warn({ err: err.toData(), model: planner.id, acceptedSteps: llmSteps }, 'LLM planner failed; using the rules planner');
    const rules = args.rulesPlan();
    const note = `The ${planner.id} planner failed (${err.message}); the rules planner's plan was used${llmSteps > 0 ? ' alongside the valid steps it had sent' : ''}.`;
    const steps = created ? renameColliding(rules.steps, added) : rules.steps;
    add(steps, created ? `rules` : `rules (fallback from ${planner.id})`, `the ${planner.id} plan was invalid; added the rules plan`);
    return { planner: 'rules', llmSteps, notes: [note] };
  }
}

/** Gives rules steps fresh ids where they collide with steps already running, rewriting their `$ref`s. */
export function renameColliding(steps: readonly Step[], taken: ReadonlySet<string>): Step[] {
  const renames = new Map<string, string>();
  for (const step of steps) {
    if (!taken.has(step.id)) continue;
    let id = `${step.id}_rules`;
    for (let i = 2; taken.has(id); i++) id = `${step.id}_rules${i}`;
    renames.set(step.id, id);
  }
  if (renames.size === 0) return [...steps];
  const rewrite = (value: unknown): unknown => {
    if (isRef(value)) {
      const target = refStepId(value.$ref);
      const renamed = renames.get(target);
      return renamed ? { $ref: renamed + value.$ref.slice(target.length) } : value;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === 'object' && value !== null && collectRefs(value).length > 0)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  return steps.map((step) => ({
    ...step,
    id: renames.get(step.id) ?? step.id,
    args: rewrite(step.args) as Record<string, unknown>,
    ...(step.dependsOn ? { dependsOn: step.dependsOn.map((d) => renames.get(d) ?? d) } : {}),
  }));
}
