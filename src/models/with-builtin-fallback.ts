/**
 * A role whose model keeps failing (the SDK already retried 429/5xx/timeouts) falls back to the builtin model for
 * that call, and says so: synthesis gets a note the answer shows; vision adds an observation naming the fallback.
 * Cancellation is never turned into a fallback.
 */
import type { Logger } from 'pino';
import { asBotError } from '../errors.js';
import type { CallOptions, ChartAnalysis, ChartAnalysisInput, SynthesisInput, SynthesisModel, VisionModel } from './spec.js';

export function synthesisWithFallback(primary: SynthesisModel, builtin: SynthesisModel, logger?: Logger): SynthesisModel {
  return {
    id: primary.id,
    async synthesize(input: SynthesisInput, options: CallOptions & { onDelta?: (text: string) => void }) {
      let streamed = false;
      try {
        return await primary.synthesize(input, { ...options, onDelta: (t) => ((streamed = true), options.onDelta?.(t)) });
      } catch (error) {
        if (options.signal.aborted) throw error;
        const err = asBotError(error);
        logger?.warn({ err: err.toData(), model: primary.id }, 'synthesis model failed; using builtin');
        const note = `The writing model (${primary.id}) failed (${err.message}), so this answer was written by the builtin writer.`;
        // Deltas already streamed belong to an abandoned answer: start a fresh paragraph so readers see the switch.
        if (streamed) options.onDelta?.('\n\n---\n');
        return builtin.synthesize({ ...input, notes: [...input.notes, note] }, options);
      }
    },
  };
}

export function visionWithFallback(primary: VisionModel, builtin: VisionModel, logger?: Logger): VisionModel {
  return {
    id: primary.id,
    readsImage: primary.readsImage,
    async analyzeChart(input: ChartAnalysisInput, options: CallOptions): Promise<ChartAnalysis> {
      try {
        return await primary.analyzeChart(input, options);
      } catch (error) {
        if (options.signal.aborted) throw error;
        const err = asBotError(error);
        logger?.warn({ err: err.toData(), model: primary.id }, 'vision model failed; using builtin numeric reader');
        const result = await builtin.analyzeChart(input, options);
        return {
          ...result,
          observations: [...result.observations, { kind: 'note', text: `The vision model (${primary.id}) failed (${err.message}); this reading is numeric, from the data behind the chart.` }],
        };
      }
    },
  };
}
