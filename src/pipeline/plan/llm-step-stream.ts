/**
 * Incremental NDJSON step parsing for LLM planners: text deltas in, validated steps out as soon as each line
 * parses and passes the same per-step validator the executor uses (`validateStep`: known tool, valid args,
 * resolvable refs). A step whose references are not accepted yet is held until they are; what is still held at
 * the end is a cycle or a reference to a step that never came. An unknown tool or bad argument never gets out.
 */
import { z } from 'zod';
import type { ToolRegistry } from '../../tools/registry.js';
import { stepDependencies, stepSchema, type Step } from './plan-schema.js';
import { topologicalOrder, validateStep, type PlanIssue } from './validate-plan.js';

export type StepStreamOptions = {
  /** Steps that exist and succeeded (for a replan): refs to them are valid, reuse is not. */
  readonly knownIds?: Iterable<string>;
  /** Ids already taken by other steps (any state): reuse is rejected. */
  readonly reservedIds?: Iterable<string>;
  /** @default 20 */
  readonly maxSteps?: number;
  /** A replan's first line may be `{"reason": "..."}`. */
  readonly acceptReasonLine?: boolean;
};

export class StepStream {
  private buffer = '';
  private lineNo = 0;
  private readonly known: Set<string>;
  private readonly reserved: Set<string>;
  private readonly accepted = new Map<string, Step>();
  private readonly held = new Map<string, Step>();
  readonly issues: PlanIssue[] = [];
  reason?: string;

  constructor(
    private readonly registry: ToolRegistry,
    private readonly options: StepStreamOptions = {},
  ) {
    this.known = new Set(options.knownIds ?? []);
    this.reserved = new Set([...(options.reservedIds ?? []), ...this.known]);
  }

  get acceptedSteps(): Step[] {
    return [...this.accepted.values()];
  }

  /** Feeds a text delta; returns the steps that became ready with it (in dependency order). */
  push(text: string): Step[] {
    this.buffer += text;
    const out: Step[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      out.push(...this.line(line));
      newline = this.buffer.indexOf('\n');
    }
    return out;
  }

  /** The stream ended: parses the last line, then reports what is still held (cycles, missing steps). */
  end(): Step[] {
    const out = this.line(this.buffer);
    this.buffer = '';
    if (this.held.size > 0) {
      const held = [...this.held.values()];
      const heldIds = new Set(held.map((s) => s.id));
      const internal = held.map((s) => ({ ...s, dependsOn: stepDependencies(s).filter((d) => heldIds.has(d)), args: {} }));
      if (!topologicalOrder(internal)) {
        this.issues.push({ code: 'plan_cycle', message: `steps ${held.map((s) => s.id).join(', ')} depend on each other in a cycle (or on a step in one)` });
      }
      for (const step of held) {
        const missing = stepDependencies(step).filter((d) => !this.accepted.has(d) && !this.known.has(d) && !heldIds.has(d));
        if (missing.length > 0) this.issues.push({ code: 'plan_bad_ref', stepId: step.id, message: `refers to step(s) ${missing.join(', ')}, which were never validly defined` });
      }
    }
    return out;
  }

  /** Steps still waiting for references. */
  get heldIds(): string[] {
    return [...this.held.keys()];
  }

  private line(raw: string): Step[] {
    this.lineNo++;
    let line = raw.trim();
    // Tolerated noise: blank lines, code fences, list bullets, trailing commas (models add them out of habit).
    if (line === '' || line.startsWith('```')) return [];
    line = line.replace(/^[-*]\s+(?=[{[])/, '').replace(/,\s*$/, '');
    if (!line.startsWith('{') && !line.startsWith('[')) return []; // prose; an empty plan is reported by the caller
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.issues.push({ code: 'plan_shape', message: `line ${this.lineNo} is not valid JSON (${(error as Error).message}): ${line.slice(0, 120)}` });
      return [];
    }
    // Some models wrap the plan anyway: {"steps":[...]} or a bare array.
    const items = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.steps) ? value.steps : [value];
    const out: Step[] = [];
    for (const item of items) out.push(...this.candidate(item));
    return out;
  }

  private candidate(item: unknown): Step[] {
    if (this.options.acceptReasonLine && isObject(item) && typeof item.reason === 'string' && item.tool === undefined) {
      this.reason = item.reason.slice(0, 300);
      return [];
    }
    const parsed = stepSchema.safeParse(item);
    if (!parsed.success) {
      const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
      this.issues.push({ code: 'plan_shape', stepId: id, message: `line ${this.lineNo}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}` });
      return [];
    }
    const step = parsed.data;
    if (this.accepted.has(step.id) || this.held.has(step.id) || this.reserved.has(step.id)) {
      this.issues.push({ code: 'plan_duplicate_id', stepId: step.id, message: `step id "${step.id}" is used twice` });
      return [];
    }
    if (this.accepted.size + this.held.size >= (this.options.maxSteps ?? 20)) {
      this.issues.push({ code: 'plan_too_large', stepId: step.id, message: `more than ${this.options.maxSteps ?? 20} steps` });
      return [];
    }
    // Tool and arguments are checked now, even when the step must wait for its references.
    const shapeIssues = validateStep(step, this.registry, () => true);
    if (shapeIssues.length > 0) {
      this.issues.push(...shapeIssues);
      return [];
    }
    this.held.set(step.id, step);
    return this.release();
  }

  /** Moves every held step whose references are all accepted to accepted, repeatedly. */
  private release(): Step[] {
    const out: Step[] = [];
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const step of this.held.values()) {
        const ready = stepDependencies(step).every((d) => this.accepted.has(d) || this.known.has(d));
        if (!ready) continue;
        this.held.delete(step.id);
        this.accepted.set(step.id, step);
        out.push(step);
        progressed = true;
      }
    }
    return out;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formatIssues(issues: readonly PlanIssue[]): string {
  return issues.map((i) => `- ${i.stepId ? `${i.stepId}: ` : ''}${i.message}`).join('\n');
}
