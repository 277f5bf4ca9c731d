/**
 * The run API's three chat methods (readsAsQuestion, suggestFollowUps, redrawChart) over any way of reading a run's
 * state. Both run APIs serve them from here: the one-process API reads its in-memory log, the distributed one
 * (src/distributed/redis-run-api.ts) folds the run's Redis stream or archive — so input checks and error messages are
 * the same whichever process a click or a thread reply lands on.
 */
import { BotError } from '../../errors.js';
import type { RunState } from '../events/reduce.js';
import { chartRedrawSchema, type ChartRedraw, type FollowUpSuggestion, type RedrawnChart } from './chat-extras.js';
import type { RunApi } from './run-api.js';

/** The work behind the chat methods, on a run's state (the pipeline builds it from its router, tools and peers). */
export type ChatExtrasWork = {
  readsAsQuestion(text: string): boolean;
  suggestFollowUps(state: RunState): FollowUpSuggestion[];
  redrawChart(state: RunState, request: ChartRedraw): Promise<RedrawnChart>;
};

export type ChatExtrasApi = Required<Pick<RunApi, 'readsAsQuestion' | 'suggestFollowUps' | 'redrawChart'>>;

/** Longest thread reply routed to decide whether it asks something (longer ones are not treated as questions). */
const MAX_TRIAGE_CHARS = 4000;

export function chatExtrasApi(work: ChatExtrasWork, stateOf: (runId: string) => Promise<RunState | undefined>): ChatExtrasApi {
  return {
    readsAsQuestion: async (text) => typeof text === 'string' && text.length <= MAX_TRIAGE_CHARS && work.readsAsQuestion(text),
    async suggestFollowUps(runId) {
      const state = await stateOf(runId);
      return state ? work.suggestFollowUps(state) : [];
    },
    async redrawChart(runId, request) {
      const parsed = chartRedrawSchema.safeParse(request);
      if (!parsed.success) throw new BotError('bad_request', 'That chart control is not one I know.');
      const state = await stateOf(runId);
      if (!state) throw new BotError('run_not_found', "I don't have that answer any more; ask the question again.");
      return work.redrawChart(state, parsed.data);
    },
  };
}
