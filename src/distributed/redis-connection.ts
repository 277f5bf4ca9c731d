/**
 * ioredis clients for distributed mode. BullMQ wants `maxRetriesPerRequest: null` on the connections it blocks on
 * (workers), so commands wait out a Redis restart instead of failing after 20 retries; the same setting keeps the
 * event mirror going through a short Redis outage (an event must wait, never be dropped). Connections that answer
 * people (the web side's reads and writes) also get `commandTimeoutMs`, so a request fails with a clear error
 * instead of hanging while Redis is away. Blocking reads must never get a command timeout. Reconnects back off up
 * to 2 s.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function createRedis(url: string, logger: Logger, name: string, options: { commandTimeoutMs?: number } = {}): Redis {
  const client = new Redis(url, {
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: name,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    lazyConnect: false,
  });
  let down = false;
  client.on('error', (error: Error) => {
    // ioredis emits an error per failed reconnect; log the first of each outage only. The URL may hold a
    // password, so it is never logged.
    if (!down) logger.warn({ redis: name, err: { message: error.message } }, 'redis connection problem; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ redis: name }, 'redis connection back');
    down = false;
  });
  return client;
}
