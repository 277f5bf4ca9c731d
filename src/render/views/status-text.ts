/** The status view as terminal text (the CLI's live display). */
import type { RunState } from '../../pipeline/index.js';
import { formatMs, statusView, type StatusLineState } from './status-view.js';

const ICON: Record<StatusLineState, string> = { pending: '○', running: '◐', done: '✓', error: '✗', skipped: '–', replaced: '↷' };
const COLOR: Record<StatusLineState, string> = { pending: '2', running: '33', done: '32', error: '31', skipped: '2', replaced: '35' };

/** Braille spinner frames: one cell wide everywhere, and they read as motion even at a few frames a second. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

export type StatusTextOptions = {
  color?: boolean;
  /** Live display: the clock (ms since epoch) running steps' elapsed time is measured against… */
  now?: number;
  /** …and the spinner frame drawn for them (any integer; taken modulo the frame count). */
  frame?: number;
};

export function renderStatusText(state: RunState, options: StatusTextOptions = {}): string {
  const view = statusView(state);
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const live = options.now !== undefined && !view.done;
  const spinner = SPINNER[Math.abs(options.frame ?? 0) % SPINNER.length];
  const lines = [paint('1', view.title), live && view.lines.every((l) => l.state !== 'running') ? `${paint('33', spinner)} ${view.headline}` : view.headline];
  for (const line of view.lines) {
    const running = live && line.state === 'running';
    const started = line.startedAt ? Date.parse(line.startedAt) : NaN;
    const elapsed = running && Number.isFinite(started) ? Math.max(0, options.now! - started) : undefined;
    const duration = line.durationMs !== undefined ? ` ${formatMs(line.durationMs)}` : elapsed !== undefined ? ` ${formatElapsed(elapsed)}` : '';
    if (running) {
      const detail = line.detail ? ` — ${line.detail}` : '';
      lines.push(`  ${paint(COLOR.running, spinner)} ${line.label}${paint('2', duration + detail)}`);
      continue;
    }
    const detail = line.detail ? ` — ${line.detail}` : '';
    lines.push(`  ${paint(COLOR[line.state], ICON[line.state])} ${line.label}${paint('2', duration + detail)}`);
  }
  for (const note of view.notes) lines.push(`  ${paint('35', '↷')} ${note}`);
  return lines.join('\n');
}

/** Elapsed time on a running step, to a tenth of a second so it visibly ticks: "0.4 s", "12.3 s". */
function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
