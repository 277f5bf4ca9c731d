/**
 * The answer as new threaded messages (a new message notifies people; an edit does not): markdown translated to
 * mrkdwn, split into section-sized chunks, feedback buttons under the last one.
 */
import type { KnownBlock } from '@slack/types';
import type { FollowUpSuggestion, RunState } from '../../pipeline/index.js';
import { followUpBlock } from './render-follow-ups.js';
import { blocksWithTable, firstTable } from './render-table.js';
import { escapeMrkdwn, markdownToMrkdwn } from './mrkdwn.js';
import type { SlackMessage } from './render-status.js';
import { splitMessage } from './split-message.js';
import { watchButtonBlock } from './watch-button.js';

export const ACTION_FEEDBACK = 'marketdesk_feedback';

export function feedbackBlock(runId: string): KnownBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION_FEEDBACK,
        positive_button: { text: { type: 'plain_text', text: 'Helpful' }, value: `positive:${runId}`, accessibility_label: 'Mark this answer as helpful' },
        negative_button: { text: { type: 'plain_text', text: 'Not helpful' }, value: `negative:${runId}`, accessibility_label: 'Mark this answer as not helpful' },
      },
    ],
  };
}

/** Messages for a finished run's answer (completed, or a failed run's partial answer). Empty when there is none. */
export function renderAnswer(state: RunState, suggestions: readonly FollowUpSuggestion[] = []): SlackMessage[] {
  if (!state.answer.trim()) return [];
  const partial = state.status !== 'completed';
  const body = (partial ? '*Partial answer* (the run did not finish):\n' : '') + markdownToMrkdwn(state.answer);
  const chunks = splitMessage(body);
  // The comparison table as a native table block (one per message), the monospace text as its fallback.
  const table = firstTable(state.answer);
  let tablePlaced = false;
  const messages: SlackMessage[] = chunks.map((chunk) => {
    const withTable = table && !tablePlaced ? blocksWithTable(chunk, table) : undefined;
    if (withTable) tablePlaced = true;
    return { text: chunk, blocks: withTable ?? [{ type: 'section', text: { type: 'mrkdwn', text: chunk } }] };
  });
  const last = messages[messages.length - 1];
  if (state.flagged && state.flagged.length > 0) {
    const figures = state.flagged.slice(0, 10).map(escapeMrkdwn).join(', ');
    last.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:warning: Could not trace to a tool output: ${figures}` }] });
  }
  if (!partial) last.blocks.push(...answerActions(state, suggestions));
  return messages;
}

/** The buttons under a completed answer, in order: suggested next questions, add to watchlist, feedback. */
export function answerActions(state: RunState, suggestions: readonly FollowUpSuggestion[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const next = followUpBlock(state.runId, suggestions);
  if (next) blocks.push(next);
  const watch = watchButtonBlock(state);
  if (watch) blocks.push(watch);
  blocks.push(feedbackBlock(state.runId));
  return blocks;
}
