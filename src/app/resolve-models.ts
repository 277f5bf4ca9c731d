/**
 * Builds every model role from configuration: `resolveModels(config, deps)` → planner?, replanner?, vision,
 * synthesis. Builtin roles need no network; LLM roles share one chat client per provider+model.
 * LLM vision and synthesis fall back to their builtin for a call when the model keeps failing.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { BudgetLimits } from '../pipeline/execute/llm-budget.js';
import { LlmPlanner } from '../pipeline/plan/llm-planner.js';
import { LlmReplanner } from '../pipeline/execute/llm-replanner.js';
import { AnthropicChatModel } from '../models/anthropic-chat-model.js';
import { NumericChartReader } from '../tools/chart-reading/numeric-chart-reader.js';
import { BuiltinSynthesis } from '../pipeline/synthesize/builtin-synthesis.js';
import type { ChatModel } from '../models/chat-model.js';
import { LlmSynthesisModel } from '../pipeline/synthesize/llm-synthesis-model.js';
import { LlmVisionModel } from '../tools/chart-reading/llm-vision-model.js';
import { OpenAIChatModel } from '../models/openai-chat-model.js';
import { resolveRoleSpecs, ROLE_VARS, type RoleSpecs } from './role-specs.js';
import type { ModelRole } from '../models/spec.js';
import type { PlannerModel } from '../pipeline/plan/planner-model.js';
import type { ReplannerModel } from '../pipeline/execute/replanner-model.js';
import type { SynthesisModel } from '../pipeline/synthesize/synthesis-model.js';
import type { VisionModel } from '../tools/chart-reading/vision-model.js';
import { synthesisWithFallback } from '../pipeline/synthesize/synthesis-with-fallback.js';
import { visionWithFallback } from '../tools/chart-reading/vision-with-fallback.js';

export type ResolveModelsDeps = {
  readonly registry: ToolRegistry;
  readonly logger?: Logger;
  /** @default the numeric chart reader */
  readonly builtinVision?: VisionModel;
  /** @default BuiltinSynthesis */
  readonly builtinSynthesis?: SynthesisModel;
  /** Tests pass a fetch; production uses the global one. */
  readonly fetch?: typeof fetch;
};

export type ResolvedModels = {
  planner?: PlannerModel;
  replanner?: ReplannerModel;
  vision: VisionModel;
  synthesis: SynthesisModel;
  /** The model id per role (`builtin` or `openai:gpt-4o`), for the start-up line. */
  specs: RoleSpecs;
  /** Per-run limits for model work, from RUN_MAX_REPLANS / RUN_MAX_TOKENS / RUN_MAX_COST_USD (wall-clock: 60% of RUN_TIMEOUT_MS). */
  budget: Partial<BudgetLimits>;
};

export function resolveModels(config: Config, deps: ResolveModelsDeps): ResolvedModels {
  const specs = resolveRoleSpecs(config);
  const clients = new Map<string, ChatModel>();
  const chatFor = (role: ModelRole): ChatModel | undefined => {
    const spec = specs[role];
    if (spec === 'builtin') return undefined;
    const existing = clients.get(spec);
    if (existing) return existing;
    const colon = spec.indexOf(':');
    const provider = spec.slice(0, colon);
    const model = spec.slice(colon + 1);
    const common = { model, roleVar: ROLE_VARS[role], maxRetries: config.MODEL_MAX_RETRIES, callTimeoutMs: config.MODEL_TIMEOUT_MS, fetch: deps.fetch };
    const client: ChatModel =
      provider === 'openai'
        ? new OpenAIChatModel({ ...common, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL })
        : new AnthropicChatModel({ ...common, apiKey: config.ANTHROPIC_API_KEY ?? '', baseURL: config.ANTHROPIC_BASE_URL });
    clients.set(spec, client);
    return client;
  };

  const builtinSynthesis = deps.builtinSynthesis ?? new BuiltinSynthesis();
  const plannerChat = chatFor('planner');
  const replannerChat = chatFor('replanner');
  const visionChat = chatFor('vision');
  const synthesisChat = chatFor('synthesis');

  const builtinVision = deps.builtinVision ?? new NumericChartReader();
  const vision = visionChat ? visionWithFallback(new LlmVisionModel(visionChat), builtinVision, deps.logger) : builtinVision;
  return {
    planner: plannerChat ? new LlmPlanner(plannerChat, deps.registry) : undefined,
    replanner: replannerChat ? new LlmReplanner(replannerChat, deps.registry) : undefined,
    vision,
    synthesis: synthesisChat ? synthesisWithFallback(new LlmSynthesisModel(synthesisChat), builtinSynthesis, deps.logger) : builtinSynthesis,
    specs,
    budget: { maxReplans: config.RUN_MAX_REPLANS, maxTokens: config.RUN_MAX_TOKENS, maxCostUsd: config.RUN_MAX_COST_USD },
  };
}
