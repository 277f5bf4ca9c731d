/**
 * The "Add to watchlist" button under an answer (issue 17): its value carries the answer's tickers; a click adds
 * them to the channel's watchlist (watch-commands.ts). Not on digests and alert posts (they come from the list).
 */
import type { KnownBlock } from '@slack/types';
import type { RunState } from '../../pipeline/index.js';

export const ACTION_WATCH_ADD = 'marketdesk_watch_add';

export function watchButtonBlock(state: RunState): KnownBlock | undefined {
  const tickers = state.entities?.tickers ?? [];
  if (tickers.length === 0 || state.intent === 'digest' || state.intent === 'alert') return undefined;
  const label = tickers.length === 1 ? `Add ${tickers[0]} to watchlist` : 'Add to watchlist';
  return {
    type: 'actions',
    elements: [{ type: 'button', action_id: ACTION_WATCH_ADD, text: { type: 'plain_text', text: label.slice(0, 75) }, value: tickers.slice(0, 25).join(',') }],
  };
}
