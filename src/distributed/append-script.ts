/**
 * The one way an event enters a run's stream after `run.created`: a Lua script that appends with the explicit id
 * `0-<seq>` and refuses anything after the run's terminal event. Atomic in Redis, so even two writers for one run
 * (a worker that stalled past its lock while another took the run over) can never leave two terminal events or an
 * event after the end: the first terminal wins and marks the run ended (`run:<id>:ended`), and the stream and the
 * mark get the TTL together. A repeated id fails inside XADD ("equal or smaller") and is ignored by callers.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';
import { streamId } from './redis-keys.js';

const SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('XADD', KEYS[1], ARGV[1], 'e', ARGV[2])
if ARGV[3] == '1' then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
end
return 1`;

type WithAppend = Redis & { appendRunEvent(stream: string, ended: string, id: string, json: string, terminal: string, ttl: number): Promise<number> };

/** Appends one event; resolves true when written, false when the run had already ended. */
export function appendRunEvent(redis: Redis, keys: RedisKeys, event: { runId: string; seq: number }, json: string, terminal: boolean, ttlSeconds: number): Promise<boolean> {
  const client = redis as WithAppend;
  // ioredis loads the script once per connection (EVALSHA, falling back to EVAL).
  if (typeof client.appendRunEvent !== 'function') redis.defineCommand('appendRunEvent', { numberOfKeys: 2, lua: SCRIPT });
  return client.appendRunEvent(keys.stream(event.runId), keys.ended(event.runId), streamId(event.seq), json, terminal ? '1' : '0', ttlSeconds).then((written) => written === 1);
}
