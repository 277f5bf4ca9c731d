/** A real FinnhubClient wired to a fake Finnhub on 127.0.0.1, with its logs captured as parsed lines. */
import pino from 'pino';
import { Writable } from 'node:stream';
import { FaultInjector, parseFaults } from '../../../../src/faults.js';
import { REDACT_PATHS } from '../../../../src/logger.js';
import { FinnhubClient, type FinnhubClientOptions } from '../../../../src/tools/market/finnhub/finnhub-client.js';
import { WindowedTokenBucket, type RateWindow } from '../../../../src/tools/market/rate-limiter.js';
import { startFakeFinnhub, type FakeFinnhubOptions } from '../../../fakes/finnhub-server.js';

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export async function startHarness(
  options: { fake?: FakeFinnhubOptions; windows?: RateWindow[]; faults?: string; client?: Partial<FinnhubClientOptions> } = {},
) {
  const fake = await startFakeFinnhub(options.fake);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  const limiter = new WindowedTokenBucket({ windows: options.windows ?? [] });
  const client = new FinnhubClient({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    limiter,
    logger,
    faults: new FaultInjector(parseFaults(options.faults)),
    timeoutMs: 2000,
    ...options.client,
  });
  return { fake, client, limiter, logger, lines, close: () => fake.close() };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean; retryAfterMs?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection, got a value');
}
