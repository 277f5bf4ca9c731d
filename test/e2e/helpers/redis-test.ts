/**
 * Redis for tests: the machine's server at 127.0.0.1:6379 (never mocked, never stopped), a unique key prefix per
 * test file so runs never collide, and removal of every key under it afterwards. `startOwnRedis` starts a private
 * redis-server on a free port as a child process — the only Redis a test may stop and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort, until } from './entry-process.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export const uniquePrefix = (name: string): string => `test:${name}:${process.pid}:${randomBytes(3).toString('hex')}:`;

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function deletePrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

export type OwnRedis = { url: string; port: number; stop(): Promise<void>; restart(): Promise<void> };

/** A private, non-persistent redis-server on a free port (child process of the test). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}/0`;
  const ping = async () => {
    const probe = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await until(ping, 10_000, `redis-server on port ${port}`);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
