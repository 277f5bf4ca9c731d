/**
 * The tool registry: built from an explicit array (no filesystem globbing). The planner sees only names,
 * descriptions and JSON schemas (`catalog()`).
 */
import { z } from 'zod';
import type { AnyTool } from './define-tool.js';

export type ToolCatalogEntry = { name: string; description: string; input: unknown; output?: unknown };

export class ToolRegistry {
  private readonly tools = new Map<string, AnyTool>();

  constructor(tools: readonly AnyTool[] = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: AnyTool): this {
    if (this.tools.has(tool.name)) throw new Error(`tool registered twice: ${tool.name}`);
    this.tools.set(tool.name, tool);
    return this;
  }

  get(name: string): AnyTool | undefined {
    return this.tools.get(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  list(): AnyTool[] {
    return [...this.tools.values()];
  }

  /** The catalogue for LLM prompts: zod → JSON Schema. */
  catalog(options: { includeOutput?: boolean } = {}): ToolCatalogEntry[] {
    return this.list().map((tool) => ({
      name: tool.name,
      description: tool.description,
      input: z.toJSONSchema(tool.input, { unrepresentable: 'any' }),
      ...(options.includeOutput ? { output: z.toJSONSchema(tool.output, { unrepresentable: 'any' }) } : {}),
    }));
  }
}
