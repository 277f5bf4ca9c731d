/**
 * The HTTP API's per-client limit on starting runs is the operator's setting (API_RATE_PER_MINUTE, 0 = off, and
 * API_RATE_BURST), keyed by the bearer token when API_TOKEN is set and by the client address otherwise. Three
 * servers started as `npm start` runs them (node with the tsx loader), each with one setting; requests come from two
 * loopback addresses (127.0.0.1 and 127.0.0.2) to tell a per-token budget from a per-address one.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, scriptArgv } from './helpers/entry-commands.js';
import { startEntry, type EntryProcess } from './helpers/entry-process.js';

const TOKEN = 'e2e-api-token-0123456789';
// Fails at routing (unknown symbol), so the runs cost nothing: only the limit is under test.
const QUESTION = 'How is $ZZZZ doing?';
const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-rate-'));
const servers: Record<'token' | 'address' | 'off', EntryProcess | undefined> = { token: undefined, address: undefined, off: undefined };

const start = (name: keyof typeof servers, env: Record<string, string>) =>
  startEntry({ command: scriptArgv('start'), cwd: ROOT, env: { DATA_DIR: path.join(dataDir, name), LOG_LEVEL: 'warn', ...env } }).then((s) => (servers[name] = s));

beforeAll(async () => {
  await Promise.all([
    start('token', { API_TOKEN: TOKEN, API_RATE_PER_MINUTE: '1', API_RATE_BURST: '2' }),
    start('address', { API_RATE_PER_MINUTE: '1', API_RATE_BURST: '2' }),
    start('off', { API_RATE_PER_MINUTE: '0' }),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.kill()));
  rmSync(dataDir, { recursive: true, force: true });
});

/** POST /api/runs from a given local address; resolves the status and Retry-After. */
function postRun(server: EntryProcess, from: string, token?: string): Promise<{ status: number; retryAfter?: string }> {
  const body = JSON.stringify({ question: QUESTION });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/runs',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function statuses(server: EntryProcess, from: string, count: number, token?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await postRun(server, from, token)).status);
  return out;
}

describe('API_RATE_PER_MINUTE / API_RATE_BURST', () => {
  it('with API_TOKEN the budget belongs to the token: a second address with the same token shares it', async () => {
    const server = servers.token!;
    expect(await statuses(server, '127.0.0.1', 2, TOKEN)).toEqual([202, 202]);
    const limited = await postRun(server, '127.0.0.2', TOKEN);
    expect(limited.status).toBe(429);
    // 1 a minute: the next run is a minute away.
    expect(Number(limited.retryAfter)).toBeGreaterThan(30);
    // A wrong token is refused before it could spend anyone's budget.
    expect((await postRun(server, '127.0.0.2', 'not-the-token')).status).toBe(401);
  });

  it('without API_TOKEN the budget belongs to the address: another address has its own', async () => {
    const server = servers.address!;
    expect(await statuses(server, '127.0.0.1', 3)).toEqual([202, 202, 429]);
    expect(await statuses(server, '127.0.0.2', 3)).toEqual([202, 202, 429]);
  });

  it('API_RATE_PER_MINUTE=0 turns the limit off (past the default burst of 10)', async () => {
    expect(await statuses(servers.off!, '127.0.0.1', 15)).toEqual(Array(15).fill(202));
  });
});
