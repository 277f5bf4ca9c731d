// Restart persistence through the HTTP API: a second server on the same DATA_DIR (fresh event log, fresh store)
// serves the first one's runs — snapshot and SSE replay — and marks the run that was in flight as interrupted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectSse, seqs, types } from './helpers/sse-client.js';
import { postRun, startTestServer, type TestServer } from './helpers/test-server.js';
import { waitFor } from '../../helpers/wait-for.js';

const servers: TestServer[] = [];
let dataDir: string | undefined;
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close(true);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('restart persistence', () => {
  it('serves past runs after a restart and marks the in-flight one failed (interrupted)', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-restart-'));
    const first = await startTestServer({ dataDir });
    servers.push(first);
    const done = (await postRun(first.url, 'finished before the crash')).body.id as string;
    first.api.playUntilAnswer(done);
    first.api.complete(done);
    const inFlight = (await postRun(first.url, 'in flight at the crash')).body.id as string;
    first.api.playUntilAnswer(inFlight, 'half an ans');
    const beforeCrash = first.log.history(inFlight).length;
    // Crash: the store stops recording (as if the process died) before anything else happens to the run.
    await first.store.close();
    await first.http.close();

    const second = await startTestServer({ dataDir });
    servers.push(second);
    expect(second.opened).toMatchObject({ restored: 2, interrupted: [inFlight] });

    const snapDone = await (await fetch(`${second.url}/api/runs/${done}`)).json();
    expect(snapDone).toMatchObject({ id: done, status: 'completed', question: 'finished before the crash', answer: 'NVDA rose **12.3%**.' });
    const replay = await collectSse(`${second.url}/api/runs/${done}/events`);
    expect(seqs(replay.messages)).toEqual(first.log.history(done).map((e) => e.seq));
    expect(replay.ended).toBe(true);

    const snapLost = await (await fetch(`${second.url}/api/runs/${inFlight}`)).json();
    expect(snapLost).toMatchObject({ status: 'failed', error: { code: 'interrupted' }, answer: 'half an ans', done: true });
    const lost = await collectSse(`${second.url}/api/runs/${inFlight}/events`);
    expect(lost.messages).toHaveLength(beforeCrash + 1);
    expect(types(lost.messages).at(-1)).toBe('run.failed');

    const list = await (await fetch(`${second.url}/api/runs`)).json();
    expect(list.runs.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [inFlight, 'failed'],
      [done, 'completed'],
    ]);

    // A third start finds the marker on disk and does not mark the run again.
    await second.close(true);
    servers.pop();
    const third = await startTestServer({ dataDir });
    servers.push(third);
    expect(third.opened).toMatchObject({ restored: 2, interrupted: [] });
  });
});

describe('graceful shutdown (close)', () => {
  it('stops accepting, lets a run that finishes in time finish, and refuses new runs meanwhile', async () => {
    const server = await startTestServer({ drainTimeoutMs: 5_000 });
    servers.push(server);
    const id = (await postRun(server.url, 'finishing')).body.id as string;
    server.api.playUntilAnswer(id);
    const stream = collectSse(`${server.url}/api/runs/${id}/events`);
    await waitFor(() => server.http.sseStats().open === 1);
    const closing = server.http.close();
    // A request on a kept-alive connection is told the server is going away.
    expect((await fetch(`${server.url}/healthz`).catch(() => undefined))?.status ?? 503).toBe(503);
    server.api.complete(id);
    await closing;
    const result = await stream;
    expect(types(result.messages).at(-1)).toBe('run.completed');
    expect((await server.api.getRun(id))?.status).toBe('completed');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('marks runs still in flight after the drain timeout (run.failed shutdown, stream ended, events on disk)', async () => {
    const server = await startTestServer({ drainTimeoutMs: 100 });
    servers.push(server);
    const id = (await postRun(server.url, 'never finishes')).body.id as string;
    const stream = collectSse(`${server.url}/api/runs/${id}/events`);
    await waitFor(() => server.http.sseStats().open === 1);
    await server.http.close();
    const result = await stream;
    expect(result.ended).toBe(true);
    // The same shell as production: a run the drain could not wait for ends run.failed with code `shutdown`.
    expect(types(result.messages)).toEqual(['run.created', 'run.failed']);
    expect(JSON.parse(result.messages[1].data).data.error.code).toBe('shutdown');
    expect(server.http.sseStats().open).toBe(0);
  });
});
