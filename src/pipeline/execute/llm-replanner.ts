/**
 * The LLM replanner (a `ReplannerModel`): when a step fails for good and no declared fallback applies, asks a
 * chat model for replacement steps from the failure and the compact results so far. Output is a reason line plus
 * NDJSON steps, validated like the planner's (refs only to steps that succeeded, fresh ids, known tools, valid
 * args); one repair round, then whatever valid steps there are (possibly none).
 */
import { BotError } from '../../errors.js';
import { addUsage, completeChat, type ChatModel } from '../../models/chat-model.js';
import { formatCatalog, loadPrompt } from '../../models/prompt-template.js';
import type { CallOptions, ModelUsage } from '../../models/spec.js';
import type { PlannedStep } from '../plan/planner-model.js';
import type { ReplanInput, ReplannerModel } from './replanner-model.js';
import type { ToolRegistry } from '../../tools/registry.js';
import { formatIssues, StepStream } from '../plan/llm-step-stream.js';

export class LlmReplanner implements ReplannerModel {
  readonly id: string;

  constructor(
    private readonly chat: ChatModel,
    private readonly registry: ToolRegistry,
    private readonly options: { maxTokens?: number; maxSteps?: number } = {},
  ) {
    this.id = chat.id;
  }

  async replan(input: ReplanInput, options: CallOptions): Promise<{ steps: PlannedStep[]; reason: string; usage?: ModelUsage }> {
    const system = loadPrompt('replanner', { catalog: formatCatalog(input.catalog.length ? input.catalog : this.registry.catalog()) });
    const succeeded = input.results.map((r) => r.stepId);
    const user = [
      `Question: ${JSON.stringify(input.question.slice(0, 2000))}`,
      `Failed step: ${input.failed.stepId} (tool ${input.failed.tool}): ${input.failed.error.code}: ${input.failed.error.message}`,
      `Steps that succeeded (you may $ref these): ${succeeded.join(', ') || '(none)'}`,
      `Ids already used (do not reuse): ${input.usedIds.join(', ')}`,
      `Results so far (compact): ${truncate(JSON.stringify(input.results.map((r) => ({ stepId: r.stepId, tool: r.tool, summary: r.summary }))), 4000)}`,
    ].join('\n');
    const streamOptions = { knownIds: succeeded, reservedIds: input.usedIds, maxSteps: this.options.maxSteps ?? 5, acceptReasonLine: true };
    const request = { system, maxTokens: this.options.maxTokens ?? 1200, temperature: 0, signal: options.signal };

    const first = new StepStream(this.registry, streamOptions);
    const a = await completeChat(this.chat, { ...request, messages: [{ role: 'user', content: user }] }, (t) => first.push(t));
    first.end();
    let usage: ModelUsage = a.usage;
    let steps = first.acceptedSteps;
    let reason = first.reason ?? `replanned around ${input.failed.stepId}`;
    if (first.issues.length > 0) {
      const second = new StepStream(this.registry, { ...streamOptions, knownIds: [...succeeded, ...steps.map((s) => s.id)], reservedIds: input.usedIds });
      const repair = `Your reply had these problems:\n${formatIssues(first.issues)}\n${steps.length ? `Accepted already: ${steps.map((s) => s.id).join(', ')} (do not repeat them).\n` : ''}Reply again in the same format: the reason line, then only corrected or missing steps.`;
      const b = await completeChat(this.chat, {
        ...request,
        messages: [
          { role: 'user', content: user },
          { role: 'assistant', content: a.text || '(empty)' },
          { role: 'user', content: repair },
        ],
      }, (t) => second.push(t));
      second.end();
      usage = addUsage(usage, b.usage);
      // Second-round steps may refer to first-round ones: they are added after them.
      steps = [...steps, ...second.acceptedSteps];
      if (second.reason) reason = second.reason;
      if (steps.length === 0 && second.issues.length > 0) {
        options.usage?.record('replanner', usage);
        throw new BotError('plan_invalid', `the replan from ${this.id} was invalid after one repair: ${second.issues.map((i) => i.message).join('; ')}`, { details: { issues: second.issues } });
      }
    }
    return { steps, reason, usage };
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
