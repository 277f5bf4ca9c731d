/**
 * A role whose model keeps failing (the SDK already retried 429/5xx/timeouts) falls back to the builtin model for
 * that call, and says so: the reading gains an observation naming the failed model. Cancellation is never turned into a fallback.
 */
import type { Logger } from 'pino';
import { asBotError } from '../../errors.js';
import type { CallOptions } from '../../models/spec.js';
import type { ChartAnalysis, ChartAnalysisInput, VisionModel } from './vision-model.js';

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
