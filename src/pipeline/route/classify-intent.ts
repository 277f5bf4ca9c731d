/**
 * Rules intent classifier: weighted keyword/pattern signals per intent. Specific signals weigh more than generic
 * ones ("price target" → recommendations beats "price" → quote; "P/E" → fundamentals beats "earnings"). Performance
 * signals together with technical ones make the composite `overview`. Confidence grows with the winning score and
 * shrinks with a close runner-up; no signal at all is `unknown` with low confidence (the LLM planner's cue).
 */
import type { Intent } from './intents.js';

export type IntentClassification = { intent: Intent; confidence: number; reasons: string[] };

type Rule = { intent: Exclude<Intent, 'unknown'>; pattern: RegExp; weight: number; why: string; core?: boolean };

const rule = (intent: Rule['intent'], weight: number, why: string, pattern: RegExp, core = true): Rule => ({ intent, pattern, weight, why, core });

const RULES: readonly Rule[] = [
  // quote
  rule('quote', 2.5, 'asks for a quote', /\bquotes?\b/),
  rule('quote', 1.5, 'asks for the price', /\b(?:share |stock |current |latest )?price\b(?! ?(?:targets?|objective|to[- ](?:earnings|book|sales)|action|chart|history|performance|trend|momentum|levels?))/),
  rule('quote', 2, 'asks where it trades', /\btrad(?:ing|es?) at\b|\bwhere (?:is|are) .{1,40} trading\b|\bhow much (?:is|are|does)\b/),
  rule('quote', 2, 'asks for the last close', /\b(?:last|latest|closing) close\b|\bclosed? at\b|\bclosing price\b/),
  rule('quote', 2, 'asks what it is at', /\bwhat(?:'s| is) \S+ at\s*\??\s*$/),
  rule('quote', 1, 'asks about today', /\b(?:up|down) today\b|\bright now\b|\btoday's move\b/),
  rule('quote', 2, 'asks how it is doing today', /\b(?:doing|trading|moving|looking) today\b/),
  rule('quote', 3, 'asks for a close or a move on one day', /\bclos(?:e|ed|ing)(?: price)?(?: at)?\b.{0,30}\b(?:on|yesterday)\b|\b(?:move[ds]?|do|close) on (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\bwhat did \S+ (?:close|do|finish) (?:at |on )?/),
  // risk measures computed from prices
  rule('risk', 4, 'asks for a drawdown', /\bdraw[- ]?downs?\b|\bpeak[- ]to[- ]trough\b|\bmax dd\b/),
  rule('risk', 4, 'asks about volatility', /\bvolatil(?:e|ity)\b|\b(?:realized|realised|annuali[sz]ed|historical) vol\b|\bvol\b(?!ume)/),
  rule('risk', 4, 'asks for beta or correlation', /\bbetas?\b|\bcorrelat(?:ed|ion|ions|es|e)\b/),
  // compare (relative performance)
  rule('compare', 2.5, 'compares', /\b(?:vs|versus)\b|\bv\. /),
  rule('compare', 2.5, 'asks for a comparison', /\b(?:compare[sd]?|comparison|comparing)\b/),
  rule('compare', 2.5, 'asks for relative performance', /\brelative (?:to|performance|strength)\b/),
  rule('compare', 2.5, 'asks about out/underperformance', /\b(?:out|under)perform(?:ed|ing|ance|s)?\b/),
  rule('compare', 2, 'asks about performance', /\bperform(?:ed|ing|ance)?\b/),
  rule('compare', 1.5, 'asks about returns or moves', /\b(?:returns?|returned|gain(?:ed|s)?|beat(?:en)?|lag(?:ged|ging)?|fared|did better|did worse)\b/),
  rule('compare', 1.5, 'asks how it has done', /\bhow (?:has|have|did) .{1,50}\b(?:done|do|gone|go)\b/),
  rule('compare', 1, 'compares against something', /\b(?:against|than)\b/),
  rule('compare', 1.5, 'asks about a run or a rank', /\bperf\b|\bup (?:the )?most\b|\bdown (?:the )?most\b|\bmooning\b|\bripping\b|\brunning\b|\brun (?:the )?hardest\b|\bbounce\b|\bwho(?:'s| is)? (?:winning|leading|lagging|ahead)\b|\brank (?:them|these)\b/),
  rule('compare', 0.75, 'names a return period', /\b(?:ytd|year[- ]to[- ]date)\b/),
  rule('compare', 1, 'asks about a stretch of time', /\bsince\b|\b(?:past|last|over the) (?:\d+ |few |couple of )?(?:days?|weeks?|months?|quarters?|years?)\b/, false),
  // technicals
  rule('technicals', 3, 'asks for technicals', /\btechnicals?\b|\btechnical (?:analysis|picture|setup|indicators?|view|levels?)\b|\bta\b/),
  rule('technicals', 2.5, 'names an indicator', /\b(?:rsi|macd|bollinger|stochastics?|sma|ema|sma\d+|ema\d+|moving averages?|\d+[- ]day (?:ma|sma|ema|moving average|average)|golden cross|death cross|crossovers?)\b/),
  rule('technicals', 2.5, 'asks about levels or trend', /\b(?:overbought|oversold|support|resistance|momentum|trend(?:ing|line|s)?|breakout|breaking out|52[- ]?(?:week|wk|w)s? (?:high|low|range|hi|lo)|price action|chart pattern|all[- ]?time[- ]high|ath|record high)\b/),
  rule('technicals', 2.5, 'names a moving average', /\b\d{1,3} ?dma\b|(?:'s|\bits|\bthe|\babove|\bbelow|\bunder) (?:20|50|100|150|200)[- ]?day\b/),
  rule('technicals', 1, 'asks for a chart', /\bcharts?\b|\bplot\b/, false),
  // overview (the composite)
  rule('overview', 3.5, 'the /analyze command', /^\s*\/analy[sz]e\b/),
  rule('overview', 2, 'asks for an analysis or overview', /(?<!technical )\banaly(?:sis|[sz]e)\b|\boverview\b|\bfull picture\b|\bbig picture\b|\bdeep dive\b|\brundown\b|\bbreakdown\b|\boutlook\b|\btell me about\b|\bwhat do you think (?:of|about)\b/),
  rule('overview', 1.5, 'asks how it is doing', /\bhow(?:'s| is| are) .{1,40}\b(?:doing|looking|lookin'?)\b/),
  // fundamentals
  rule('fundamentals', 4, 'asks for a valuation ratio', /\bp\/?e\b|\bpe ratio\b|\bprice[- ]to[- ](?:earnings|book|sales)\b|\bp\/[bs]\b|\bpeg\b|\bev\/ebitda\b/),
  rule('fundamentals', 3, 'asks about fundamentals', /\b(?:valuations?|valued|fundamentals?|market cap(?:italization)?|eps|earnings per share|revenues?|sales growth|margins?|profitab(?:le|ility)|dividends?|dividend yield|debt|balance sheet|book value|roe|return on equity|free cash flow|cash flow|multiples?|shares outstanding|enterprise value|ebitda|net income)\b/),
  // earnings
  rule('earnings', 3.5, 'asks about an earnings event', /\bearnings (?:dates?|calls?|reports?|releases?|season|results|surprises?|beats?|miss(?:es)?|calendar|announcements?)\b|\bnext earnings\b|\breport(?:s|ing)? (?:earnings|results)\b|\bwhen (?:does|will|is|do) .{1,30}\breport\b|\bquarterly (?:results|report)\b|\beps (?:estimates?|surprises?|beat|miss)\b|\bguidance\b/),
  rule('earnings', 1.5, 'mentions earnings', /(?<!\b(?:since|after|before|ahead of|around) )\bearnings\b/),
  rule('earnings', 3.5, 'asks about a beat or miss', /\b(?:beat|miss(?:ed)?|top(?:ped)?)\b(?: on)? (?:(?:revenue|sales|eps|earnings|estimates?|expectations|forecasts?)\b)/),
  // news
  rule('news', 3, 'asks for news', /\bnews\b|\bheadlines?\b|\bstories\b|\barticles?\b|\bpress releases?\b|\bannounce(?:d|ments?)?\b|\brumou?rs?\b/),
  rule('news', 2.5, 'asks what is happening', /\bwhat(?:'s| is) (?:happening|going on)\b|\bany (?:updates|developments)\b|\blatest on\b/),
  rule('news', 3, 'asks why it moved', /\bwhy (?:is|did|has|was|are|were)\b.{0,40}\b(?:up|down|fall(?:ing)?|fell|drop(?:ped|ping)?|ris(?:e|ing)|rose|jump(?:ed|ing)?|surg(?:e|ed|ing)|tank(?:ed|ing)?|plung(?:e|ed|ing)|rall(?:y|ied|ying)|crash(?:ed|ing)?|soar(?:ed|ing)?|slump(?:ed|ing)?|moving)\b/),
  // peers
  rule('peers', 3.5, 'asks for peers', /\bpeers?\b|\bcompetitors?\b|\brivals?\b|\bcompetition\b|\bsimilar (?:companies|stocks|names)\b|\bcomparable (?:companies|stocks)\b|\bcomps\b|\bcompetes? with\b/),
  // recommendations
  rule('recommendations', 3.5, 'asks about analyst views', /\banalysts?\b|\bratings?\b|\brecommendations?\b|\bupgrade[sd]?\b|\bdowngrade[sd]?\b|\bprice targets?\b|\bconsensus\b|\bstrong buy\b|\b(?:buy|sell|hold) ratings?\b/),
  rule('recommendations', 2.5, 'asks whether to buy or sell', /\bshould i (?:buy|sell|hold)\b|\bis \S+(?: stock)? a (?:good )?(?:buy|sell)\b|\bbuy or sell\b|\b(?:good|right|bad) time to (?:buy|sell)\b/),
];

const SCORED: readonly Exclude<Intent, 'unknown'>[] = ['quote', 'compare', 'technicals', 'risk', 'overview', 'fundamentals', 'news', 'peers', 'recommendations', 'earnings'];

/** A question that is only a symbol ("$NVDA", "nvda?") gets its quote. */
const BARE_SYMBOL = /^\s*[$^]?[A-Za-z][A-Za-z0-9.\-]{0,9}\s*[?!.]?\s*$/;

export function classifyIntent(question: string): IntentClassification {
  const q = question.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  const scores = new Map<Exclude<Intent, 'unknown'>, number>();
  const core = new Map<Exclude<Intent, 'unknown'>, number>();
  const reasons = new Map<Exclude<Intent, 'unknown'>, string[]>();
  for (const r of RULES) {
    const match = r.pattern.exec(q);
    if (!match) continue;
    scores.set(r.intent, (scores.get(r.intent) ?? 0) + r.weight);
    if (r.core) core.set(r.intent, (core.get(r.intent) ?? 0) + r.weight);
    reasons.set(r.intent, [...(reasons.get(r.intent) ?? []), `${r.why} ("${quoteSafe(match[0])}")`]);
  }

  // Performance and technicals together are the seed's composite question.
  const compare = core.get('compare') ?? 0;
  const technical = core.get('technicals') ?? 0;
  if (compare >= 2 && technical >= 2.5) {
    scores.set('overview', (scores.get('overview') ?? 0) + compare + technical);
    reasons.set('overview', [...(reasons.get('overview') ?? []), 'asks about performance and technicals together', ...(reasons.get('compare') ?? []), ...(reasons.get('technicals') ?? [])]);
    scores.delete('compare');
    scores.delete('technicals');
  }

  const ranked = SCORED.map((intent) => ({ intent, score: scores.get(intent) ?? 0 }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score);
  if (ranked.length === 0) {
    if (BARE_SYMBOL.test(question)) return { intent: 'quote', confidence: 0.55, reasons: ['only a symbol: showing its quote'] };
    return { intent: 'unknown', confidence: 0.15, reasons: ['no known intent signal'] };
  }
  const [top, second] = ranked;
  const s1 = top.score;
  const s2 = second?.score ?? 0;
  const confidence = Math.min(0.97, 0.45 + 0.12 * s1) * (1 - (0.4 * s2) / (s1 + s2));
  return { intent: top.intent, confidence: round2(confidence), reasons: reasons.get(top.intent) ?? [] };
}

/** Matched text for a reason line, reduced to inert characters (reasons are shown and logged). */
function quoteSafe(text: string): string {
  return text.replace(/[^a-z0-9 '/.-]/g, '').trim().slice(0, 40);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
