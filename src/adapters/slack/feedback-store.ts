/**
 * Feedback clicks stored with the run: one JSON line per click in `<DATA_DIR>/runs/<runId>/feedback.jsonl`,
 * beside the run's events and artifacts. Not an event (the run has already ended and its log is closed).
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const feedbackSchema = z.object({
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  rating: z.enum(['positive', 'negative']),
  platform: z.literal('slack'),
  user: z.string().optional(),
  team: z.string().optional(),
  channel: z.string().optional(),
  messageTs: z.string().optional(),
  at: z.string(),
});
export type Feedback = z.infer<typeof feedbackSchema>;

export function feedbackPath(dataDir: string, runId: string): string {
  return path.join(dataDir, 'runs', feedbackSchema.shape.runId.parse(runId), 'feedback.jsonl');
}

export async function recordFeedback(dataDir: string, feedback: Feedback): Promise<void> {
  const parsed = feedbackSchema.parse(feedback);
  const file = feedbackPath(dataDir, parsed.runId);
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(parsed)}\n`);
}

export async function readFeedback(dataDir: string, runId: string): Promise<Feedback[]> {
  try {
    const text = await readFile(feedbackPath(dataDir, runId), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => feedbackSchema.parse(JSON.parse(line)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
