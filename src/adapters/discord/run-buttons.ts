/**
 * Cancel / Retry buttons. The `custom_id` carries the action and the run id (`md:cancel:<runId>`), so a click can be
 * handled by any process that can reach the run API, with no per-message state (developers/components/reference:
 * custom_id is 1–100 characters and unique on its message).
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';

export type RunButtonAction = 'cancel' | 'retry';
const PREFIX = 'md';
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function runButtonId(action: RunButtonAction, runId: string): string {
  if (!RUN_ID.test(runId)) throw new RangeError(`run id not usable in a custom_id: ${runId}`);
  return `${PREFIX}:${action}:${runId}`;
}

/** Parses one of our custom ids; undefined for anything else (another app's component, a tampered id). */
export function parseRunButtonId(customId: string): { action: RunButtonAction; runId: string } | undefined {
  const [prefix, action, runId, ...rest] = customId.split(':');
  if (prefix !== PREFIX || rest.length > 0 || (action !== 'cancel' && action !== 'retry') || !runId || !RUN_ID.test(runId)) return undefined;
  return { action, runId };
}

/** The button row for a run's status message: Cancel while running; Retry after a failure or a cancel. */
export function runButtons(runId: string, options: { done: boolean; canRetry: boolean; retried?: boolean }): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const components: APIButtonComponentWithCustomId[] = [
    { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Cancel', custom_id: runButtonId('cancel', runId), disabled: options.done },
  ];
  if (options.canRetry) {
    components.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: options.retried ? 'Retried' : 'Retry', custom_id: runButtonId('retry', runId), disabled: options.retried ?? false });
  }
  return { type: ComponentType.ActionRow, components };
}
