/**
 * `API_TOKEN` bearer auth. Compared in constant time over SHA-256 digests, so neither the content nor the length
 * of the token leaks through timing. The token is only ever read from a header (never a query string: URLs get logged).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './http-error.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented));
}

/** Returns a pass-through middleware when no token is configured. */
export function bearerAuth(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !tokenMatches(token, match[1])) {
      return sendError(res, 401, 'unauthorized', 'a valid bearer token is required (Authorization: Bearer <API_TOKEN>)', {
        'WWW-Authenticate': 'Bearer realm="marketdesk"',
      });
    }
    next();
  };
}
