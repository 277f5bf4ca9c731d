/**
 * What the routing layer could not do, as typed data with a polite, readable message. Fatal problems stop the run
 * before planning (the answer is the message); the others are notes carried next to a normal answer. The shape
 * matches the run's `RouteProblem` (src/pipeline/route/router.ts).
 * Messages never echo raw user text: only symbols that passed a strict pattern, dates and numbers appear, and
 * those go through `escapeMarkdown` anyway.
 */
export const ROUTE_PROBLEM_CODES = [
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
] as const;
export type RouteProblemCode = (typeof ROUTE_PROBLEM_CODES)[number];

export type RouteProblem = {
  readonly code: RouteProblemCode;
  /** True when nothing can be answered (no usable symbol, empty question, impossible window). */
  readonly fatal: boolean;
  /** Polite, readable, safe to show as-is. */
  readonly message: string;
  /** Symbols the problem is about, when any. */
  readonly symbols?: readonly string[];
};

export { MAX_QUESTION_CHARS } from '../events/events.js';
/** Most symbols one question may ask about; more are cut with a `too_many_tickers` warning. */
export const MAX_TICKERS = 6;

/**
 * Makes a piece of user-derived text inert in Markdown (Slack mrkdwn, Discord, CommonMark): drops the characters
 * that open HTML or Slack control sequences (< > &) and backslash-escapes formatting characters.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[<>&]/g, '').replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&');
}

export function problem(code: RouteProblemCode, fatal: boolean, message: string, symbols?: readonly string[]): RouteProblem {
  return symbols && symbols.length > 0 ? { code, fatal, message, symbols } : { code, fatal, message };
}

export function hasBlockingProblem(problems: readonly { readonly fatal: boolean }[]): boolean {
  return problems.some((p) => p.fatal);
}

/** A list of symbols for a message: "AAPL, AMD and NVDA". */
export function listSymbols(symbols: readonly string[]): string {
  const safe = symbols.map(escapeMarkdown);
  if (safe.length <= 1) return safe.join('');
  return `${safe.slice(0, -1).join(', ')} and ${safe[safe.length - 1]}`;
}

/**
 * The reply when routing stops a run: fatal problems first, then the others, as Markdown bullet points.
 * Returns undefined when nothing blocks the run.
 */
export function formatRouteProblems(problems: readonly { readonly fatal: boolean; readonly message: string }[]): string | undefined {
  if (!hasBlockingProblem(problems)) return undefined;
  const ordered = [...problems.filter((p) => p.fatal), ...problems.filter((p) => !p.fatal)];
  if (ordered.length === 1) return ordered[0].message;
  return ordered.map((p) => `• ${p.message}`).join('\n');
}
