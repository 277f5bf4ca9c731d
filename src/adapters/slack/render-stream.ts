/**
 * What a streamed answer shows (Slack's `chat.startStream` / `appendStream` / `stopStream`): one `task_update`
 * chunk per plan step (its state, and when done its summary — which names the data source), then the answer as
 * `markdown_text` as synthesis writes it. A frame is the whole picture at one moment; `streamDiff` is what to
 * append to get from what Slack already shows to the next frame (changed tasks, the new text).
 */
import type { AnyChunk, TaskUpdateChunk } from '@slack/types';
import type { RunState } from '../../pipeline/index.js';
import type { StatusLineState, StatusView } from '../../render/views/status-view.js';
import { renderStatus, type SlackMessage } from './render-status.js';

export type StreamFrame = {
  /** The plain status message, for when streaming is unavailable (the fallback edits this instead). */
  status: SlackMessage;
  tasks: TaskUpdateChunk[];
  /** Answer text so far (markdown). */
  text: string;
};

const TASK_STATUS: Record<StatusLineState, TaskUpdateChunk['status']> = {
  pending: 'pending',
  running: 'in_progress',
  done: 'complete',
  error: 'error',
  replaced: 'error',
  skipped: 'complete',
};

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function renderFrame(view: StatusView, state: RunState): StreamFrame {
  const tasks = view.lines.slice(0, 50).map((line): TaskUpdateChunk => {
    const task: TaskUpdateChunk = { type: 'task_update', id: line.id, title: clip(line.label, 256), status: TASK_STATUS[line.state] };
    if (line.detail && line.state === 'done') task.output = clip(line.detail, 250);
    else if (line.detail) task.details = clip(line.detail, 250);
    return task;
  });
  return { status: renderStatus(view, state), tasks, text: state.answer };
}

/** Chunks that turn `shown` into `next`; `undefined` when the text cannot be continued (it was rewritten). */
export function streamDiff(shown: StreamFrame | undefined, next: StreamFrame): AnyChunk[] | undefined {
  const before = new Map((shown?.tasks ?? []).map((t) => [t.id, JSON.stringify(t)]));
  const chunks: AnyChunk[] = next.tasks.filter((t) => before.get(t.id) !== JSON.stringify(t));
  const shownText = shown?.text ?? '';
  if (!next.text.startsWith(shownText)) return undefined;
  const more = next.text.slice(shownText.length);
  if (more) chunks.push({ type: 'markdown_text', text: more });
  return chunks;
}
