/**
 * Plan validation, before anything runs: step shape, unique ids, known tools, arguments valid against the tool's
 * zod schema (arguments that are `$ref`s are checked when they resolve), resolvable references, no cycles, size.
 * Failures are a typed BotError (`plan_invalid`) listing every problem, so an LLM planner can be asked to repair.
 */
import { z } from 'zod';
import { BotError } from '../../errors.js';
import type { ToolRegistry } from '../../tools/registry.js';
import { collectRefs, planSchema, stepDependencies, type Plan, type Step } from './plan-schema.js';

export type PlanIssue = { code: PlanIssueCode; stepId?: string; message: string };
export type PlanIssueCode = 'plan_shape' | 'plan_duplicate_id' | 'plan_unknown_tool' | 'plan_invalid_args' | 'plan_bad_ref' | 'plan_cycle' | 'plan_too_large' | 'plan_empty';

export class PlanValidationError extends BotError {
  readonly issues: PlanIssue[];
  constructor(issues: PlanIssue[]) {
    super(issues[0]?.code ?? 'plan_invalid', `invalid plan: ${issues.map((i) => (i.stepId ? `${i.stepId}: ` : '') + i.message).join('; ')}`, {
      details: { issues },
    });
    this.issues = issues;
  }
}

export type ValidateOptions = { maxSteps?: number; allowEmpty?: boolean };

/** Validates a whole plan. Returns the parsed plan with steps in a valid execution (topological) order. */
export function validatePlan(input: unknown, registry: ToolRegistry, options: ValidateOptions = {}): Plan {
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) throw new PlanValidationError([{ code: 'plan_shape', message: z.prettifyError(parsed.error) }]);
  const plan = parsed.data;
  const issues: PlanIssue[] = [];
  const maxSteps = options.maxSteps ?? 40;
  if (plan.steps.length === 0 && !options.allowEmpty) issues.push({ code: 'plan_empty', message: 'the plan has no steps' });
  if (plan.steps.length > maxSteps) issues.push({ code: 'plan_too_large', message: `${plan.steps.length} steps (at most ${maxSteps})` });

  const ids = new Set<string>();
  for (const step of plan.steps) {
    if (ids.has(step.id)) issues.push({ code: 'plan_duplicate_id', stepId: step.id, message: 'duplicate step id' });
    ids.add(step.id);
  }
  for (const step of plan.steps) issues.push(...validateStep(step, registry, (id) => ids.has(id) && id !== step.id));
  if (issues.length === 0) {
    const ordered = topologicalOrder(plan.steps);
    if (!ordered) issues.push({ code: 'plan_cycle', message: 'the steps depend on each other in a cycle' });
    else plan.steps = ordered;
  }
  if (issues.length > 0) throw new PlanValidationError(issues);
  return plan;
}

/** Checks one step against the registry; `known(id)` says whether a referenced step exists. */
export function validateStep(step: Step, registry: ToolRegistry, known: (id: string) => boolean): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const tool = registry.get(step.tool);
  if (!tool) {
    issues.push({ code: 'plan_unknown_tool', stepId: step.id, message: `unknown tool "${step.tool}" (known: ${registry.names().join(', ')})` });
    return issues;
  }
  for (const dep of stepDependencies(step)) {
    if (!known(dep)) issues.push({ code: 'plan_bad_ref', stepId: step.id, message: `refers to unknown step "${dep}"` });
  }
  const argIssue = checkArgs(tool.input, step.args);
  if (argIssue) issues.push({ code: 'plan_invalid_args', stepId: step.id, message: `arguments for ${step.tool}: ${argIssue}` });
  return issues;
}

/** Validates the arguments that are known now; keys holding a `$ref` are validated after they resolve. */
function checkArgs(schema: z.ZodType, args: Record<string, unknown>): string | undefined {
  const refKeys = Object.keys(args).filter((key) => collectRefs(args[key]).length > 0);
  let partial: z.ZodType = schema;
  if (refKeys.length > 0) {
    if (!(schema instanceof z.ZodObject)) return undefined;
    const shape = schema.shape as Record<string, unknown>;
    const unknownKeys = refKeys.filter((key) => !(key in shape));
    if (unknownKeys.length > 0) return `unknown argument(s) ${unknownKeys.join(', ')}`;
    partial = withoutKeys(schema, refKeys);
  }
  const result = partial.safeParse(Object.fromEntries(Object.entries(args).filter(([key]) => !refKeys.includes(key))));
  return result.success ? undefined : z.prettifyError(result.error).replace(/\n/g, '; ');
}

/** Building a zod schema is costly next to checking one: keep one partial schema per (tool schema, omitted keys). */
const partials = new WeakMap<z.ZodObject, Map<string, z.ZodType>>();
function withoutKeys(schema: z.ZodObject, keys: string[]): z.ZodType {
  let byKeys = partials.get(schema);
  if (!byKeys) partials.set(schema, (byKeys = new Map()));
  const id = [...keys].sort().join('\0');
  let partial = byKeys.get(id);
  if (!partial) byKeys.set(id, (partial = schema.omit(Object.fromEntries(keys.map((key) => [key, true])) as never)));
  return partial;
}

/** Kahn's algorithm, O(steps + edges); undefined when there is a cycle. Keeps plan order among independent steps. */
export function topologicalOrder(steps: Step[]): Step[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const step of steps) {
    const deps = stepDependencies(step).filter((d) => byId.has(d));
    indegree.set(step.id, deps.length);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(step.id);
      else dependents.set(dep, [step.id]);
    }
  }
  const ready = steps.filter((s) => indegree.get(s.id) === 0).map((s) => s.id);
  const out: Step[] = [];
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head];
    out.push(byId.get(id)!);
    for (const next of dependents.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return out.length === steps.length ? out : undefined;
}
