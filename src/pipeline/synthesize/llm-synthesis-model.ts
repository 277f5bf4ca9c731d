/**
 * Synthesis role over a chat model: compact structured results in (never raw bars), the answer streamed out as
 * deltas. The prompt forbids figures that are not in the results; the run checks it (figure-check.ts).
 */
import { completeChat, type ChatModel } from '../../models/chat-model.js';
import { loadPrompt } from '../../models/prompt-template.js';
import type { CallOptions, ModelUsage } from '../../models/spec.js';
import type { SynthesisInput, SynthesisModel } from './synthesis-model.js';

/** Hard cap on the results JSON sent (tokens cost money; results are compact already). */
const MAX_RESULTS_CHARS = 24_000;

export class LlmSynthesisModel implements SynthesisModel {
  readonly id: string;

  constructor(
    private readonly chat: ChatModel,
    private readonly options: { maxTokens?: number } = {},
  ) {
    this.id = chat.id;
  }

  async synthesize(input: SynthesisInput, options: CallOptions & { onDelta?: (text: string) => void }): Promise<{ text: string; usage?: ModelUsage }> {
    const { text, usage } = await completeChat(
      this.chat,
      { system: loadPrompt('synthesis'), messages: [{ role: 'user', content: renderInput(input) }], maxTokens: this.options.maxTokens ?? 900, temperature: 0.2, signal: options.signal },
      options.onDelta,
    );
    return { text: text.trim(), usage };
  }
}

const ASKS = { yes_no: 'a yes or a no first', winner: 'the winner first, with the spread', ranking: 'the leader and the laggard first' } as const;

export function renderInput(input: SynthesisInput): string {
  let results = JSON.stringify(input.results.map((r) => ({ step: r.stepId, tool: r.tool, label: r.label, summary: r.summary, data: r.data })));
  if (results.length > MAX_RESULTS_CHARS) results = `${results.slice(0, MAX_RESULTS_CHARS)}…(truncated)`;
  return [
    `Question: ${JSON.stringify(input.question.slice(0, 2000))}`,
    `Intent: ${input.intent}; tickers: ${input.entities.tickers.join(', ') || '(none)'}; benchmark: ${input.entities.benchmark ?? '(none)'}; period: ${input.entities.period.label} (${input.entities.period.from} to ${input.entities.period.to})`,
    `Asked for: ${(input.entities.metrics ?? []).map((m) => (m.window ? `${m.name} (${m.window})` : m.name)).join(', ') || 'a general overview'}${input.understanding.asks ? `; the answer is ${ASKS[input.understanding.asks]}` : ''}`,
    `Understood: assumed ${input.understanding.assumptions.length ? input.understanding.assumptions.join('; ') : 'nothing'}; could not read ${input.understanding.unparsed.length ? input.understanding.unparsed.map((u) => JSON.stringify(u)).join(', ') : 'nothing'}; read ${input.understanding.corrections.length ? input.understanding.corrections.map((c) => `${JSON.stringify(c.typed)} as ${c.read}`).join(', ') : 'nothing as something else'}; no data for ${input.entities.unknown.length ? input.entities.unknown.join(', ') : 'nothing'}`,
    `Results (JSON): ${results}`,
    `Gaps: ${input.gaps.length ? input.gaps.map((g) => `${g.label}: ${g.reason}`).join('; ') : 'none'}`,
    `Notes: ${input.notes.length ? input.notes.join('; ') : 'none'}`,
    `As-of line: ${input.asOfLine}`,
  ].join('\n');
}
