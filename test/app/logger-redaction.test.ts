/** The logger's redaction covers the live-data providers' credentials wherever a log call puts them. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { logger: createLogger({ destination, level: 'debug' }), lines };
}

describe('log redaction', () => {
  it('censors Tiingo and Alpaca keys in config and in request headers', () => {
    const { logger, lines } = capture();
    logger.info({ config: { TIINGO_API_KEY: 'tiingo-secret-1', ALPACA_API_KEY_ID: 'alpaca-id-2', ALPACA_API_SECRET_KEY: 'alpaca-secret-3' } }, 'settings');
    logger.info({ request: { headers: { 'APCA-API-KEY-ID': 'alpaca-id-4', 'APCA-API-SECRET-KEY': 'alpaca-secret-5', authorization: 'Token tiingo-secret-6' } } }, 'upstream');
    expect(lines).toHaveLength(2);
    const text = lines.join('');
    expect(text).toContain('[redacted]');
    for (const secret of ['tiingo-secret-1', 'alpaca-id-2', 'alpaca-secret-3', 'alpaca-id-4', 'alpaca-secret-5', 'tiingo-secret-6']) expect(text).not.toContain(secret);
  });
});
