// A run that ends because the question cannot be answered as asked (no symbol, a future window, a symbol the data
// does not cover) is a decline, not a crash: the console shows it as the answer, with what to ask instead. The codes
// mirror ROUTE_PROBLEM_CODES (src/pipeline/route/route-problem.ts); a test keeps the two lists equal.

export const DECLINE_CODES = [
  'empty_question',
  'question_too_long',
  'no_ticker',
  'unknown_ticker',
  'symbol_unavailable',
  'too_many_tickers',
  'future_range',
  'reversed_range',
  'range_clamped',
  'invalid_date',
  'benchmark_unavailable',
];

/** Whether a finished run is a decline (shown as an answer) rather than a failure (shown with Retry). */
export function isDecline(state) {
  return state.status === 'failed' && DECLINE_CODES.includes(state.error?.code);
}

/** The decline's message as Markdown: the router writes one "• " line per problem. */
export function declineMarkdown(state) {
  const message = String(state.error?.message ?? '');
  return message
    .split('\n')
    .map((line) => line.replace(/^•\s*/, '- '))
    .join('\n');
}
