/**
 * One run, end to end: route → plan → execute → synthesize, every stage appended to the run's event log.
 * `createPipeline` is the run API surfaces use: the log-backed shell (log-run-api.ts) with this work plugged in.
 * Guarantees: a run never throws out of here, and it ends with exactly one terminal event (run.completed |
 * run.failed | run.cancelled), whatever happens.
 */
import type { Logger } from 'pino';
import { asBotError, BotError } from '../../errors.js';
import type { PlannerModel } from '../plan/planner-model.js';
import type { ReplannerModel } from '../execute/replanner-model.js';
import type { SynthesisModel } from '../synthesize/synthesis-model.js';
import type { ToolRegistry } from '../../tools/registry.js';
import type { ToolServices } from '../../tools/services.js';
import { createLogRunApi, type LogRunApi, type RunExecutor } from './log-run-api.js';
import type { FeedbackStore } from './run-api.js';
import type { ConcurrencyLimits } from '../execute/concurrency-limits.js';
import type { EventLog } from '../events/event-log.js';
import { Execution, type ReplanHook } from '../execute/executor.js';
import { reduceRun } from '../events/reduce.js';
import type { Router } from '../route/router.js';
import { RunUsage } from '../execute/run-usage.js';
import { buildSynthesisInput } from '../synthesize/synthesis-input.js';
import { validatePlan } from '../plan/validate-plan.js';
import { findUnsupportedFigures } from '../synthesize/figure-check.js';
import { DEFAULT_BUDGET, RunBudget, type BudgetLimits } from '../execute/llm-budget.js';
import { streamPlanIntoExecution, wantsLlmPlanner } from './llm-plan-stream.js';
import { createReplanHook } from '../execute/llm-replan-hook.js';
import type { RunState } from '../events/reduce.js';
import type { ChartRedraw } from './chat-extras.js';
import { redrawChart } from './chart-redraw.js';
import { createFollowUpTriage } from './follow-up-triage.js';
import type { ChatExtrasWork } from './chat-extras-api.js';
import { suggestFollowUps, type PeerGroups } from './suggest-follow-ups.js';
import { structuredAnswer, structuredPlan, structuredRoute } from './structured-run.js';

export type PipelineDeps = {
  readonly registry: ToolRegistry;
  readonly services: ToolServices;
  readonly events: EventLog;
  /** Where 👍/👎 are kept. @default in memory */
  readonly feedback?: FeedbackStore;
  readonly router: Router;
  readonly synthesis: SynthesisModel;
  readonly limits: ConcurrencyLimits;
  readonly logger: Logger;
  /** Asked when a step fails for good without a declared fallback (LLM replanner). */
  readonly replan?: ReplanHook;
  /** LLM planner for questions the rules router is not confident about (hybrid routing); none = rules only. */
  readonly planner?: PlannerModel;
  /** LLM replanner, bounded by `budget`; used when `replan` is not given. */
  readonly replanner?: ReplannerModel;
  /** Per-run limits for model work (replans, tokens, cost, wall-clock). */
  readonly budget?: Partial<BudgetLimits>;
  /** @default 32 */
  readonly maxConcurrentRuns?: number;
  /** Wall-clock budget per run. @default 120000 */
  readonly runTimeoutMs?: number;
  /** @default 40 */
  readonly maxSteps?: number;
  /** Jitter source for retries (tests make it deterministic). */
  readonly random?: () => number;
  /** Peer sets the suggested "Add …" question draws from. @default none */
  readonly peers?: PeerGroups;
  /** Configured secret values, cut out of every event (see log-run-api.ts). */
  readonly secrets?: readonly string[];
};

/**
 * The run API, plus the chat work on its own: a web process in distributed mode runs no pipelines but serves the
 * chat methods from the same router, tools and market-data cache (see createRedisRunApi).
 */
export type Pipeline = LogRunApi & { readonly chat: ChatExtrasWork };

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { events, logger } = deps;
  const readsAsQuestion = createFollowUpTriage(deps.router);
  const available = deps.services.market.availableSymbols();
  const extras: ChatExtrasWork = {
    readsAsQuestion,
    suggestFollowUps: (state: RunState) => suggestFollowUps(state, { peers: deps.peers ?? [], ...(available ? { available } : {}) }),
    redrawChart: (state: RunState, request: ChartRedraw) => redrawChart({ router: deps.router, registry: deps.registry, services: deps.services, limits: deps.limits, logger }, state, request),
  };
  const api = createLogRunApi({ events, artifacts: deps.services.artifacts, feedback: deps.feedback, logger, maxConcurrentRuns: deps.maxConcurrentRuns, secrets: deps.secrets, execute: runOne, extras });
  return Object.assign(api, { chat: extras });

  async function runOne(run: Parameters<RunExecutor>[0]): Promise<void> {
    const { runId, emit } = run;
    const input = { question: run.question, context: run.context };
    // The work stops on cancel (the caller's signal) and on the run timeout (this controller).
    const controller = new AbortController();
    const stop = () => controller.abort(run.signal.reason);
    run.signal.addEventListener('abort', stop, { once: true });
    const { signal } = controller;
    const usage = new RunUsage();
    const log = logger.child({ runId });
    const timeoutMs = deps.runTimeoutMs ?? 120_000;
    // The steps get the run's time minus what synthesis needs: at that deadline the run answers from what
    // finished instead of losing everything to the run timeout (issue 14, failure 1).
    const deadlineAt = performance.now() + timeoutMs - synthesisReserveMs(timeoutMs);
    const budget = new RunBudget({ ...DEFAULT_BUDGET, maxWallClockMs: Math.round(timeoutMs * 0.6), ...deps.budget }, usage);
    /** Sentences the answer must carry (planner/replanner fallbacks, budgets). */
    const notes: string[] = [];
    const timer = setTimeout(() => {
      emit('run.failed', { error: { code: 'run_timeout', message: `The analysis took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.` } });
      controller.abort(new BotError('run_timeout', 'run timed out'));
    }, timeoutMs);
    timer.unref?.();
    try {
      // 1. Route
      let t = performance.now();
      // A digest or an alert post names what it needs: no natural-language routing, no LLM planner.
      const request = run.request;
      const route = request ? structuredRoute(request) : deps.router.route(input.question, { inherit: input.context?.inherit });
      usage.timeStage('route', route.router, performance.now() - t);
      emit('route.completed', {
        intent: route.intent,
        entities: route.entities,
        router: route.router,
        confidence: route.confidence,
        assumptions: route.assumptions ?? [],
        unparsed: route.unparsed ?? [],
        corrections: route.corrections ?? [],
        ...(route.asks ? { asks: route.asks } : {}),
      });
      const fatal = route.problems.find((p) => p.fatal);
      if (fatal) {
        emit('run.failed', { error: { code: fatal.code, message: fatal.message } });
        return;
      }

      // 2. Plan (+ 3. Execute: an LLM plan streams into the execution, so steps start before planning ends)
      t = performance.now();
      const available = new Set(deps.registry.names());
      const rulesPlan = () => validatePlan(request ? structuredPlan(request, available) : deps.router.plan(route, available), deps.registry, { maxSteps: deps.maxSteps });
      let planningDone!: () => void;
      const planned = new Promise<void>((resolve) => (planningDone = resolve));
      const replanHook = deps.replan ?? (deps.replanner
        ? createReplanHook({ replanner: deps.replanner, registry: deps.registry, question: input.question, budget, usage, emit, signal, log, notes, planned })
        : undefined);
      const execution = new Execution({
        runId,
        registry: deps.registry,
        services: { ...deps.services, usage },
        emit,
        logger: log,
        signal,
        limits: deps.limits,
        onStepFailed: replanHook,
        random: deps.random,
        maxSteps: (deps.maxSteps ?? 40) + 20,
        deadlineAt,
      });
      if (!request && wantsLlmPlanner(route, deps.planner)) {
        const catalog = deps.registry.catalog();
        const outcome = await streamPlanIntoExecution({
          planner: deps.planner,
          input: { question: input.question, route: { intent: route.intent, confidence: route.confidence, entities: route.entities, unparsed: route.unparsed ?? [], assumptions: route.assumptions ?? [] }, catalog },
          execution, emit, usage, signal, budget, rulesPlan, log,
        }).finally(planningDone);
        notes.push(...outcome.notes);
        usage.timeStage('plan', outcome.planner, performance.now() - t);
      } else {
        planningDone();
        const plan = rulesPlan();
        usage.timeStage('plan', 'rules', performance.now() - t);
        emit('plan.created', { steps: plan.steps.map(Execution.view), planner: 'rules' });
        for (const step of plan.steps) execution.add(step, { validated: true });
      }
      execution.seal();
      t = performance.now();
      const result = await execution.done;
      usage.timeStage('execute', 'tools', performance.now() - t);
      if (result.cancelled || signal.aborted) return;

      // 4. Synthesize
      const state = reduceRun(events.history(runId), runId);
      if (request) {
        const answer = structuredAnswer(request, result);
        if (answer === undefined) {
          emit('run.failed', { error: { code: 'no_results', message: `I couldn't get the data for this ${request.kind}.` } });
          return;
        }
        emit('synthesis.delta', { text: answer });
        usage.timeStage('synthesis', 'structured', 0);
        emit('run.completed', { answer, artifacts: state.artifacts, usage: usage.snapshot() });
        return;
      }
      const synthesisInput = buildSynthesisInput({ question: input.question, route, state, execution: result, registry: deps.registry, market: deps.services.market });
      synthesisInput.notes.push(...notes);
      if (execution.deadlineReached) synthesisInput.notes.push(`Some steps had not finished when the run reached its time limit (${Math.round(timeoutMs / 1000)} s); this answer uses what did.`);
      if (synthesisInput.results.length === 0) {
        const reasons = synthesisInput.gaps.map((g) => g.reason);
        emit('run.failed', {
          error: { code: 'no_results', message: reasons.length ? `I couldn't get any of the data needed: ${unique(reasons).join('; ')}` : 'Nothing to answer from.' },
        });
        return;
      }
      t = performance.now();
      const { text, usage: synthUsage } = await deps.synthesis.synthesize(synthesisInput, { signal, onDelta: (delta) => emit('synthesis.delta', { text: delta }) });
      if (synthUsage) usage.record('synthesis', synthUsage);
      else usage.timeStage('synthesis', deps.synthesis.id, performance.now() - t);
      if (signal.aborted) return;
      const flagged = findUnsupportedFigures(text, synthesisInput);
      if (flagged.length > 0) log.warn({ flagged }, 'answer contains figures that appear in no tool output');
      // Every artifact was announced by a step before synthesis began, so the fold taken then has them all.
      emit('run.completed', { answer: text, artifacts: state.artifacts, usage: usage.snapshot(), ...(flagged.length ? { flagged } : {}) });
    } catch (error) {
      if (signal.aborted) return; // cancel / timeout already emitted their terminal event
      const err = asBotError(error);
      log.warn({ err: err.toData() }, 'run failed');
      emit('run.failed', { error: { code: err.code, message: readable(err) } });
    } finally {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', stop);
    }
  }
}

/** Time kept for synthesis after the steps' deadline: a quarter of the run, at most 15 s. */
export function synthesisReserveMs(runTimeoutMs: number): number {
  return Math.min(15_000, Math.round(runTimeoutMs * 0.25));
}

function readable(error: BotError): string {
  if (error.code.startsWith('plan_')) return `I couldn't build a valid plan for this question (${error.message}).`;
  return error.message;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
