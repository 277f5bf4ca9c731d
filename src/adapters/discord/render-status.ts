/**
 * The status message: the platform-neutral status view drawn as Discord markdown (a plan checklist with step
 * states, retries and fallbacks) plus the Cancel / Retry row. Stays under Discord's 2000-character content limit
 * by shortening details first, then folding finished steps.
 */
import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord.js';
import { escapeMarkdown } from './escape-markdown.js';
import type { RunState } from '../../pipeline/index.js';
import { formatMs, statusView, type StatusLine, type StatusLineState } from '../../render/views/status-view.js';
import { runButtons } from './run-buttons.js';
import { whoText } from './user-messages.js';

export type StatusPayload = { content: string; components: APIActionRowComponent<APIButtonComponentWithCustomId>[] };

const ICON: Record<StatusLineState, string> = { pending: '⬜', running: '🔄', done: '✅', error: '❌', skipped: '⏭️', replaced: '↪️' };
const HEADLINE_ICON: Record<RunState['status'], string> = { created: '⏳', routing: '⏳', planning: '🧭', running: '⏳', completed: '✅', failed: '❌', cancelled: '🛑' };
const LIMIT = 1900;

export function renderStatus(state: RunState, options: { retried?: boolean } = {}): StatusPayload {
  const view = statusView(state);
  const headline = state.status === 'cancelled' ? `Cancelled${state.cancelledBy ? ` by ${whoText(state.cancelledBy)}` : ''}` : escapeMarkdown(view.headline);
  const head = [`**${escapeMarkdown(view.title)}**`, `${HEADLINE_ICON[view.status]} ${headline}`];
  const notes = view.notes.map((note) => `-# ↷ ${escapeMarkdown(clip(note, 180))}`);
  let detailMax = 140;
  let content = compose(head, view.lines.map((l) => lineText(l, detailMax)), notes);
  while (content.length > LIMIT && detailMax > 20) {
    detailMax = Math.floor(detailMax / 2);
    content = compose(head, view.lines.map((l) => lineText(l, detailMax)), notes);
  }
  if (content.length > LIMIT) {
    const done = view.lines.filter((l) => l.state === 'done').length;
    const rest = view.lines.filter((l) => l.state !== 'done').map((l) => lineText(l, 20));
    content = clip(compose(head, [`${ICON.done} ${done} steps done`, ...rest], notes), LIMIT);
  }
  const canRetry = state.status === 'failed' || state.status === 'cancelled';
  return { content, components: [runButtons(state.runId, { done: state.done, canRetry, retried: options.retried })] };
}

function compose(head: string[], lines: string[], notes: string[]): string {
  return [...head, ...lines, ...notes].join('\n');
}

function lineText(line: StatusLine, detailMax: number): string {
  const extras: string[] = [];
  if (line.durationMs !== undefined && line.state === 'done') extras.push(formatMs(line.durationMs));
  if (line.attempts > 1 && line.state !== 'pending') extras.push(`attempt ${line.attempts}`);
  const detail = line.detail ? ` — ${escapeMarkdown(clip(line.detail, detailMax))}` : '';
  const meta = extras.length > 0 ? ` · ${extras.join(' · ')}` : '';
  return `${ICON[line.state]} ${escapeMarkdown(clip(line.label, 100))}${meta}${detail}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
