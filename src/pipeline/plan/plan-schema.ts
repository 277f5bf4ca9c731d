/**
 * The plan: a DAG of typed tool steps. A value `{"$ref": "stepId.path.to.field"}` anywhere in `args` is another
 * step's output (the path may be empty: `{"$ref": "stepId"}` is the whole output).
 */
import { z } from 'zod';

export const STEP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const stepSchema = z.object({
  id: z.string().regex(STEP_ID, 'step ids are letters, digits, _ and -, starting with a letter'),
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  label: z.string().min(1).max(200),
  dependsOn: z.array(z.string()).optional(),
  optional: z.boolean().optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const planSchema = z.object({ steps: z.array(stepSchema) });
export type Plan = z.infer<typeof planSchema>;

export type Ref = { $ref: string };
export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Ref).$ref === 'string' && Object.keys(value).length === 1;
}

/** Every `$ref` string inside a value (args may nest refs in arrays/objects). */
export function collectRefs(value: unknown, out: string[] = []): string[] {
  if (isRef(value)) out.push(value.$ref);
  else if (Array.isArray(value)) for (const item of value) collectRefs(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collectRefs(item, out);
  return out;
}

export function refStepId(ref: string): string {
  const dot = ref.indexOf('.');
  return dot === -1 ? ref : ref.slice(0, dot);
}

/** Dependencies of a step: its refs' step ids plus explicit ordering, de-duplicated. */
export function stepDependencies(step: Pick<Step, 'args' | 'dependsOn'>): string[] {
  return [...new Set([...collectRefs(step.args).map(refStepId), ...(step.dependsOn ?? [])])];
}
