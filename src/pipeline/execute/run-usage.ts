/**
 * Per-run accounting: duration per stage (route, plan, execute, synthesis) and tokens / estimated cost per model
 * role. Becomes `run.completed.usage`.
 */
import type { Usage } from '../events/events.js';
import type { ModelUsage, UsageRecorder } from '../../models/spec.js';

type StageUsage = Usage['stages'][string];

export class RunUsage implements UsageRecorder {
  private readonly stages = new Map<string, StageUsage>();
  private readonly startedAt = performance.now();

  /** Records model usage for a role (called by model implementations through ToolServices.usage or directly). */
  record(role: string, usage: ModelUsage): void {
    const stage = this.stages.get(role) ?? { model: usage.model, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 0, calls: 0 };
    stage.model = usage.model;
    stage.inputTokens += usage.inputTokens;
    stage.outputTokens += usage.outputTokens;
    stage.costUsd += usage.costUsd;
    stage.durationMs += usage.durationMs;
    stage.calls += 1;
    this.stages.set(role, stage);
  }

  /** Records a stage that used no model (or whose model usage is recorded separately): wall time only. */
  timeStage(stage: string, model: string, durationMs: number): void {
    const existing = this.stages.get(stage);
    if (existing) existing.durationMs += durationMs;
    else this.stages.set(stage, { model, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs, calls: 0 });
  }

  totals(): { tokens: number; costUsd: number } {
    let tokens = 0;
    let costUsd = 0;
    for (const s of this.stages.values()) {
      tokens += s.inputTokens + s.outputTokens;
      costUsd += s.costUsd;
    }
    return { tokens, costUsd };
  }

  snapshot(): Usage {
    const { tokens, costUsd } = this.totals();
    const stages = Object.fromEntries([...this.stages].map(([k, v]) => [k, { ...v, durationMs: Math.round(v.durationMs), costUsd: round6(v.costUsd) }]));
    return { stages, totalTokens: tokens, totalCostUsd: round6(costUsd), durationMs: Math.round(performance.now() - this.startedAt) };
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
