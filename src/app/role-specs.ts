/**
 * Which model each role uses, from configuration. Explicit `<ROLE>_MODEL` settings win; otherwise a user with
 * only OPENAI_API_KEY or only ANTHROPIC_API_KEY gets sensible models for every role, and with no key everything
 * is builtin. The vision default is chosen by IMAGE price (gpt-4o-mini bills ~33x the image tokens of gpt-4o,
 * so it costs about twice as much per chart despite its cheaper text price). Bad combinations → ConfigError
 * naming the variable.
 */
import { ConfigError, type Config } from '../config.js';
import { cheapestForImage } from '../models/pricing.js';
import type { ModelRole } from '../models/spec.js';

export type ProviderDefaults = Record<ModelRole, string>;

/** The size of a chat chart as the vision role receives it (fits 1568 px long edge). */
export const VISION_CHART_SIZE = { width: 1400, height: 900 } as const;

export const ROLE_VARS: Record<ModelRole, keyof Config> = {
  planner: 'PLANNER_MODEL',
  replanner: 'REPLANNER_MODEL',
  vision: 'VISION_MODEL',
  synthesis: 'SYNTHESIS_MODEL',
};

export function providerDefaults(provider: 'openai' | 'anthropic'): ProviderDefaults {
  if (provider === 'openai') {
    return {
      planner: 'openai:gpt-4.1',
      replanner: 'openai:gpt-4.1',
      vision: cheapestForImage(['openai:gpt-4o', 'openai:gpt-4o-mini'], VISION_CHART_SIZE.width, VISION_CHART_SIZE.height) ?? 'openai:gpt-4o',
      synthesis: 'openai:gpt-4o-mini',
    };
  }
  return {
    planner: 'anthropic:claude-sonnet-4-5',
    replanner: 'anthropic:claude-sonnet-4-5',
    vision: cheapestForImage(['anthropic:claude-haiku-4-5', 'anthropic:claude-sonnet-4-5'], VISION_CHART_SIZE.width, VISION_CHART_SIZE.height) ?? 'anthropic:claude-haiku-4-5',
    synthesis: 'anthropic:claude-haiku-4-5',
  };
}

export type RoleSpecs = Record<ModelRole, string>;

export function resolveRoleSpecs(config: Config): RoleSpecs {
  const problems: string[] = [];
  const hasOpenAI = Boolean(config.OPENAI_API_KEY);
  const hasAnthropic = Boolean(config.ANTHROPIC_API_KEY);
  const compatibleServer = Boolean(config.OPENAI_BASE_URL) && !/^https:\/\/api\.openai\.com\b/.test(config.OPENAI_BASE_URL ?? '');
  // OpenAI defaults only make sense against OpenAI itself; a local server has its own model names.
  const defaults: Partial<ProviderDefaults> = hasOpenAI && !compatibleServer ? providerDefaults('openai') : hasAnthropic ? providerDefaults('anthropic') : {};
  if (hasOpenAI && hasAnthropic && !compatibleServer) {
    // Both keys: plan with OpenAI, and take the cheaper image reader of the two vendors for vision.
    defaults.vision = cheapestForImage([providerDefaults('openai').vision, providerDefaults('anthropic').vision], VISION_CHART_SIZE.width, VISION_CHART_SIZE.height);
  }
  const specs = {} as RoleSpecs;
  for (const role of Object.keys(ROLE_VARS) as ModelRole[]) {
    const variable = ROLE_VARS[role];
    const explicit = config[variable] as string | undefined;
    const spec = explicit ?? defaults[role] ?? 'builtin';
    specs[role] = spec;
    if (spec.startsWith('openai:') && !hasOpenAI && !config.OPENAI_BASE_URL)
      problems.push(`  ${variable}=${spec} needs OPENAI_API_KEY (or OPENAI_BASE_URL for an OpenAI-compatible server such as Ollama)`);
    if (spec.startsWith('anthropic:') && !hasAnthropic) problems.push(`  ${variable}=${spec} needs ANTHROPIC_API_KEY`);
  }
  // The replanner follows an explicitly chosen planner unless set itself.
  if (!config.REPLANNER_MODEL && config.PLANNER_MODEL) specs.replanner = config.PLANNER_MODEL;
  if (compatibleServer && !Object.values(specs).some((s) => s.startsWith('openai:')))
    problems.push('  OPENAI_BASE_URL is set but no role uses it: name the server\'s models, e.g. PLANNER_MODEL=openai:llama3.1 and SYNTHESIS_MODEL=openai:llama3.1');
  if (config.ANTHROPIC_BASE_URL && !hasAnthropic) problems.push('  ANTHROPIC_BASE_URL is set but ANTHROPIC_API_KEY is not');
  if (problems.length > 0) throw new ConfigError(`invalid model configuration:\n${problems.join('\n')}`);
  return specs;
}
