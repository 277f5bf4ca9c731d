/**
 * Does a reply in the bot's thread ask something? Decided by routing the reply on its own, not by keywords: it is a
 * question when the router finds a ticker in it, a period it names ("what about the past year?"), or an intent
 * signal it is confident about ("how about technicals?"). "thanks!", "lol", "ok" find none of these. The router's
 * bare-word fallback (a lone word read as a possible symbol, confidence 0.55) does not count.
 */
import type { Router } from '../route/router.js';

const CONFIDENT_SIGNAL = 0.6;

export function createFollowUpTriage(router: Router): (text: string) => boolean {
  // The router reports a period it assumed only when the question names a ticker; a reply without one is compared
  // with the period the router picks when nothing is named (read once from a bare symbol).
  let defaultPeriod: string | undefined;
  return (text) => {
    const trimmed = text.trim();
    if (trimmed.length < 2) return false;
    const outcome = router.route(trimmed, {});
    if (outcome.entities.tickers.length > 0) return true;
    defaultPeriod ??= router.route('SPY', {}).entities.period.label;
    if (outcome.entities.period.label !== defaultPeriod) return true;
    return outcome.intent !== 'unknown' && outcome.confidence >= CONFIDENT_SIGNAL;
  };
}
