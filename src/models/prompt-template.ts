/**
 * Prompts live in `prompts/<role>.md` (one per role), loaded once and filled with `{{name}}` values. The tool
 * catalogue is rendered compactly from the registry's JSON Schemas: deep output shapes (a BarSeries) are what
 * `$ref`s carry, so the planner needs their names, not their full schema.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prompts');
const cache = new Map<string, string>();

export type PromptName = 'planner' | 'replanner' | 'vision' | 'synthesis';

export function loadPrompt(name: PromptName, values: Record<string, string> = {}, dir = PROMPTS_DIR): string {
  const file = path.join(dir, `${name}.md`);
  let template = cache.get(file);
  if (template === undefined) {
    template = readFileSync(file, 'utf8');
    cache.set(file, template);
  }
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
};

/** "- get_bars(symbol: string, from: string, to: string, warmupBars?: integer ≤ 400) — description" */
export function formatCatalog(catalog: readonly unknown[]): string {
  return catalog
    .map((entry) => {
      const { name, description, input } = entry as { name: string; description: string; input: JsonSchema };
      return `- ${name}(${formatArgs(input)})\n  ${description.replace(/\s+/g, ' ').trim()}`;
    })
    .join('\n');
}

function formatArgs(schema: JsonSchema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map((v) => `{${formatArgs(v)}}`).join(' | ');
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  return Object.entries(props)
    .map(([key, value]) => `${key}${required.has(key) ? '' : '?'}: ${describe(value, 0)}`)
    .join(', ');
}

function describe(schema: JsonSchema, depth: number): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join('|');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map((v) => describe(v, depth + 1)).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join('|') : schema.type;
  if (type === 'array') return `${schema.items ? describe(schema.items, depth + 1) : 'any'}[]`;
  if (type === 'object' || schema.properties) {
    // Deep objects come from other steps' outputs: a person (and a model) passes a $ref, not a literal.
    if (depth >= 1 || Object.keys(schema.properties ?? {}).length > 4) return 'object ($ref to a step output)';
    return `{${formatArgs(schema)}}`;
  }
  const bounds = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : '', schema.maximum !== undefined ? `≤ ${schema.maximum}` : ''].filter(Boolean).join(' ');
  const hint = schema.format === 'date' || schema.pattern?.includes('\\d{4}') ? ' (YYYY-MM-DD)' : '';
  return `${type ?? 'any'}${bounds ? ` ${bounds}` : ''}${hint}`;
}
