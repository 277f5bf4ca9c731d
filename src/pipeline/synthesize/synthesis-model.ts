/**
 * The synthesis role: writes the answer from compact structured results. The builtin writer
 * (builtin-synthesis.ts) and the LLM writer (llm-synthesis-model.ts) sit behind this interface.
 */
import type { CallOptions, ModelUsage } from '../../models/spec.js';
import type { Entities } from '../events/events.js';
import type { CompactResult } from '../execute/compact-result.js';

/** One tool result as synthesis sees it: compact, never raw bars. */
export type SynthesisResult = CompactResult;
export type SynthesisGap = { stepId: string; label: string; reason: string };

export type SynthesisInput = {
  question: string;
  intent: string;
  entities: Entities;
  results: SynthesisResult[];
  gaps: SynthesisGap[];
  /** e.g. "offline dataset, as of 2026-05-15" */
  asOfLine: string;
  /** Notes the pipeline wants the reader to see (fallbacks taken, role fallbacks). */
  notes: string[];
  /**
   * How the question was read: what was assumed, the words that were not used, near-misses read as something, and
   * the shape of answer asked for. The first paragraph names what was not understood before it answers.
   */
  understanding: {
    assumptions: string[];
    unparsed: string[];
    corrections: { typed: string; read: string }[];
    asks?: 'yes_no' | 'winner' | 'ranking';
  };
  /** Deployment hints (e.g. how to turn live data on): a footnote for the operator, never the answer's lead. */
  footnotes: string[];
};

export interface SynthesisModel {
  readonly id: string;
  synthesize(input: SynthesisInput, options: CallOptions & { onDelta?: (text: string) => void }): Promise<{ text: string; usage?: ModelUsage }>;
}
