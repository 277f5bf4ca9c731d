import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { formatUsageLine } from '../../src/render/views/format-usage-line.js';
import { cheapestForImage, estimateCostUsd, imageTokens } from '../../src/models/pricing.js';
import { resolveModels } from '../../src/app/resolve-models.js';
import { resolveRoleSpecs } from '../../src/app/role-specs.js';
import { createToolRegistry } from '../../src/tools/index.js';

const specs = (env: Record<string, string>) => resolveRoleSpecs(loadConfig(env));
const problem = (env: Record<string, string>) => {
  try {
    specs(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('role resolution', () => {
  it('is all builtin with no key, and builds no network client', () => {
    expect(specs({})).toEqual({ planner: 'builtin', replanner: 'builtin', vision: 'builtin', synthesis: 'builtin' });
    const models = resolveModels(loadConfig({}), { registry: createToolRegistry() });
    expect(models.planner).toBeUndefined();
    expect(models.replanner).toBeUndefined();
    expect(models.synthesis.id).toMatch(/builtin/);
    expect(models.vision.id).toBe('builtin:numeric-chart-reader');
  });

  it('gives every role a sensible OpenAI model with only OPENAI_API_KEY; vision chosen by image price', () => {
    const s = specs({ OPENAI_API_KEY: 'sk-x' });
    expect(s).toMatchObject({ planner: 'openai:gpt-4.1', replanner: 'openai:gpt-4.1', synthesis: 'openai:gpt-4o-mini' });
    // gpt-4o-mini is 16x cheaper per text token but bills ~33x the image tokens: gpt-4o reads a chart for less.
    expect(s.vision).toBe('openai:gpt-4o');
  });

  it('gives every role an Anthropic model with only ANTHROPIC_API_KEY', () => {
    expect(specs({ ANTHROPIC_API_KEY: 'sk-ant' })).toMatchObject({ planner: 'anthropic:claude-sonnet-4-5', vision: 'anthropic:claude-haiku-4-5', synthesis: 'anthropic:claude-haiku-4-5' });
  });

  it('lets explicit settings win, and the replanner follow an explicit planner', () => {
    expect(specs({ OPENAI_API_KEY: 'sk', PLANNER_MODEL: 'openai:o4-mini', SYNTHESIS_MODEL: 'builtin' })).toMatchObject({ planner: 'openai:o4-mini', replanner: 'openai:o4-mini', synthesis: 'builtin' });
  });

  it('accepts an OpenAI-compatible server without a key when its models are named', () => {
    const s = specs({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', PLANNER_MODEL: 'openai:llama3.1', SYNTHESIS_MODEL: 'openai:llama3.1' });
    expect(s).toMatchObject({ planner: 'openai:llama3.1', synthesis: 'openai:llama3.1', vision: 'builtin' });
    const models = resolveModels(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', PLANNER_MODEL: 'openai:llama3.1' }), { registry: createToolRegistry() });
    expect(models.planner?.id).toBe('openai:llama3.1');
  });

  it('fails at start-up naming the variable for invalid combinations', () => {
    expect(problem({ PLANNER_MODEL: 'openai:gpt-4.1' })).toMatch(/PLANNER_MODEL=openai:gpt-4.1 needs OPENAI_API_KEY/);
    expect(problem({ OPENAI_API_KEY: 'sk', VISION_MODEL: 'anthropic:claude-haiku-4-5' })).toMatch(/VISION_MODEL=anthropic:claude-haiku-4-5 needs ANTHROPIC_API_KEY/);
    expect(problem({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toMatch(/OPENAI_BASE_URL is set but no role uses it/);
    expect(problem({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' })).toMatch(/ANTHROPIC_BASE_URL is set but ANTHROPIC_API_KEY is not/);
    expect(() => loadConfig({ SYNTHESIS_MODEL: 'gpt-4o' })).toThrow(/SYNTHESIS_MODEL/);
  });
});

describe('pricing (estimates)', () => {
  it('prices text by family prefix and leaves unknown models at 0', () => {
    expect(estimateCostUsd('openai:gpt-4o-mini-2024-07-18', 1_000_000, 0)).toBeCloseTo(0.15);
    expect(estimateCostUsd('openai:gpt-4o', 0, 1_000_000)).toBeCloseTo(10);
    expect(estimateCostUsd('openai:llama3.1', 1_000_000, 1_000_000)).toBe(0);
  });

  it('counts image tokens by the vendor rules', () => {
    // 1400x900 → fit shortest side 768 → 1195x768 → 3x2 tiles.
    expect(imageTokens('openai:gpt-4o', 1400, 900)).toBe(85 + 170 * 6);
    expect(imageTokens('openai:gpt-4o-mini', 1400, 900)).toBe(2833 + 5667 * 6);
    expect(imageTokens('anthropic:claude-haiku-4-5', 1400, 900)).toBe(Math.ceil((1400 * 900) / 750));
    expect(cheapestForImage(['openai:gpt-4o-mini', 'openai:gpt-4o'], 1400, 900)).toBe('openai:gpt-4o');
  });

  it('formats the one-line usage summary', () => {
    const line = formatUsageLine({
      stages: { route: { model: 'rules', inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: 2, calls: 0 }, planner: { model: 'openai:gpt-4.1', inputTokens: 1500, outputTokens: 340, costUsd: 0.00572, durationMs: 900, calls: 1 } },
      totalTokens: 1840,
      totalCostUsd: 0.00572,
      durationMs: 3210,
    });
    expect(line).toBe('usage: planner openai:gpt-4.1 1,840 tok · total 1,840 tok ≈ $0.0057 (est.) · 3.2 s');
  });
});
