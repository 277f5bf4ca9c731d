/**
 * Issue 14, failure 2, the path users run: `npm start` in a child process with one chart worker and every render
 * blocked synchronously inside it (`MARKETDESK_FAULTS=render_chart=block:600000`). A run whose chart render is
 * blocked does not hold up a run that needs no chart (ordering: the second completes while the first is still
 * running), and SIGTERM still stops everything — the blocked worker thread is terminated, not waited for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSse } from '../adapters/http/helpers/sse-client.js';
import { ROOT } from './helpers/entry-commands.js';
import { healthzAnswers, startEntry, until, type EntryProcess } from './helpers/entry-process.js';
import { askOverHttp } from './helpers/surface-checks.js';

const DATA = mkdtempSync(path.join(tmpdir(), 'marketdesk-renderiso-'));
let server: EntryProcess;

beforeAll(async () => {
  server = await startEntry({ command: ['npm', 'start'], cwd: ROOT, env: { DATA_DIR: DATA, CHART_WORKERS: '1', MARKETDESK_FAULTS: 'render_chart=block:600000' } });
}, 90_000);

afterAll(async () => {
  await server?.kill();
  rmSync(DATA, { recursive: true, force: true });
});

describe('npm start with a render blocked in its worker thread', () => {
  it('a run without a chart completes while another run is blocked rendering; SIGTERM still stops the server', async () => {
    const started = await fetch(`${server.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'AMD technicals' }) });
    expect(started.status).toBe(202);
    const { id, eventsUrl } = (await started.json()) as { id: string; eventsUrl: string };
    // Wait until render_chart has handed its chart to the worker (it says so just before).
    const rendering = await server.explain(
      collectSse(`${server.url}${eventsUrl}`, { timeoutMs: 60_000, until: (m) => m.some((e) => e.event === 'step.progress' && e.data.includes('rendering the technical chart')) }),
    );
    expect(rendering.messages.some((e) => e.event === 'step.progress' && e.data.includes('rendering the technical chart'))).toBe(true);

    const other = await server.explain(askOverHttp(server.url, 'What is the price of AAPL?'));
    expect(other.types.at(-1)).toBe('run.completed');
    expect(other.completed.answer).toMatch(/AAPL/);
    const blocked = (await (await fetch(`${server.url}/api/runs/${id}`)).json()) as { status: string };
    expect(blocked.status).toBe('running');

    server.signal('SIGTERM');
    await until(() => !server.groupAlive(), 20_000, 'npm, node and the chart worker to exit');
    await server.exited;
    expect(await healthzAnswers(server.url)).toBe(false);
    expect(server.output()).toMatch(/"msg":"bye"/);
  }, 120_000);
});
