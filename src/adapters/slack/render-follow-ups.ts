/**
 * Suggested next questions under an answer: one `actions` block of up to four buttons ("Add AMD", "Past year",
 * "Show technicals", "vs SPY"), each starting a follow-up run in the thread. A button carries the run id and the
 * suggestion's index; the click asks the run API again (suggestions are deterministic), so nothing is trusted from
 * the payload but two small fields. Its own block, so other features can add their own row (a watchlist button).
 */
import type { ActionsBlock } from '@slack/types';
import { z } from 'zod';
import type { FollowUpSuggestion } from '../../pipeline/index.js';

export const ACTION_SUGGEST = 'marketdesk_next';
export const suggestValue = z.string().regex(/^([A-Za-z0-9_-]{1,64}):([0-3])$/);

export function followUpBlock(runId: string, suggestions: readonly FollowUpSuggestion[]): ActionsBlock | undefined {
  if (suggestions.length === 0) return undefined;
  return {
    type: 'actions',
    block_id: 'marketdesk_next',
    elements: suggestions.slice(0, 4).map((s, i) => ({
      type: 'button',
      action_id: `${ACTION_SUGGEST}_${i}`,
      text: { type: 'plain_text', text: s.label.slice(0, 75) },
      value: `${runId}:${i}`,
    })),
  };
}
