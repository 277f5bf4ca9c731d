/**
 * What the run needs from the routing layer (src/pipeline/route/): classify + extract → RouteOutcome, then
 * select tools + build graph → Plan. An interface so the run can be tested with any router and the LLM intent
 * role can stand in.
 */
import type { Entities } from '../events/events.js';
import type { Plan } from '../plan/plan-schema.js';
import type { RunContext } from '../run/run-api.js';

export type RouteProblem = {
  code: string;
  /** Polite, readable, safe to show as-is. */
  message: string;
  /** A fatal problem ends the run (`run.failed`) before planning; others are carried into the answer. */
  fatal: boolean;
};

export type RouteOutcome = {
  intent: string;
  confidence: number;
  entities: Entities;
  router: string;
  problems: RouteProblem[];
};

export interface Router {
  route(question: string, context: { inherit?: RunContext['inherit'] }): RouteOutcome;
  plan(route: RouteOutcome, available: ReadonlySet<string>): Plan;
}
