/** The status view as terminal text (the CLI's live display). */
import type { RunState } from '../../pipeline/index.js';
import { formatMs, statusView, type StatusLineState } from './status-view.js';

const ICON: Record<StatusLineState, string> = { pending: '○', running: '◐', done: '✓', error: '✗', skipped: '–', replaced: '↷' };
const COLOR: Record<StatusLineState, string> = { pending: '2', running: '33', done: '32', error: '31', skipped: '2', replaced: '35' };

export function renderStatusText(state: RunState, options: { color?: boolean } = {}): string {
  const view = statusView(state);
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [paint('1', view.title), view.headline];
  for (const line of view.lines) {
    const duration = line.durationMs !== undefined ? ` ${formatMs(line.durationMs)}` : '';
    const detail = line.detail ? ` — ${line.detail}` : '';
    lines.push(`  ${paint(COLOR[line.state], ICON[line.state])} ${line.label}${paint('2', duration + detail)}`);
  }
  for (const note of view.notes) lines.push(`  ${paint('35', '↷')} ${note}`);
  return lines.join('\n');
}
