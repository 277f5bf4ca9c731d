/**
 * One error type with a stable snake_case `code`, a `retryable` flag and a cause.
 * Control flow reads `code`/`retryable`, never message text. `BotError.is()` uses a Symbol.for marker so it
 * still works if two copies of the module are loaded (plain instanceof does not).
 */
const marker = Symbol.for('marketdesk.BotError');

export type BotErrorOptions = {
  readonly retryable?: boolean;
  readonly cause?: unknown;
  /** Server-suggested delay before a retry (e.g. Retry-After), in ms. */
  readonly retryAfterMs?: number;
  /** Extra structured detail that is safe to show (never secrets). */
  readonly details?: Record<string, unknown>;
};

export class BotError extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: BotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BotError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }

  static is(value: unknown): value is BotError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** The form errors take in events and logs: data, not a stack. */
  toData(): ErrorData {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

export type ErrorData = { code: string; message: string; retryable?: boolean };

/** Wrap anything thrown into a BotError; aborts keep their meaning (cancelled / timeout). */
export function asBotError(error: unknown, fallbackCode = 'internal_error'): BotError {
  if (BotError.is(error)) return error;
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return new BotError('timeout', error.message || 'timed out', { retryable: true, cause: error });
    if (error.name === 'AbortError') return new BotError('cancelled', error.message || 'cancelled', { cause: error });
    return new BotError(fallbackCode, error.message, { cause: error });
  }
  return new BotError(fallbackCode, typeof error === 'string' ? error : 'unknown error', { cause: error });
}
