/**
 * A role whose model keeps failing (the SDK already retried 429/5xx/timeouts) falls back to the builtin model for
 * that call, and says so: the answer carries a note naming the failed model. Cancellation is never turned into a fallback.
 */
import type { Logger } from 'pino';
import { asBotError } from '../../errors.js';
import type { CallOptions } from '../../models/spec.js';
import type { SynthesisInput, SynthesisModel } from './synthesis-model.js';

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
