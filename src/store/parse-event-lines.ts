/**
 * Reads a run's JSONL event file back. A process that dies mid-write can leave a torn line, a disk can corrupt one,
 * a file can be edited by hand: a bad line is skipped and every good line around it is kept (issue 14, failure 10 —
 * keeping only the prefix threw away finished answers). Kept events have strictly increasing seqs of one run and
 * nothing follows the terminal event; a seq may skip numbers (a bad line, or the seqs a crashed run had reserved).
 */
import { isTerminal, runEventSchema, type RunEvent } from '../pipeline/events/events.js';

export type ParsedEventLines = {
  events: RunEvent[];
  /** Non-blank lines that were not kept. */
  dropped: number;
  /** What was wrong with the first dropped line. */
  problem?: string;
  /** Whether the text ends with a newline (else the next append must start one, or it would join a torn line). */
  endsWithNewline: boolean;
};

export function parseEventLines(text: string, runId: string): ParsedEventLines {
  const lines = text.split('\n');
  const events: RunEvent[] = [];
  let problem: string | undefined;
  let dropped = 0;
  const drop = (why: string) => {
    dropped++;
    problem ??= why;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      drop(`line ${index + 1}: not JSON`);
      continue;
    }
    const parsed = runEventSchema.safeParse(raw);
    if (!parsed.success) {
      drop(`line ${index + 1}: not a run event`);
      continue;
    }
    const event = parsed.data;
    if (event.runId !== runId) {
      drop(`line ${index + 1}: belongs to run ${event.runId}`);
      continue;
    }
    const last = events[events.length - 1];
    if (last && isTerminal(last)) {
      drop(`line ${index + 1}: event after the terminal event`);
      continue;
    }
    if (event.seq <= (last?.seq ?? 0)) {
      drop(`line ${index + 1}: seq ${event.seq} after seq ${last?.seq ?? 0}`);
      continue;
    }
    if (!last && event.type !== 'run.created') {
      drop(`line ${index + 1}: the first event is ${event.type}, not run.created`);
      continue;
    }
    events.push(event);
  }
  return { events, dropped, ...(problem ? { problem } : {}), endsWithNewline: text === '' || text.endsWith('\n') };
}
