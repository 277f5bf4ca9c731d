/**
 * Issue 14, failure 3: SIGKILL inside the window where a client has seen events (SSE publishes at once) that the
 * run store has not written yet. `npm start` runs as a child process with a wide write window
 * (RUN_STORE_FLUSH_MS=60000, so the window is certain, not a race), a client follows a run over SSE, the whole
 * process group is killed, and a second `npm start` on the same DATA_DIR must (a) give the interrupted run a
 * terminal event whose seq is above every seq the client saw, and (b) answer a resume from that seq — and from
 * beyond the known end — with the terminal event, never a 204 that leaves the client waiting forever.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, scriptArgv } from '../e2e/helpers/entry-commands.js';
import { startEntry, type EntryProcess } from '../e2e/helpers/entry-process.js';
import { collectSse } from '../adapters/http/helpers/sse-client.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-crashwin-'));
const started: EntryProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.kill()));
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async (env: Record<string, string>) => {
  const server = await startEntry({ command: scriptArgv('start'), cwd: ROOT, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } });
  started.push(server);
  return server;
};

describe('a crash inside the store write window', () => {
  it('never reuses a seq a client saw, and a resume gets the terminal state', async () => {
    const first = await start({ RUN_STORE_FLUSH_MS: '60000', MARKETDESK_FAULTS: 'get_bars=slow:60000' });
    const post = await fetch(`${first.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'How has NVDA performed over the past quarter?' }) });
    expect(post.status).toBe(202);
    const { id, eventsUrl } = (await post.json()) as { id: string; eventsUrl: string };
    // Follow until the slow fetch has started: several events are out, none of them on disk yet.
    const seen = await collectSse(`${first.url}${eventsUrl}`, { timeoutMs: 30_000, until: (m) => m.some((e) => e.event === 'step.started') });
    const lastSeen = Math.max(...seen.messages.map((m) => Number(m.id)));
    expect(seen.messages.length).toBeGreaterThanOrEqual(3);
    expect(lastSeen).toBe(seen.messages.length);
    const file = path.join(dataDir, 'runs', id, 'events.jsonl');
    const onDisk = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
    expect(onDisk).toBeLessThan(lastSeen); // the client is ahead of the disk: the window this test is about

    await first.kill(); // SIGKILL to the whole process group: no shutdown hook runs

    const second = await start({});
    const snapshot = (await (await fetch(`${second.url}/api/runs/${id}`)).json()) as { status: string; error?: { code: string }; lastSeq?: number };
    expect(snapshot).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });

    // Resume from the last seq the client saw: the terminal event arrives, with a seq above it.
    const resumed = await collectSse(`${second.url}${eventsUrl}`, { headers: { 'last-event-id': String(lastSeen) }, timeoutMs: 15_000 });
    expect(resumed.status).toBe(200);
    expect(resumed.messages.length).toBeGreaterThan(0);
    const terminal = resumed.messages.at(-1)!;
    expect(terminal.event).toBe('run.failed');
    expect(Number(terminal.id)).toBeGreaterThan(lastSeen);

    // A resume from beyond anything known still gets the end, not silence.
    const beyond = await collectSse(`${second.url}${eventsUrl}`, { headers: { 'last-event-id': String(Number(terminal.id) + 500) }, timeoutMs: 15_000 });
    expect(beyond.status).toBe(200);
    expect(beyond.messages.map((m) => m.event)).toEqual(['run.failed']);
    // A client that saw the end is told to stop.
    const finished = await fetch(`${second.url}${eventsUrl}`, { headers: { 'last-event-id': String(terminal.id) } });
    expect(finished.status).toBe(204);
  }, 120_000);
});
