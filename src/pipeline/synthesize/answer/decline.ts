/**
 * A question about data this deployment cannot see (fundamentals, news, earnings, peers, analyst views without a live
 * provider): said plainly in the first words, then what the prices can answer. The configuration hint is a footnote.
 */
import { LIVE_ONLY } from '../synthesis-input.js';
import type { SynthesisInput } from '../synthesis-model.js';

const WHAT: Readonly<Record<string, string>> = {
  fundamentals: 'fundamentals such as the P/E ratio, earnings per share or market cap',
  news: 'news',
  earnings: 'earnings dates and results',
  peers: 'lists of competitors',
  recommendations: 'analyst ratings and price targets',
};

export function declineSentence(input: SynthesisInput, hasPriceAnswer: boolean): string | undefined {
  const what = WHAT[input.intent];
  if (!what || !input.gaps.some((g) => g.reason === LIVE_ONLY)) return undefined;
  const symbols = input.entities.tickers.join(', ');
  return `I can't look up ${what}${symbols ? ` for ${symbols}` : ''} here: that needs live market data.${hasPriceAnswer ? ' What the prices show:' : ''}`;
}
