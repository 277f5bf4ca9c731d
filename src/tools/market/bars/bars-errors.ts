/**
 * How a daily-bars failure is classified before the chain decides what to do with it. Each kind maps to a stable
 * BotError code (control flow reads codes, never message text) and to what the chain does:
 *
 * | kind           | code                   | retryable | chain                                                     |
 * |----------------|------------------------|-----------|-----------------------------------------------------------|
 * | unknown_symbol | unknown_symbol         | no        | this provider is not asked for the symbol for 24 h; next  |
 * | not_in_plan    | not_in_plan            | no        | this provider is not asked for the symbol for 6 h; next   |
 * | rate_limited   | rate_limited           | yes       | the provider cools down (Retry-After, shared); next       |
 * | blocked        | provider_blocked       | no        | the provider cools down 15 min (HTML page, edge 403); next |
 * | auth           | provider_auth_failed   | no        | the provider cools down 1 h (the operator must fix a key)  |
 * | transient      | provider_unavailable…  | yes       | retried once with jitter by the source; then next         |
 * | bad_request    | provider_error         | no        | next                                                      |
 * | no_data        | no_data_in_range       | no        | next (an empty span or window)                            |
 * | not_covered    | window_not_covered     | no        | next (the series ends more than a session early)          |
 */
import { BotError } from '../../../errors.js';

export const BARS_FAILURE_CODES = {
  unknown_symbol: 'unknown_symbol',
  not_in_plan: 'not_in_plan',
  rate_limited: 'rate_limited',
  blocked: 'provider_blocked',
  auth: 'provider_auth_failed',
  transient: 'provider_unavailable',
  bad_request: 'provider_error',
  no_data: 'no_data_in_range',
  not_covered: 'window_not_covered',
} as const;
export type BarsFailureKind = keyof typeof BARS_FAILURE_CODES;

const RETRYABLE: ReadonlySet<BarsFailureKind> = new Set(['rate_limited', 'transient']);

export type BarsFailureOptions = {
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly cause?: unknown;
  /** Overrides the kind's code (a timeout is `transient` with code `timeout`). */
  readonly code?: string;
};

export function barsFailure(kind: BarsFailureKind, provider: string, message: string, options: BarsFailureOptions = {}): BotError {
  return new BotError(options.code ?? BARS_FAILURE_CODES[kind], message, {
    retryable: RETRYABLE.has(kind),
    retryAfterMs: options.retryAfterMs,
    cause: options.cause,
    details: { provider, kind, ...(options.status === undefined ? {} : { status: options.status }) },
  });
}

/** The kind of any error a source or provider threw (ours carry it; others are read from their code). */
export function failureKind(error: BotError): BarsFailureKind {
  const kind = error.details?.kind;
  if (typeof kind === 'string' && kind in BARS_FAILURE_CODES) return kind as BarsFailureKind;
  switch (error.code) {
    case 'unknown_symbol':
    case 'symbol_not_found':
      return 'unknown_symbol';
    case 'not_in_plan':
      return 'not_in_plan';
    case 'rate_limited':
      return 'rate_limited';
    case 'provider_auth_failed':
      return 'auth';
    case 'no_data':
    case 'no_data_in_range':
      return 'no_data';
    default:
      return error.retryable ? 'transient' : 'bad_request';
  }
}
