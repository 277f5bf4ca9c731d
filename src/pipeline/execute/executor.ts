/**
 * The DAG executor: plain code, event-driven. A step starts the moment its last dependency succeeds (no polling,
 * no level-by-level waves); outputs reach dependents through `$ref`. Per-attempt timeouts via AbortSignal, retries
 * with exponential backoff + jitter for retryable errors only, a concurrency cap per provider key, cancellation,
 * optional steps, declared fallbacks and a replan hook.
 *
 * Steps can be added while the execution runs (`add`), which is what lets a streamed LLM plan start executing
 * before the plan stream ends, and lets fallbacks/replans splice new steps in. `seal()` says no more steps will
 * come; `done` resolves once every step has settled.
 */
import type { Logger } from 'pino';
import { asBotError, BotError, type ErrorData } from '../../errors.js';
import { artifactSchema, type PlanStepView, type RunEventData, type RunEventType } from '../events/events.js';
import { collectRefs, stepDependencies, type Step } from '../plan/plan-schema.js';
import { resolveRefs } from './resolve-refs.js';
import { computeRetryDelay } from './retry-delay.js';
import type { ConcurrencyLimits } from './concurrency-limits.js';
import { validateStep } from '../plan/validate-plan.js';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type AnyTool, type RetryPolicy, type ToolContext } from '../../tools/define-tool.js';
import type { ToolRegistry } from '../../tools/registry.js';
import type { ToolServices } from '../../tools/services.js';
import { sleep } from '../../faults.js';

export type Emit = <T extends RunEventType>(type: T, data: RunEventData<T>) => void;

export type StepOutcome =
  | { status: 'succeeded'; output: unknown; durationMs: number }
  | { status: 'failed'; error: ErrorData }
  | { status: 'skipped'; reason: string; cause?: SkipCause };

/** Why a step was skipped: a dependency failed, a dependency was replaced by a fallback/replan, or the run ended. */
export type SkipCause = 'dependency_failed' | 'dependency_replaced' | 'cancelled';

/** Asked when a step fails for good and its tool declares no fallback (the LLM replanner plugs in here). */
export type ReplanHook = (failure: {
  step: Step;
  error: ErrorData;
  outputs: ReadonlyMap<string, unknown>;
  usedIds: string[];
}) => Promise<{ steps: Step[]; reason: string } | undefined>;

export type ExecutorOptions = {
  readonly runId: string;
  readonly registry: ToolRegistry;
  readonly services: ToolServices;
  readonly emit: Emit;
  readonly logger: Logger;
  /** The run's signal: aborting it cancels every running step and starts no new one. */
  readonly signal: AbortSignal;
  readonly limits: ConcurrencyLimits;
  readonly onStepFailed?: ReplanHook;
  /** Jitter source. @default Math.random */
  readonly random?: () => number;
  /** Cap on steps including fallbacks and replans. @default 60 */
  readonly maxSteps?: number;
  /**
   * When the steps must be done (a `performance.now()` time): each attempt's timeout is cut to the time left, no
   * retry starts that could not finish in time, and at the deadline every unfinished step fails with
   * `run_deadline` so the run can still answer from what finished (issue 14, failure 1).
   */
  readonly deadlineAt?: number;
};

type NodeState = 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';
type Node = {
  step: Step;
  tool: AnyTool;
  deps: string[];
  /** Whether any argument is a `$ref` (else the arguments are used as they are). */
  hasRefs: boolean;
  remaining: number;
  dependents: string[];
  state: NodeState;
  /** Settled at the deadline while still queued or running: whatever the attempt does later is ignored. */
  abandoned?: boolean;
};

export type ExecutionResult = {
  outcomes: Map<string, StepOutcome>;
  /** Steps in the order they were added (plan order, then fallbacks/replans). */
  steps: Step[];
  cancelled: boolean;
};

export class Execution {
  private readonly nodes = new Map<string, Node>();
  private readonly order: Step[] = [];
  private readonly outputs = new Map<string, unknown>();
  private readonly outcomes = new Map<string, StepOutcome>();
  /** Running attempts: one listener on the run signal stops them all (not one listener each). */
  private readonly running = new Set<Attempt>();
  private unsettled = 0;
  private sealed = false;
  private finished = false;
  /** The deadline passed: nothing new starts, nothing is replaced. */
  private pastDeadline = false;
  private deadlineTimer?: NodeJS.Timeout;
  private readonly resolveDone: (result: ExecutionResult) => void;
  readonly done: Promise<ExecutionResult>;

  constructor(private readonly options: ExecutorOptions) {
    let resolve!: (result: ExecutionResult) => void;
    this.done = new Promise((r) => (resolve = r));
    this.resolveDone = resolve;
    if (options.signal.aborted) this.finish();
    else
      options.signal.addEventListener(
        'abort',
        () => {
          for (const attempt of this.running) attempt.stop(options.signal.reason);
          this.finish();
        },
        { once: true },
      );
    if (options.deadlineAt !== undefined && !this.finished) {
      // Not unref'd, like the attempt timers: it guards work in progress.
      this.deadlineTimer = setTimeout(() => this.reachDeadline(), Math.max(0, options.deadlineAt - performance.now()));
    }
  }

  /** Whether the deadline cut the execution short (synthesis says so). */
  get deadlineReached(): boolean {
    return this.pastDeadline;
  }

  /** Every unsettled step fails now with `run_deadline`; running attempts are stopped, queued ones never start. */
  private reachDeadline(): void {
    if (this.finished || this.pastDeadline) return;
    this.pastDeadline = true;
    for (const node of [...this.nodes.values()]) {
      if (node.state !== 'running') continue;
      node.abandoned = true;
      const error = deadlineError(node.step).toData();
      this.options.emit('step.failed', { stepId: node.step.id, error, final: true });
      this.settle(node, { status: 'failed', error }, true);
    }
    for (const attempt of this.running) attempt.stop(deadlineError());
  }

  /**
   * Adds a step. Its dependencies must already have been added (so a streamed plan is acyclic by construction).
   * Throws a BotError (`plan_*`) for an unknown tool, bad args or a bad reference; nothing runs in that case.
   */
  add(step: Step, options: { validated?: boolean } = {}): void {
    if (this.finished) return;
    if (this.nodes.has(step.id)) throw new BotError('plan_duplicate_id', `duplicate step id "${step.id}"`);
    if (this.nodes.size >= (this.options.maxSteps ?? 60)) throw new BotError('plan_too_large', `more than ${this.options.maxSteps ?? 60} steps`);
    // A plan that went through validatePlan is not checked twice; streamed and replacement steps are.
    const issues = options.validated ? [] : validateStep(step, this.options.registry, (id) => this.nodes.has(id));
    if (issues.length > 0) throw new BotError(issues[0].code, `${step.id}: ${issues.map((i) => i.message).join('; ')}`, { details: { issues } });
    const deps = stepDependencies(step);
    const hasRefs = collectRefs(step.args).length > 0;
    const node: Node = { step, tool: this.options.registry.get(step.tool)!, deps, hasRefs, remaining: 0, dependents: [], state: 'waiting' };
    this.nodes.set(step.id, node);
    this.order.push(step);
    this.unsettled++;
    let blockedBy: Node | undefined;
    for (const dep of deps) {
      const parent = this.nodes.get(dep)!;
      parent.dependents.push(step.id);
      if (parent.state === 'failed' || parent.state === 'skipped') blockedBy = parent;
      else if (parent.state !== 'succeeded') node.remaining++;
    }
    if (blockedBy) this.skip(node, `needs "${blockedBy.step.label}", which did not complete`, this.inheritedCause(blockedBy));
    else if (node.remaining === 0) this.start(node);
  }

  /** No more steps will be added; `done` resolves once every step has settled. */
  seal(): void {
    this.sealed = true;
    this.maybeFinish();
  }

  /** Steps as a person sees them (for plan.created / plan.revised). */
  static view(step: Step): PlanStepView {
    return { id: step.id, tool: step.tool, label: step.label, dependsOn: stepDependencies(step), ...(step.optional ? { optional: true } : {}) };
  }

  private start(node: Node): void {
    node.state = 'running';
    if (this.pastDeadline) {
      const error = deadlineError(node.step).toData();
      this.options.emit('step.failed', { stepId: node.step.id, error, final: true });
      this.settle(node, { status: 'failed', error });
      return;
    }
    const { services } = this.options;
    const key = typeof node.tool.concurrencyKey === 'function' ? node.tool.concurrencyKey(services) : (node.tool.concurrencyKey ?? 'compute');
    this.runAttempts(node, key).then(
      (outcome) => this.settle(node, outcome),
      (error) => this.settle(node, { status: 'failed', error: asBotError(error).toData() }),
    );
  }

  /** Milliseconds left before the deadline (Infinity without one). */
  private timeLeft(): number {
    return this.options.deadlineAt === undefined ? Infinity : this.options.deadlineAt - performance.now();
  }

  /**
   * The attempts of one step. The concurrency slot is taken per attempt and released before the retry backoff, so
   * a step sleeping between attempts never holds a slot other runs are waiting for (issue 14, failure 2).
   */
  private async runAttempts(node: Node, key: string): Promise<StepOutcome> {
    const { emit, signal, services, limits } = this.options;
    const { step, tool } = node;
    const policy: RetryPolicy = { ...DEFAULT_RETRY, ...tool.retry };
    const toolTimeoutMs = tool.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let input: unknown;
    try {
      const parsed = tool.input.safeParse(node.hasRefs ? resolveRefs(step.args, this.outputs) : step.args);
      if (!parsed.success) throw new BotError('tool_input_invalid', `${step.tool}: ${(parsed.error.issues as { path: PropertyKey[]; message: string }[]).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
      input = parsed.data;
    } catch (error) {
      const err = asBotError(error);
      emit('step.failed', { stepId: step.id, error: err.toData(), final: true });
      return { status: 'failed', error: err.toData() };
    }
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted || this.finished) return { status: 'skipped', reason: 'cancelled' };
      const result = await limits.run(key, () => this.runAttempt(node, key, input, attempt, toolTimeoutMs));
      if (result.status !== 'retry') return result;
      if (node.abandoned) return result.failed;
      const { err } = result;
      const delayMs = computeRetryDelay(attempt, policy, err.retryAfterMs, this.options.random);
      // A retry that could not finish before the deadline is not started: the step fails now with its error.
      if (attempt > policy.retries || delayMs >= this.timeLeft()) {
        emit('step.failed', { stepId: step.id, error: err.toData(), final: true, durationMs: result.durationMs });
        return result.failed;
      }
      emit('step.retrying', { stepId: step.id, attempt, error: err.toData(), delayMs });
      try {
        await sleep(delayMs, signal);
      } catch {
        return { status: 'skipped', reason: 'cancelled' };
      }
    }
  }

  /** One attempt, inside the concurrency slot: `retry` means the error is retryable and the caller decides. */
  private async runAttempt(
    node: Node,
    key: string,
    input: unknown,
    attempt: number,
    toolTimeoutMs: number,
  ): Promise<StepOutcome | { status: 'retry'; err: BotError; durationMs: number; failed: StepOutcome }> {
    const { emit, signal, services } = this.options;
    const { step, tool } = node;
    if (signal.aborted || this.finished) return { status: 'skipped', reason: 'cancelled' };
    // Settled at the deadline while waiting for the slot: nothing to do.
    if (node.abandoned) return { status: 'failed', error: deadlineError(step).toData() };
    const left = this.timeLeft();
    const timeoutMs = Math.max(0, Math.min(toolTimeoutMs, Math.floor(left)));
    emit('step.started', { stepId: step.id, attempt });
    const started = performance.now();
    const current = new Attempt();
    this.running.add(current);
    const cut = timeoutMs < toolTimeoutMs;
    const timer = setTimeout(
      () => current.stop(cut ? deadlineError(step) : new BotError('timeout', `${step.tool} timed out after ${timeoutMs} ms`, { retryable: true })),
      timeoutMs,
    );
    // Not unref'd: a step waiting on its timeout (e.g. an injected hang) is work in progress that must keep
    // the process alive (the CLI has nothing else holding the event loop).
    try {
      const ctx: ToolContext = {
        get signal() {
          return current.signal;
        },
        runId: this.options.runId,
        stepId: step.id,
        emit: (message) => emit('step.progress', { stepId: step.id, message }),
        log: this.options.logger,
        services,
      };
      if (services.faults.active) await current.race(services.faults.apply([step.tool, key], current.signal));
      const output = await current.race(tool.execute(input, ctx));
      const checked = tool.output.safeParse(output);
      if (!checked.success) throw new BotError('tool_output_invalid', `${step.tool} returned an unexpected shape: ${checked.error.issues[0]?.message}`);
      return { status: 'succeeded', output: checked.data, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      if (signal.aborted) return { status: 'skipped', reason: 'cancelled' };
      const err = BotError.is(current.reason) ? current.reason : asBotError(error);
      const durationMs = Math.round(performance.now() - started);
      const failed: StepOutcome = { status: 'failed', error: err.toData() };
      if (node.abandoned) return failed; // already announced as failed at the deadline
      if (err.retryable) return { status: 'retry', err, durationMs, failed };
      emit('step.failed', { stepId: step.id, error: err.toData(), final: true, durationMs });
      return failed;
    } finally {
      clearTimeout(timer);
      this.running.delete(current);
    }
  }

  private settle(node: Node, outcome: StepOutcome, atDeadline = false): void {
    if (this.finished) return;
    // A step settled at the deadline may still finish its attempt later: that late outcome is ignored.
    if (node.abandoned && !atDeadline) return;
    if (outcome.status === 'succeeded') {
      node.state = 'succeeded';
      this.outputs.set(node.step.id, outcome.output);
      this.outcomes.set(node.step.id, outcome);
      const { emit } = this.options;
      emit('step.succeeded', { stepId: node.step.id, durationMs: outcome.durationMs, summary: summarize(node.tool, outcome.output) });
      const artifact = (outcome.output as { artifact?: unknown } | null)?.artifact;
      if (artifact !== undefined) {
        const parsed = artifactSchema.safeParse({ ...(artifact as object), stepId: node.step.id });
        if (parsed.success) emit('artifact.created', parsed.data);
      }
      this.unsettled--;
      for (const id of node.dependents) {
        const child = this.nodes.get(id)!;
        if (child.state === 'waiting' && --child.remaining === 0) this.start(child);
      }
      this.maybeFinish();
      return;
    }
    if (outcome.status === 'skipped') {
      this.skip(node, outcome.reason, outcome.cause ?? 'cancelled');
      return;
    }
    node.state = 'failed';
    this.outcomes.set(node.step.id, outcome);
    // The failed step stays counted as unsettled until recovery is done, so the execution stays open while a
    // fallback or a replan may add steps.
    void this.recover(node, outcome.error).finally(() => {
      this.unsettled--;
      this.maybeFinish();
    });
  }

  /** A step failed for good: run its declared fallback, else ask the replanner, else skip its dependents. */
  private async recover(node: Node, error: ErrorData): Promise<void> {
    const { registry, emit } = this.options;
    const fallback = node.tool.fallback;
    const fallbackArgs = fallback && registry.has(fallback.tool) ? fallback.args(node.step.args) : undefined;
    let replacement: { steps: Step[]; reason: string } | undefined;
    if (fallback && fallbackArgs) {
      const fallbackTool = registry.get(fallback.tool)!;
      replacement = {
        reason: fallback.reason,
        steps: [{ id: uniqueId(`${node.step.id}_fallback`, this.nodes), tool: fallbackTool.name, args: fallbackArgs, label: fallbackLabel(fallbackTool, node.step), optional: node.step.optional }],
      };
    } else if (this.options.onStepFailed && !this.pastDeadline) {
      try {
        replacement = await this.options.onStepFailed({ step: node.step, error, outputs: this.outputs, usedIds: [...this.nodes.keys()] });
      } catch (replanError) {
        this.options.logger.warn({ err: asBotError(replanError).toData(), stepId: node.step.id }, 'replan failed');
      }
    }
    if (this.finished) return;
    if (this.pastDeadline) replacement = undefined; // no time left to run a replacement
    const accepted = replacement ? this.acceptable(replacement.steps) : [];
    if (replacement && accepted.length > 0) {
      // Announce only steps that will really run, so no surface shows a step that never starts.
      emit('plan.revised', { reason: replacement.reason, added: accepted.map(Execution.view), removed: [node.step.id] });
      for (const step of accepted) this.add(step, { validated: true });
      this.skipDependents(node, `"${node.step.label}" failed; replaced by "${accepted[0].label}"`, 'dependency_replaced');
      return;
    }
    this.skipDependents(node, `needs "${node.step.label}", which failed`, 'dependency_failed');
  }

  /** The prefix of proposed steps that validates (each may reference the ones before it). */
  private acceptable(steps: Step[]): Step[] {
    const known = new Set(this.nodes.keys());
    const out: Step[] = [];
    for (const step of steps) {
      const issues = known.has(step.id) ? [{ message: 'duplicate id' }] : validateStep(step, this.options.registry, (id) => known.has(id));
      if (issues.length > 0) {
        this.options.logger.warn({ stepId: step.id, issues }, 'replacement step rejected');
        break;
      }
      known.add(step.id);
      out.push(step);
    }
    return out;
  }

  private skip(node: Node, reason: string, cause: SkipCause = 'dependency_failed'): void {
    if (node.state === 'skipped') return;
    const wasCounted = node.state === 'waiting' || node.state === 'running';
    node.state = 'skipped';
    this.outcomes.set(node.step.id, { status: 'skipped', reason, cause });
    if (!this.finished) this.options.emit('step.skipped', { stepId: node.step.id, reason });
    if (wasCounted) this.unsettled--;
    this.skipDependents(node, `needs "${node.step.label}", which did not complete`, cause);
    this.maybeFinish();
  }

  /** A dependent of a skipped step is skipped for the same reason; of a failed step, because it failed. */
  private inheritedCause(parent: Node): SkipCause {
    const outcome = this.outcomes.get(parent.step.id);
    return outcome?.status === 'skipped' ? (outcome.cause ?? 'dependency_failed') : 'dependency_failed';
  }

  private skipDependents(node: Node, reason: string, cause: SkipCause): void {
    for (const id of node.dependents) {
      const child = this.nodes.get(id)!;
      if (child.state === 'waiting') this.skip(child, reason, cause);
    }
  }

  private maybeFinish(): void {
    if (this.sealed && this.unsettled === 0) this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.deadlineTimer);
    this.resolveDone({ outcomes: this.outcomes, steps: this.order, cancelled: this.options.signal.aborted });
  }
}

/**
 * Runs a whole plan and resolves when every step has settled. Pass `validated: true` for a plan that came out of
 * `validatePlan` (its steps are then in topological order and not checked again).
 */
export function executePlan(steps: readonly Step[], options: ExecutorOptions & { validated?: boolean }): Promise<ExecutionResult> {
  const execution = new Execution(options);
  for (const step of steps) execution.add(step, { validated: options.validated });
  execution.seal();
  return execution.done;
}

function deadlineError(step?: Step): BotError {
  return new BotError('run_deadline', step ? `"${step.label}" did not finish before the run's time limit` : "the run's time limit was reached");
}

function summarize(tool: AnyTool, output: unknown): string {
  try {
    return tool.summarize ? String(tool.summarize(output)) : 'done';
  } catch {
    return 'done';
  }
}

function fallbackLabel(tool: AnyTool, original: Step): string {
  const name = tool.name.replace(/_/g, ' ');
  return `${name[0].toUpperCase()}${name.slice(1)} (instead of: ${original.label})`;
}

function uniqueId(base: string, taken: ReadonlyMap<string, unknown>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
  return id;
}

/**
 * One attempt of a step. Its AbortSignal is created only if the tool asks for it (an AbortController is the most
 * expensive object on the hot path), and `race` makes sure a tool that ignores its signal still cannot hold the
 * step past its timeout or a cancel.
 */
class Attempt {
  reason: unknown;
  private controller?: AbortController;
  private rejectRace?: (reason: unknown) => void;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Settles with the work, or rejects as soon as the attempt is stopped. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.reason !== undefined) return Promise.reject(this.reason);
    const stopped = new Promise<never>((_, reject) => (this.rejectRace = reject));
    return Promise.race([work, stopped]);
  }

  stop(reason: unknown): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.controller?.abort(reason);
    this.rejectRace?.(reason);
  }
}
