// A process killed with SIGKILL mid-run (no shutdown hook runs): the next process on the same DATA_DIR marks the
// run failed with code `interrupted`, and its snapshot and SSE replay show everything that was recorded.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer } from './helpers/app-server.js';
import { collectSse, types } from './helpers/sse-client.js';
import { waitFor } from '../../helpers/wait-for.js';

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('crash recovery', () => {
  it('marks a run that was in flight when the process was killed', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-crash-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/adapters/http/helpers/serve-child.ts')], {
      env: { ...process.env, DATA_DIR: dataDir, MARKETDESK_FAULTS: 'get_bars=slow:20000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      const started = await fetch(`${url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'How has NVDA performed over the past quarter?' }),
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      const file = path.join(dataDir, 'runs', id, 'events.jsonl');
      // Wait until the slow step is recorded as started, then kill the process without warning.
      await waitFor(async () => (await readFile(file, 'utf8').catch(() => '')).includes('"step.started"'), 15_000, 'step.started on disk');
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const recorded = (await readFile(file, 'utf8')).trim().split('\n').length;
      const server = await startAppServer({}, { dataDir });
      try {
        expect(server.opened.interrupted).toEqual([id]);
        const snapshot = await (await fetch(`${server.url}/api/runs/${id}`)).json();
        expect(snapshot).toMatchObject({ status: 'failed', done: true, error: { code: 'interrupted' } });
        expect(snapshot.question).toBe('How has NVDA performed over the past quarter?');
        expect(snapshot.plannedSteps.length).toBeGreaterThan(0);
        const replay = await collectSse(`${server.url}/api/runs/${id}/events`);
        expect(replay.messages).toHaveLength(recorded + 1);
        expect(types(replay.messages)[0]).toBe('run.created');
        expect(types(replay.messages).at(-1)).toBe('run.failed');
      } finally {
        await server.close(true);
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
