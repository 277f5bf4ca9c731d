/**
 * The live status message: a `plan` block of `task_card`s (one per plan step, status pending / in_progress /
 * complete / error), notes about retries and fallbacks, and a Cancel (running) or Retry (failed) button.
 * `text` is the plain-text fallback Slack shows in notifications and in clients that cannot draw plan blocks.
 */
import type { KnownBlock, PlanBlock, TaskCardBlock } from '@slack/types';
import type { RunState } from '../../pipeline/index.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { StatusLine, StatusLineState, StatusView } from '../../render/views/status-view.js';
import { describeFailure, whoText } from './user-messages.js';

export const ACTION_CANCEL = 'marketdesk_cancel';
export const ACTION_RETRY = 'marketdesk_retry';

export type SlackMessage = { text: string; blocks: KnownBlock[] };

/** Slack caps a plan at 50 tasks and task titles/details at a few hundred characters. */
const MAX_TASKS = 50;
const MAX_TITLE = 200;
const MAX_DETAIL = 250;

const TASK_STATUS: Record<StatusLineState, TaskCardBlock['status']> = {
  pending: 'pending',
  running: 'in_progress',
  done: 'complete',
  error: 'error',
  // A replaced step did fail; the fallback that stands in for it is its own task.
  replaced: 'error',
  skipped: 'complete',
};

const TEXT_MARK: Record<StatusLineState, string> = {
  pending: '○',
  running: '◐',
  done: '✓',
  error: '✗',
  replaced: '↪',
  skipped: '–',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function lineTitle(line: StatusLine): string {
  const suffix = line.state === 'skipped' ? ' (skipped)' : line.state === 'replaced' ? ' (replaced)' : '';
  const duration = line.durationMs !== undefined && line.state !== 'pending' ? ` · ${formatDuration(line.durationMs)}` : '';
  return clip(`${line.label}${suffix}${duration}`, MAX_TITLE);
}

function taskCard(line: StatusLine): TaskCardBlock {
  const card: TaskCardBlock = { type: 'task_card', task_id: line.id, title: lineTitle(line), status: TASK_STATUS[line.state] };
  if (line.detail) {
    card.details = {
      type: 'rich_text',
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: clip(line.detail, MAX_DETAIL) }] }],
    };
  }
  return card;
}

function footer(state: RunState): KnownBlock[] {
  const runId = state.runId;
  switch (state.status) {
    case 'completed': {
      const took = state.usage?.durationMs ?? elapsed(state);
      const flagged = state.flagged?.length ? ` · :warning: ${state.flagged.length} figure(s) could not be traced to a tool output` : '';
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Done${took ? ` in ${formatDuration(took)}` : ''} · answer below${flagged}` }] }];
    }
    case 'failed':
      return [
        { type: 'section', text: { type: 'mrkdwn', text: describeFailure(state.error, state) } },
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: ACTION_RETRY, style: 'primary', value: runId, text: { type: 'plain_text', text: 'Retry' } }],
        },
      ];
    case 'cancelled':
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:no_entry_sign: Cancelled by ${whoText(state.cancelledBy ?? 'someone')}` }] }];
    default:
      return [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: ACTION_CANCEL, style: 'danger', value: runId, text: { type: 'plain_text', text: 'Cancel' } }],
        },
      ];
  }
}

function elapsed(state: RunState): number | undefined {
  if (!state.createdAt || !state.endedAt) return undefined;
  return Date.parse(state.endedAt) - Date.parse(state.createdAt);
}

export function renderStatus(view: StatusView, state: RunState): SlackMessage {
  const blocks: KnownBlock[] = [];
  const lines = view.lines.slice(0, MAX_TASKS);
  if (lines.length > 0) {
    const plan: PlanBlock = { type: 'plan', title: clip(view.title, MAX_TITLE), tasks: lines.map(taskCard) };
    blocks.push(plan);
  }
  if (!state.done) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${escapeMrkdwn(lines.length > 0 ? view.headline : `${view.title} — ${view.headline}`)}` }] });
  }
  if (view.notes.length > 0) {
    const notes = view.notes.slice(-8).map((note) => `↪ ${escapeMrkdwn(clip(note, 300))}`).join('\n');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes }] });
  }
  blocks.push(...footer(state));

  // The fallback is read as mrkdwn too: escape what came from the run.
  const textLines = [
    escapeMrkdwn(state.done ? view.title : `${view.title} — ${view.headline}`),
    ...view.lines.map((line) => escapeMrkdwn(`${TEXT_MARK[line.state]} ${lineTitle(line)}${line.detail && line.state !== 'done' ? ` — ${clip(line.detail, MAX_DETAIL)}` : ''}`)),
  ];
  for (const note of view.notes) textLines.push(escapeMrkdwn(`↪ ${note}`));
  if (state.status === 'failed') textLines.push(describeFailure(state.error, state));
  if (state.status === 'cancelled') textLines.push(`Cancelled by ${whoText(state.cancelledBy ?? 'someone')}`);
  return { text: clip(textLines.join('\n'), 3900), blocks };
}
