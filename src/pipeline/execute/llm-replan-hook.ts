/**
 * The executor's replan hook for one run, backed by the LLM replanner and bounded by the run's budget. Asked
 * only when a step failed for good and no declared fallback applies. A refused replan (budget) or an empty one
 * emits `step.progress` on the failed step and leaves a note for the answer; the gap is then carried to synthesis.
 */
import type { Logger } from 'pino';
import { asBotError } from '../../errors.js';
import type { ReplannerModel } from './replanner-model.js';
import type { CompactResult } from './compact-result.js';
import type { UsageRecorder } from '../../models/spec.js';
import type { ToolRegistry } from '../../tools/registry.js';
import type { Emit, ReplanHook } from './executor.js';
import type { RunBudget } from './llm-budget.js';

export type ReplanHookArgs = {
  readonly replanner: ReplannerModel;
  readonly registry: ToolRegistry;
  readonly question: string;
  readonly budget: RunBudget;
  readonly usage: UsageRecorder;
  readonly emit: Emit;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Sentences for the answer; the hook appends to it. */
  readonly notes: string[];
  /** Resolves when planning has finished: a step can fail while the plan still streams, and the replan (and its
   *  budget check) must see the whole plan and the planner's token use. */
  readonly planned?: Promise<unknown>;
};

export function createReplanHook(args: ReplanHookArgs): ReplanHook {
  const { replanner, budget, emit, log, notes } = args;
  return async ({ step, error, outputs, usedIds }) => {
    if (args.planned) await args.planned;
    if (args.signal.aborted) return undefined;
    const refused = budget.takeReplan();
    if (refused) {
      emit('step.progress', { stepId: step.id, message: `not replanning: ${refused}` });
      notes.push(`"${step.label}" failed and was not replanned: ${refused}.`);
      return undefined;
    }
    emit('step.progress', { stepId: step.id, message: `asking ${replanner.id} for a way around the failure` });
    const results: CompactResult[] = [...outputs].map(([stepId, output]) => ({ stepId, tool: '', label: stepId, summary: brief(output), data: undefined }));
    const signal = AbortSignal.any([args.signal, AbortSignal.timeout(Math.max(1, budget.remainingMs()))]);
    try {
      const replan = await replanner.replan(
        { question: args.question, failed: { stepId: step.id, tool: step.tool, error: { code: error.code, message: error.message } }, results, catalog: args.registry.catalog(), usedIds },
        { signal, usage: args.usage },
      );
      if (replan.usage) args.usage.record('replanner', replan.usage);
      if (replan.steps.length === 0) {
        emit('step.progress', { stepId: step.id, message: `${replanner.id} found no replacement: ${replan.reason}` });
        notes.push(`"${step.label}" failed and no replacement was found.`);
        return undefined;
      }
      return { steps: replan.steps, reason: `${replan.reason} (replanned by ${replanner.id} after "${step.label}" failed)` };
    } catch (replanError) {
      if (args.signal.aborted) return undefined;
      const err = asBotError(replanError);
      log.warn({ err: err.toData(), stepId: step.id }, 'replanner failed');
      emit('step.progress', { stepId: step.id, message: `replanning failed: ${err.message}` });
      notes.push(`"${step.label}" failed and the replanner (${replanner.id}) could not help (${err.message}).`);
      return undefined;
    }
  };
}

/** A short string of an output for the replanner's context: enough to know what exists, not the data. */
function brief(output: unknown): string {
  const text = JSON.stringify(output, (key, value) => (Array.isArray(value) && value.length > 5 ? `[${value.length} items]` : value)) ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
