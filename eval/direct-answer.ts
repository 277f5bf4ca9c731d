/**
 * Direct-answer accuracy: each question with answer expectations goes through the whole offline pipeline
 * (builtin models) and its answer is checked by answer-check.ts. Questions without expectations are not counted.
 */
import { checkAnswer, hasAnswerExpectations, type Check } from './answer-check.js';
import type { GoldQuestion } from './gold-schema.js';
import type { PipelineRunner } from './pipeline-adapter.js';

export type DirectAnswerScore = {
  id: string;
  question: string;
  ok: boolean;
  status: string;
  checks: Check[];
  firstParagraph: string;
  ms: number;
};

export type DirectAnswerReport = { rate: number; hits: number; n: number; questions: DirectAnswerScore[] };

export async function scoreDirectAnswers(questions: readonly GoldQuestion[], runner: PipelineRunner, options: { concurrency?: number } = {}): Promise<DirectAnswerReport> {
  const todo = questions.filter(hasAnswerExpectations);
  const out: DirectAnswerScore[] = new Array(todo.length);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = next++;
      const q = todo[i];
      const answer = await runner.ask(q.question, q.inherit);
      const check = checkAnswer(q, answer.text, { referenceDate: runner.referenceDate });
      out[i] = { id: q.id, question: q.question, ok: check.ok, status: answer.status, checks: check.checks, firstParagraph: check.firstParagraph, ms: answer.ms };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const hits = out.filter((q) => q.ok).length;
  return { rate: out.length ? hits / out.length : 1, hits, n: out.length, questions: out };
}
