/**
 * A tool is data: name, description (for the LLM planner), zod input/output schemas, timeout, retry policy,
 * concurrency key and an optional fallback. `defineTool` is an identity function that exists for type inference.
 */
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { ToolServices } from './services.js';

export type RetryPolicy = {
  /** Extra attempts after the first. @default 2 */
  readonly retries: number;
  /** @default 200 */
  readonly minDelayMs: number;
  /** @default 2000 */
  readonly maxDelayMs: number;
  /** @default 2 */
  readonly factor: number;
};

export type ToolContext = {
  readonly signal: AbortSignal;
  readonly runId: string;
  readonly stepId: string;
  /** Emits `step.progress` with a human message. */
  readonly emit: (message: string) => void;
  readonly log: Logger;
  readonly services: ToolServices;
};

export type ToolFallback<I> = {
  /** The registered tool that runs in place of this one when it fails for good. */
  readonly tool: string;
  /**
   * Arguments for the fallback, from this step's (unresolved) arguments; `$ref` values carry over.
   * Returns undefined when these arguments have no fallback.
   */
  readonly args: (args: Record<string, unknown>) => Record<string, unknown> | undefined;
  /** What a person reads: "chart renderer failed → switched to numeric analysis". */
  readonly reason: string;
  /** Phantom for inference. */
  readonly _input?: I;
};

export type ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  readonly name: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  /** Per-attempt timeout. @default 10000 */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Concurrency key: steps sharing a key share a cap (p-limit). "market" tools resolve to the provider id.
   * @default "compute"
   */
  readonly concurrencyKey?: string | ((services: ToolServices) => string);
  readonly fallback?: ToolFallback<z.infer<I>>;
  /** One short human line for `step.succeeded` and the status message. */
  readonly summarize?: (output: z.infer<O>) => string;
  /**
   * A compact view of the output for synthesis (no raw bars). @default the output itself
   */
  readonly compact?: (output: z.infer<O>) => unknown;
  readonly execute: (input: z.infer<I>, ctx: ToolContext) => Promise<z.infer<O>>;
};

// `any` here is deliberate: a registry holds tools of many input/output types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return tool;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, minDelayMs: 200, maxDelayMs: 2000, factor: 2 };
export const DEFAULT_TIMEOUT_MS = 10_000;
