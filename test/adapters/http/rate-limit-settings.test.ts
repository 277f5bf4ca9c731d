/** API_RATE_PER_MINUTE / API_RATE_BURST: validated with the rest of the configuration, turned into limiter options. */
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { rateLimitSettings, type RateLimitOptions } from '../../../src/adapters/http/rate-limit.js';
import { ConfigError, loadConfig } from '../../../src/config.js';

const fakeRequest = (ip: string, authorization?: string) => ({ ip, socket: { remoteAddress: ip }, get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) }) as unknown as Request;

describe('API rate-limit settings', () => {
  it("defaults to today's limit: 30 a minute after a burst of 10, per address", () => {
    const config = loadConfig({});
    expect([config.API_RATE_PER_MINUTE, config.API_RATE_BURST]).toEqual([30, 10]);
    const options = rateLimitSettings(config) as RateLimitOptions;
    expect(options).toMatchObject({ capacity: 10, refillPerSecond: 0.5 });
    expect(options.key!(fakeRequest('10.0.0.1', 'Bearer abc'))).toBe(options.key!(fakeRequest('10.0.0.1')));
    expect(options.key!(fakeRequest('10.0.0.1'))).not.toBe(options.key!(fakeRequest('10.0.0.2')));
  });

  it('0 turns the limit off', () => {
    expect(rateLimitSettings(loadConfig({ API_RATE_PER_MINUTE: '0' }))).toBe(false);
  });

  it('with API_TOKEN the key is the token (hashed, never the raw token), whatever the address', () => {
    const options = rateLimitSettings(loadConfig({ API_TOKEN: 'secret-token', API_RATE_PER_MINUTE: '120', API_RATE_BURST: '40' })) as RateLimitOptions;
    expect(options).toMatchObject({ capacity: 40, refillPerSecond: 2 });
    const a = options.key!(fakeRequest('10.0.0.1', 'Bearer secret-token'));
    expect(options.key!(fakeRequest('10.0.0.2', 'Bearer secret-token'))).toBe(a);
    expect(a).not.toContain('secret-token');
  });

  it('rejects negative, fractional and non-numeric values, and a burst below 1, naming the variable', () => {
    for (const env of [{ API_RATE_PER_MINUTE: '-1' }, { API_RATE_PER_MINUTE: '1.5' }, { API_RATE_PER_MINUTE: 'lots' }, { API_RATE_BURST: '0' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(Object.keys(env)[0]);
    }
  });
});
