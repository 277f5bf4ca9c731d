/**
 * What the run needs from the routing layer (src/pipeline/route/): classify + extract → RouteOutcome, then
 * select tools + build graph → Plan. An interface so the run can be tested with any router and the LLM intent
 * role can stand in.
 */
import type { Entities } from '../events/events.js';
import type { Plan } from '../plan/plan-schema.js';

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
  /** What was taken for granted ("no period named: past 3 months"), said in the answer. */
  assumptions?: string[];
  /** Words the router could not read ("since the fed meeting"), named in the answer's first paragraph. */
  unparsed?: string[];
  /** Near-misses read as something ("Nvidea" as NVDA). */
  corrections?: { typed: string; read: string }[];
  /** The shape of answer asked for. */
  asks?: 'yes_no' | 'winner' | 'ranking';
};

/** What a follow-up inherits from the run before it in its thread: "and AMD?" keeps the benchmark and period. */
export type Inherited = Partial<Pick<Entities, 'tickers' | 'benchmark' | 'altBenchmarks' | 'benchmarkLabel' | 'period'>> & { intent?: string };

export interface Router {
  route(question: string, context: { inherit?: Inherited }): RouteOutcome;
  plan(route: RouteOutcome, available: ReadonlySet<string>): Plan;
}
