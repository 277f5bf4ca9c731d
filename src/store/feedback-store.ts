/**
 * Feedback clicks stored with the run: one JSON line per click in `<DATA_DIR>/runs/<runId>/feedback.jsonl`,
 * beside the run's events and artifacts. Not an event (the run has already ended and its log is closed).
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { feedbackSchema, type FeedbackStore, type StoredFeedback } from '../pipeline/run/run-api.js';

const RUN_ID = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const storedSchema = feedbackSchema.extend({ runId: RUN_ID, at: z.string() });

export class FileFeedbackStore implements FeedbackStore {
  constructor(private readonly dataDir: string) {}

  private file(runId: string): string {
    return path.join(this.dataDir, 'runs', RUN_ID.parse(runId), 'feedback.jsonl');
  }

  async record(feedback: StoredFeedback): Promise<void> {
    const parsed = storedSchema.parse(feedback);
    const file = this.file(parsed.runId);
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(parsed)}\n`);
  }

  async read(runId: string): Promise<StoredFeedback[]> {
    try {
      const text = await readFile(this.file(runId), 'utf8');
      return text
        .split('\n')
        .filter((line) => line.trim())
        .flatMap((line) => {
          const parsed = storedSchema.safeParse(JSON.parse(line));
          return parsed.success ? [parsed.data] : [];
        });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
