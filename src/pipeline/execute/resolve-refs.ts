/** Replaces every `{"$ref": "stepId.path"}` inside a step's args with the referenced output value. */
import { BotError } from '../../errors.js';
import { isRef } from '../plan/plan-schema.js';

export function resolveRefs(value: unknown, outputs: ReadonlyMap<string, unknown>): unknown {
  if (isRef(value)) return resolveRef(value.$ref, outputs);
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, outputs));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveRefs(item, outputs);
    return out;
  }
  return value;
}

function resolveRef(ref: string, outputs: ReadonlyMap<string, unknown>): unknown {
  const [stepId, ...path] = ref.split('.');
  if (!outputs.has(stepId)) throw new BotError('plan_bad_ref', `reference to "${stepId}", which has no output`);
  let current: unknown = outputs.get(stepId);
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) {
      throw new BotError('plan_bad_ref', `reference "${ref}": no field "${key}" in ${stepId}'s output`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
