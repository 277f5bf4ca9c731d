/**
 * The LLM planner (a `PlannerModel`): asks a chat model for NDJSON steps and yields each step the moment its line
 * parses and validates, so the executor starts it while the model is still writing (LLMCompiler's streamed
 * planner). Invalid output (bad JSON, unknown tool, bad args, unknown reference, cycle, empty plan) gets ONE repair
 * round that quotes the validation errors; if that still fails it throws `plan_invalid` and the caller falls back to
 * the rules planner. Steps already yielded stay valid: nothing invalid is ever yielded.
 */
import { BotError } from '../../errors.js';
import { addUsage, type ChatMessage, type ChatModel } from '../../models/chat-model.js';
import { formatCatalog, loadPrompt } from '../../models/prompt-template.js';
import type { CallOptions, ModelUsage } from '../../models/spec.js';
import type { PlannedStep, PlannerInput, PlannerModel } from './planner-model.js';
import type { ToolRegistry } from '../../tools/registry.js';
import { formatIssues, StepStream } from './llm-step-stream.js';

export type LlmPlannerOptions = {
  /** Output cap per call. @default 2000 */
  readonly maxTokens?: number;
  /** @default 20 */
  readonly maxSteps?: number;
  /** Role name for usage accounting. @default "planner" */
  readonly role?: string;
};

export class LlmPlanner implements PlannerModel {
  readonly id: string;

  constructor(
    private readonly chat: ChatModel,
    private readonly registry: ToolRegistry,
    private readonly options: LlmPlannerOptions = {},
  ) {
    this.id = chat.id;
  }

  async *streamPlan(input: PlannerInput, options: CallOptions): AsyncGenerator<PlannedStep, void, undefined> {
    const system = loadPrompt('planner', { catalog: formatCatalog(input.catalog.length ? input.catalog : this.registry.catalog()) });
    const user = describeRequest(input);
    const stream = new StepStream(this.registry, { maxSteps: this.options.maxSteps ?? 20 });
    const first = yield* this.round(system, [{ role: 'user', content: user }], stream, options);
    if (stream.issues.length === 0 && stream.acceptedSteps.length > 0) return;
    if (stream.acceptedSteps.length === 0 && stream.issues.length === 0) stream.issues.push({ code: 'plan_empty', message: 'no steps: the output had no JSON step lines' });

    // One repair round, quoting the validator. Accepted steps stay; the model sends only what is missing.
    const problems = formatIssues(stream.issues);
    const accepted = stream.acceptedSteps.map((s) => s.id);
    const repairStream = new StepStream(this.registry, {
      knownIds: accepted,
      maxSteps: Math.max(1, (this.options.maxSteps ?? 20) - accepted.length),
    });
    const repairPrompt = [
      'Your plan had these problems:',
      problems,
      accepted.length ? `These steps were accepted and are already running (do not repeat them; refer to them by id): ${accepted.join(', ')}.` : 'No step was accepted.',
      'Reply with NDJSON only: the corrected steps and any steps still missing, one JSON object per line.',
    ].join('\n');
    yield* this.round(system, [{ role: 'user', content: user }, { role: 'assistant', content: first || '(empty)' }, { role: 'user', content: repairPrompt }], repairStream, options);
    if (repairStream.issues.length === 0 && accepted.length + repairStream.acceptedSteps.length > 0) return;
    const remaining = repairStream.issues.length ? repairStream.issues : [{ code: 'plan_empty' as const, message: 'still no steps after repair' }];
    throw new BotError('plan_invalid', `the ${this.id} plan was still invalid after one repair: ${remaining.map((i) => (i.stepId ? `${i.stepId}: ` : '') + i.message).join('; ')}`, {
      details: { issues: remaining, firstIssues: stream.issues, acceptedSteps: accepted.length + repairStream.acceptedSteps.length },
    });
  }

  /** One model call: streams text into the step parser and yields steps as they are accepted. Returns the raw text. */
  private async *round(system: string, messages: ChatMessage[], stream: StepStream, options: CallOptions): AsyncGenerator<PlannedStep, string, undefined> {
    let text = '';
    let usage: ModelUsage | undefined;
    try {
      for await (const chunk of this.chat.stream({ system, messages, maxTokens: this.options.maxTokens ?? 2000, temperature: 0, signal: options.signal })) {
        if (chunk.type === 'text') {
          text += chunk.text;
          for (const step of stream.push(chunk.text)) yield step;
        } else usage = addUsage(usage, chunk.usage);
      }
      for (const step of stream.end()) yield step;
    } finally {
      if (usage) options.usage?.record(this.options.role ?? 'planner', usage);
    }
    return text;
  }
}

function describeRequest(input: PlannerInput): string {
  const { entities } = input.route;
  return [
    `Question: ${JSON.stringify(input.question.slice(0, 2000))}`,
    `Router's reading (may be incomplete): intent ${input.route.intent} (confidence ${input.route.confidence.toFixed(2)})`,
    `Tickers: ${entities.tickers.join(', ') || '(none found)'}`,
    `Benchmark: ${entities.benchmark ?? '(none)'}${entities.altBenchmarks.length ? ` (also ${entities.altBenchmarks.join(', ')})` : ''}`,
    `Period: ${entities.period.label}, from ${entities.period.from} to ${entities.period.to} (the latest data is ${entities.period.to})`,
    entities.unknown.length ? `Not available: ${entities.unknown.join(', ')}` : '',
    entities.metrics?.length ? `Asked for: ${entities.metrics.map((m) => (m.window ? `${m.name} (${m.window})` : m.name)).join(', ')}` : '',
    entities.period.anchor ? `The window starts at an event in the data: ${entities.period.anchor.kind} of ${entities.period.anchor.ticker ?? 'the first ticker'}${entities.period.anchor.in ? ` in ${entities.period.anchor.in.from} → ${entities.period.anchor.in.to}` : ''} (use find_anchor)` : '',
    input.route.unparsed?.length ? `The router could not read: ${input.route.unparsed.map((u) => JSON.stringify(u)).join(', ')}. Plan for what they most likely mean if the tools allow it; the answer will name them.` : '',
    'Write the plan now: NDJSON, one step per line.',
  ]
    .filter(Boolean)
    .join('\n');
}
