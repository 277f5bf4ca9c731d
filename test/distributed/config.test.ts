/** Distributed-mode settings: unset changes nothing; wrong values are refused at start-up with the variable named. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('distributed-mode configuration', () => {
  it('defaults: one process, no Redis', () => {
    const config = loadConfig({});
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.MARKETDESK_ROLE).toBe('all');
    expect(config.REDIS_PREFIX).toBe('marketdesk:');
    expect(config.WORKER_CONCURRENCY).toBe(8);
  });

  it('web and worker roles need REDIS_URL', () => {
    expect(() => loadConfig({ MARKETDESK_ROLE: 'worker' })).toThrow(ConfigError);
    expect(() => loadConfig({ MARKETDESK_ROLE: 'web' })).toThrow(/MARKETDESK_ROLE=web needs REDIS_URL/);
    expect(loadConfig({ MARKETDESK_ROLE: 'worker', REDIS_URL: 'redis://127.0.0.1:6379/0' }).MARKETDESK_ROLE).toBe('worker');
  });

  it('refuses a URL that is not redis:// and a role it does not know', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ MARKETDESK_ROLE: 'scheduler', REDIS_URL: 'redis://x' })).toThrow(/MARKETDESK_ROLE/);
    expect(() => loadConfig({ REDIS_PREFIX: 'has space' })).toThrow(/REDIS_PREFIX/);
    expect(() => loadConfig({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/);
  });
});
