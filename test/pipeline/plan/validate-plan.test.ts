import { describe, expect, it } from 'vitest';
import { PlanValidationError, validatePlan } from '../../../src/pipeline/plan/validate-plan.js';
import { ToolRegistry } from '../../../src/tools/registry.js';
import { waitTool } from '../../helpers/tool-fixtures.js';
import { getBarsTool } from '../../../src/tools/get-bars.js';

const registry = new ToolRegistry([waitTool, getBarsTool]);
const s = (id: string, args: Record<string, unknown> = {}, tool = 'wait') => ({ id, tool, args, label: id });

function codeOf(plan: unknown): string | undefined {
  try {
    validatePlan(plan, registry, { maxSteps: 5 });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(PlanValidationError);
    return (error as PlanValidationError).issues[0].code;
  }
}

describe('validatePlan', () => {
  it('accepts a valid plan and orders it topologically', () => {
    const plan = validatePlan({ steps: [s('b', { inputs: [{ $ref: 'a.value' }] }), s('a')] }, registry);
    expect(plan.steps.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('rejects each kind of bad plan with a typed error before anything runs', () => {
    expect(codeOf({ steps: 'nope' })).toBe('plan_shape');
    expect(codeOf({ steps: [] })).toBe('plan_empty');
    expect(codeOf({ steps: [s('a', {}, 'delete_everything')] })).toBe('plan_unknown_tool');
    expect(codeOf({ steps: [s('a', { ms: 'soon' })] })).toBe('plan_invalid_args');
    expect(codeOf({ steps: [s('a', { symbol: 'NVDA', from: '2026-13', to: '2026-05-01' }, 'get_bars')] })).toBe('plan_invalid_args');
    expect(codeOf({ steps: [s('a', { inputs: [{ $ref: 'ghost.value' }] })] })).toBe('plan_bad_ref');
    expect(codeOf({ steps: [s('a', { inputs: [{ $ref: 'b' }] }), s('b', { inputs: [{ $ref: 'a' }] })] })).toBe('plan_cycle');
    expect(codeOf({ steps: [s('a'), s('a')] })).toBe('plan_duplicate_id');
    expect(codeOf({ steps: Array.from({ length: 6 }, (_, i) => s(`s${i}`)) })).toBe('plan_too_large');
    expect(codeOf({ steps: [s('a', { bogus: { $ref: 'b' } }), s('b')] })).toBe('plan_invalid_args');
  });

  it('lists every problem in the message (for the LLM repair round)', () => {
    try {
      validatePlan({ steps: [s('a', {}, 'x'), s('b', { ms: 'y' })] }, registry);
      expect.unreachable();
    } catch (error) {
      const e = error as PlanValidationError;
      expect(e.issues.map((i) => i.code)).toEqual(['plan_unknown_tool', 'plan_invalid_args']);
      expect(e.message).toMatch(/a: unknown tool "x"/);
    }
  });
});
