/**
 * Reads a run's JSONL event file back. A process that dies mid-write can leave a torn last line, and a file could be
 * edited by hand: we keep the longest valid prefix (seq 1, 2, 3, … of one run) and report what was dropped, so a bad
 * line never takes the whole store down and never produces a log with a gap.
 */
import { isTerminal, runEventSchema, type RunEvent } from '../pipeline/events/events.js';

export type ParsedEventLines = { events: RunEvent[]; dropped: number; problem?: string };

export function parseEventLines(text: string, runId: string): ParsedEventLines {
  const lines = text.split('\n');
  const events: RunEvent[] = [];
  let problem: string | undefined;
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      problem = `line ${index + 1}: not JSON`;
      break;
    }
    const parsed = runEventSchema.safeParse(raw);
    if (!parsed.success) {
      problem = `line ${index + 1}: not a run event`;
      break;
    }
    const event = parsed.data;
    if (event.runId !== runId) {
      problem = `line ${index + 1}: belongs to run ${event.runId}`;
      break;
    }
    if (events.length > 0 && isTerminal(events[events.length - 1])) {
      problem = `line ${index + 1}: event after the terminal event`;
      break;
    }
    if (event.seq !== events.length + 1) {
      problem = `line ${index + 1}: seq ${event.seq}, expected ${events.length + 1}`;
      break;
    }
    events.push(event);
  }
  const dropped = problem === undefined ? 0 : lines.slice(index).filter((l) => l.trim() !== '').length;
  return { events, dropped, ...(problem ? { problem } : {}) };
}
