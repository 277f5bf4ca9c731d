/**
 * Per-run budgets for the LLM roles: replans, tokens, estimated cost and wall-clock time. Hitting one never fails
 * the run: the planner stops streaming, the replanner is not asked, and the run answers with what it has; the
 * reason is returned so the caller can emit it (`step.progress` / a note in the answer).
 */
export type BudgetLimits = {
  /** @default 2 */
  readonly maxReplans: number;
  /** Input + output tokens over all roles. @default 60000 */
  readonly maxTokens: number;
  /** Estimated USD over all roles. @default 0.5 */
  readonly maxCostUsd: number;
  /** Model work (planning, replanning) stops after this much of the run's time. @default 60% of the run timeout */
  readonly maxWallClockMs: number;
};

export const DEFAULT_BUDGET: BudgetLimits = { maxReplans: 2, maxTokens: 60_000, maxCostUsd: 0.5, maxWallClockMs: 72_000 };

export class RunBudget {
  private replans = 0;
  private readonly startedAt: number;

  constructor(
    readonly limits: BudgetLimits,
    private readonly usage: { totals(): { tokens: number; costUsd: number } },
    now: () => number = () => performance.now(),
  ) {
    this.now = now;
    this.startedAt = now();
  }

  private readonly now: () => number;

  get replansUsed(): number {
    return this.replans;
  }

  remainingMs(): number {
    return Math.max(0, Math.floor(this.limits.maxWallClockMs - (this.now() - this.startedAt)));
  }

  /** Why no more model work may start, or undefined when there is budget left. */
  spent(): string | undefined {
    const { tokens, costUsd } = this.usage.totals();
    if (tokens >= this.limits.maxTokens) return `token budget reached (${tokens.toLocaleString('en-US')} of ${this.limits.maxTokens.toLocaleString('en-US')} tokens)`;
    if (costUsd >= this.limits.maxCostUsd) return `cost budget reached (about $${costUsd.toFixed(4)} of $${this.limits.maxCostUsd.toFixed(2)})`;
    if (this.remainingMs() <= 0) return `time budget for model work reached (${Math.round(this.limits.maxWallClockMs / 1000)} s)`;
    return undefined;
  }

  /** Takes one replan from the budget; returns the reason when none may happen. */
  takeReplan(): string | undefined {
    if (this.replans >= this.limits.maxReplans) return `replan limit reached (${this.limits.maxReplans} per run)`;
    const spent = this.spent();
    if (spent) return spent;
    this.replans++;
    return undefined;
  }
}
