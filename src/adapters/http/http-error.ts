/**
 * Errors leave the server as `{error:{code,message}}` with a proper status, never with a stack trace.
 * BotError messages are written to be shown; anything else is logged and answered with a generic message.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { BotError } from '../../errors.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.set(headers).status(status).json({ error: { code, message } });
}

/** Status codes for BotError codes a run API can throw when starting or reading runs. */
const STATUS_BY_CODE: Record<string, number> = {
  invalid_question: 400,
  bad_request: 400,
  not_found: 404,
  run_not_found: 404,
  overloaded: 503,
  too_many_runs: 503,
  shutting_down: 503,
};

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.headers);
    // body-parser errors carry `type` and `status`.
    const parserType = (error as { type?: unknown }).type;
    if (parserType === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'request body is too large');
    if (parserType === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'request body is not valid JSON');
    if (typeof parserType === 'string' && (parserType.startsWith('encoding.') || parserType === 'charset.unsupported')) return sendError(res, 415, 'unsupported_encoding', 'unsupported body encoding or charset');
    // A client that hung up mid-body: nobody to answer, nothing wrong on our side.
    if (parserType === 'request.aborted' || (error as { code?: unknown }).code === 'ECONNABORTED') {
      logger.debug({ method: req.method, path: req.path }, 'client aborted the request');
      return sendError(res, 400, 'request_aborted', 'the request body was not completely received');
    }
    // Any other client error raised by express or a parser (a malformed %-escape in the path is a URIError with
    // status 400): the client's status, logged quietly, never a 500 with a stack (issue 14, failure 9).
    const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      logger.debug({ method: req.method, status, type: parserType }, 'client error');
      return sendError(res, status, status === 400 ? 'bad_request' : 'client_error', status === 400 ? 'malformed request' : 'request refused');
    }
    if (BotError.is(error)) {
      const status = STATUS_BY_CODE[error.code] ?? (error.code.startsWith('invalid') ? 400 : 500);
      if (status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
      const headers: Record<string, string> = error.retryAfterMs ? { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) } : {};
      return sendError(res, status, error.code, error.message, headers);
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled request error');
    sendError(res, 500, 'internal_error', 'internal error');
  };
}
