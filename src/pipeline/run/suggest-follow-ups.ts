/**
 * Up to four next questions after an answer, built from the run's own route: add a peer ("Add AMD"), a longer
 * window ("Past year"), the technicals when they were not shown, and the broad market as the benchmark ("vs SPY").
 * Each is asked as a follow-up of the run, so the router fills in what the question leaves out. Deterministic: a
 * surface may carry only the index in a button and ask again on the click.
 */
import type { RunState } from '../events/reduce.js';
import type { FollowUpSuggestion } from './chat-extras.js';

/** Peer sets to draw an "Add …" from (the smallest set holding the ticker wins: chip stocks before the Mag 7). */
export type PeerGroups = readonly { readonly members: readonly string[] }[];

const MAX_SUGGESTIONS = 4;
const TECHNICAL_INTENTS = new Set(['technicals', 'overview']);

export function suggestFollowUps(state: RunState, options: { peers: PeerGroups; available?: readonly string[] }): FollowUpSuggestion[] {
  const entities = state.entities;
  if (!entities || entities.tickers.length === 0 || state.status !== 'completed') return [];
  const tickers = entities.tickers;
  const first = tickers[0];
  const usable = (symbol: string) => !options.available || options.available.includes(symbol);
  const out: FollowUpSuggestion[] = [];

  const groups = options.peers.filter((g) => g.members.includes(first)).sort((a, b) => a.members.length - b.members.length);
  const peer = groups.flatMap((g) => g.members).find((s) => !tickers.includes(s) && s !== entities.benchmark && usable(s));
  if (peer && tickers.length < 5) out.push({ label: `Add ${peer}`, question: `Compare ${[...tickers, peer].join(', ')} ${periodWords(entities.period.label)}` });

  const label = entities.period.label.toLowerCase();
  if (!/year|5y|1y/.test(label)) out.push({ label: 'Past year', question: `How has ${tickers.join(', ')} done over the past year?` });
  else out.push({ label: 'YTD', question: `How has ${tickers.join(', ')} done YTD?` });

  if (!TECHNICAL_INTENTS.has(state.intent ?? '')) out.push({ label: 'Show technicals', question: `${first} technicals` });

  if (entities.benchmark !== 'SPY' && !tickers.includes('SPY') && usable('SPY')) {
    out.push({ label: 'vs SPY', question: `${tickers.join(', ')} vs SPY ${periodWords(entities.period.label)}` });
  }
  return out.slice(0, MAX_SUGGESTIONS);
}

/** "past quarter" → "over the past quarter"; "YTD", "since March" stay as they are. */
function periodWords(label: string): string {
  return /^(past|last)\b/i.test(label) ? `over the ${label}` : label;
}
