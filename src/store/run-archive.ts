/**
 * A finished run's history as a file, for distributed mode: the worker that ends a run writes
 * `<DATA_DIR>/runs/<runId>/events.jsonl` (the same format as the embedded run store), and any web process that
 * shares DATA_DIR serves the run from it once its Redis stream has expired.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eventJson } from '../pipeline/events/event-json.js';
import type { RunEvent } from '../pipeline/events/events.js';
import { EVENTS_FILE } from './jsonl-run-store.js';
import { parseEventLines } from './parse-event-lines.js';

const SAFE_RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class RunArchive {
  constructor(private readonly dataDir: string) {}

  private file(runId: string): string | undefined {
    return SAFE_RUN_ID.test(runId) ? path.join(this.dataDir, 'runs', runId, EVENTS_FILE) : undefined;
  }

  async write(runId: string, events: readonly RunEvent[]): Promise<void> {
    const file = this.file(runId);
    if (!file || events.length === 0) return;
    await mkdir(path.dirname(file), { recursive: true });
    // Written whole and renamed, so a reader never sees half a file.
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, events.map((e) => `${eventJson(e)}\n`).join(''));
    await rename(temp, file);
  }

  async read(runId: string): Promise<RunEvent[]> {
    const file = this.file(runId);
    if (!file) return [];
    try {
      return parseEventLines(await readFile(file, 'utf8'), runId).events;
    } catch {
      return [];
    }
  }
}
