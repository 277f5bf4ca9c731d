/**
 * Issue 14, failures 6 and 8 and the drain: the service keeps serving when a part is down, and /healthz says which.
 *  - Slack and Discord unreachable at start-up (`npm start` as a child process, their API URLs pointing at ports
 *    nobody listens on): the process stays up, the HTTP API answers questions, /healthz is `degraded` per surface.
 *  - The run store cannot write (an injected failure: the runs folder replaced by a file, which fails for root
 *    too): /healthz is `degraded` with the error, and once writing works again the held events reach disk.
 *  - During a drain, /healthz and new runs get 503 (not a refused connection) while the in-flight run finishes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, scriptArgv } from '../e2e/helpers/entry-commands.js';
import { freePort, startEntry, until, type EntryProcess } from '../e2e/helpers/entry-process.js';
import { askOverHttp } from '../e2e/helpers/surface-checks.js';
import { waitFor } from '../helpers/wait-for.js';
import { startInProcess } from './helpers/in-process-server.js';

type Health = { ok: boolean; status: string; checks: Record<string, { ok: boolean; state?: string; attempts?: number; lastError?: string; writeFailures?: number }> };
const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as Health;

let entry: EntryProcess | undefined;
afterAll(async () => {
  await entry?.kill();
});

describe('a chat platform down at start-up', () => {
  it('keeps the HTTP API serving and reports each surface degraded (npm start)', async () => {
    const [slackPort, discordPort] = await Promise.all([freePort(), freePort()]);
    entry = await startEntry({
      command: scriptArgv('start'),
      cwd: ROOT,
      env: {
        LOG_LEVEL: 'warn',
        DATA_DIR: path.join(ROOT, '.data', `rel-down-${process.pid}`),
        SLACK_BOT_TOKEN: 'xoxb-unreachable-000000',
        SLACK_SIGNING_SECRET: 'unreachable-signing-secret',
        SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
        DISCORD_TOKEN: 'unreachable.discord.token-0000000000',
        DISCORD_APPLICATION_ID: '100000000000000001',
        DISCORD_API_URL: `http://127.0.0.1:${discordPort}`,
      },
    });
    await until(async () => {
      const h = await health(entry!.url);
      return h.checks.slack?.state === 'retrying' && h.checks.discord?.state === 'retrying';
    }, 45_000, 'both surfaces to report retrying');
    const h = await health(entry.url);
    expect(h).toMatchObject({ ok: false, status: 'degraded', checks: { store: { ok: true }, slack: { ok: false }, discord: { ok: false } } });
    expect(h.checks.discord.lastError).toBeTruthy();
    // The rest keeps serving: a question over HTTP is answered.
    const run = await askOverHttp(entry.url, 'NVDA vs SPY YTD');
    expect(run.types.at(-1)).toBe('run.completed');
    expect(run.completed.answer).toMatch(/NVDA/);
    expect(entry.groupAlive()).toBe(true);
    rmSync(path.join(ROOT, '.data', `rel-down-${process.pid}`), { recursive: true, force: true });
  }, 90_000);
});

describe('the run store cannot write', () => {
  it('reports degraded with the error, keeps the events and writes them once the disk works again', async () => {
    const server = await startInProcess({ RUN_STORE_FLUSH_MS: '10' });
    try {
      expect(await health(server.url)).toMatchObject({ ok: true, status: 'ok' });
      const runs = path.join(server.dataDir, 'runs');
      rmSync(runs, { recursive: true, force: true });
      writeFileSync(runs, 'not a folder'); // every mkdir/write under runs/ now fails (ENOTDIR), root included
      const run = await askOverHttp(server.url, 'NVDA vs SPY YTD');
      expect(run.types.at(-1)).toBe('run.completed'); // the run itself is unaffected
      const h = await health(server.url);
      expect(h).toMatchObject({ ok: false, status: 'degraded', checks: { store: { ok: false } } });
      expect(h.checks.store.writeFailures).toBeGreaterThan(0);
      expect(h.checks.store.lastError).toMatch(/ENOTDIR|EEXIST|not a directory/i);
      expect(server.lines.some((l) => l.level >= 50 && /could not (write|reserve)/.test(l.msg))).toBe(true);
      // The disk comes back: the held events are written and health turns green.
      rmSync(runs, { force: true });
      mkdirSync(runs);
      await waitFor(async () => (await health(server.url)).ok, 15_000, 'the store to recover');
      const file = path.join(runs, run.id, 'events.jsonl');
      await waitFor(() => { try { return readFileSync(file, 'utf8').includes('run.completed'); } catch { return false; } }, 10_000, 'the run on disk');
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(lines.length).toBe(run.types.length);
      expect(JSON.parse(lines[0]).type).toBe('run.created');
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('the drain at shutdown', () => {
  it('answers 503 to /healthz and new runs while an in-flight run finishes', async () => {
    // A drain long enough for the run to finish on a loaded machine (the point is the 503s while it drains).
    const server = await startInProcess({ MARKETDESK_FAULTS: 'get_bars=slow:1500' }, { http: { drainTimeoutMs: 30_000 } });
    try {
      const started = await fetch(`${server.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'NVDA vs SPY YTD' }) });
      const { id } = (await started.json()) as { id: string };
      const closing = server.surfaces.http.close();
      const h = await fetch(`${server.url}/healthz`);
      expect(h.status).toBe(503);
      const post = await fetch(`${server.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'AMD price' }) });
      expect(post.status).toBe(503);
      expect(post.headers.get('retry-after')).toBeTruthy();
      await closing;
      const state = await server.app.pipeline.getRun(id);
      expect(state?.status).toBe('completed'); // drained, not cut off
    } finally {
      await server.close();
    }
  }, 60_000);
});
