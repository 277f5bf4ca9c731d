/**
 * The CLI's one-line usage summary from `run.completed.usage`:
 * "usage: planner openai:gpt-4.1 1,840 tok · synthesis openai:gpt-4o-mini 950 tok · total 2,790 tok ≈ $0.0051 (est.) · 3.2 s"
 * Stages without tokens (route, execute, builtin roles) are left out; costs are estimates (see pricing.ts).
 */
import type { Usage } from '../../pipeline/index.js';

export function formatUsageLine(usage: Usage): string {
  const parts = Object.entries(usage.stages)
    .filter(([, s]) => s.inputTokens + s.outputTokens > 0)
    .map(([role, s]) => `${role} ${s.model} ${(s.inputTokens + s.outputTokens).toLocaleString('en-US')} tok`);
  const cost = usage.totalCostUsd > 0 ? ` ≈ $${usage.totalCostUsd.toFixed(4)} (est.)` : '';
  const models = parts.length > 0 ? `${parts.join(' · ')} · ` : 'builtin models · ';
  return `usage: ${models}total ${usage.totalTokens.toLocaleString('en-US')} tok${cost} · ${(usage.durationMs / 1000).toFixed(1)} s`;
}
