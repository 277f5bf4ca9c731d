/**
 * The vision role: reads a rendered chart. The LLM implementation looks at the PNG (llm-vision-model.ts); the
 * builtin numeric reader works from the series behind the chart and says so.
 */
import type { CallOptions, ModelUsage } from '../../models/spec.js';

export type ChartObservation = { kind: string; text: string };
export type ChartAnalysisInput = {
  /** The rendered chart, when there is one (the numeric reader does without). */
  image?: { data: Buffer; mime: string; width?: number; height?: number };
  /** Key numbers as text so the model need not read them off pixels. */
  keyNumbers: Record<string, string | number | null>;
  /** Series the numeric reader works from. */
  series?: unknown;
  context: string;
};
export type ChartAnalysis = { method: 'vision' | 'numeric'; model: string; observations: ChartObservation[]; usage?: ModelUsage };

export interface VisionModel {
  readonly id: string;
  /** Whether it looks at the image. The numeric reader does not, so no vision-size copy is rendered for it. */
  readonly readsImage: boolean;
  analyzeChart(input: ChartAnalysisInput, options: CallOptions): Promise<ChartAnalysis>;
}
