/**
 * Issue 14, failure 4: an upstream that quotes the key in a 400 body never gets it into anything that leaves the
 * process. `npm start` and `npm run ask` run as child processes against a fake OpenAI whose every reply is a 400
 * quoting the configured key; the key must appear in none of: SSE, the run snapshot, the run store on disk, the
 * server's logs (at LOG_LEVEL=debug), the CLI's output (NDJSON and text).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';
import { ROOT, scriptArgv } from '../e2e/helpers/entry-commands.js';
import { startEntry, until, type EntryProcess } from '../e2e/helpers/entry-process.js';
import { collectSse } from '../adapters/http/helpers/sse-client.js';

const KEY = 'sk-live-REL14-abcdefghijklmnopqrstuvwxyz0123';
const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-secrets-'));
let fake: FakeOpenAI;
let server: EntryProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // Every call is refused with a body that quotes the request's key, as a misbehaving proxy or gateway does.
  fake.setDefault({ kind: 'error', status: 400, message: `Invalid 'model' for key ${KEY}: request rejected`, type: 'invalid_request_error' });
  env = { DATA_DIR: dataDir, LOG_LEVEL: 'debug', OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseURL, SYNTHESIS_MODEL: 'openai:gpt-4.1', PLANNER_MODEL: 'openai:gpt-4.1' };
  server = await startEntry({ command: scriptArgv('start'), cwd: ROOT, env });
}, 60_000);

afterAll(async () => {
  await server?.kill();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  const [file, ...rest] = scriptArgv('ask');
  return new Promise((resolve) => {
    const child = spawn(file, [...rest, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('a key echoed by an upstream stays inside the process', () => {
  it('reaches neither SSE, the snapshot, the run store nor the debug logs (npm start)', async () => {
    const started = await fetch(`${server!.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'How has NVDA done vs SPY YTD?' }) });
    expect(started.status).toBe(202);
    const { id, eventsUrl } = (await started.json()) as { id: string; eventsUrl: string };
    const sse = await collectSse(`${server!.url}${eventsUrl}`, { timeoutMs: 30_000, until: (m) => m.some((e) => /^run\.(completed|failed)$/.test(e.event ?? '')) });
    // The upstream was really asked and really refused (else the test proves nothing).
    expect(fake.requests.length).toBeGreaterThan(0);
    const streamed = sse.messages.map((m) => m.data).join('\n');
    expect(streamed).toMatch(/run\.(completed|failed)/);
    expect(streamed).toMatch(/HTTP 400|refused/);
    expect(streamed).not.toContain(KEY);
    const snapshot = await (await fetch(`${server!.url}/api/runs/${id}`)).text();
    expect(snapshot.length).toBeGreaterThan(50);
    expect(snapshot).not.toContain(KEY);
    await until(() => readdirSync(path.join(dataDir, 'runs')).includes(id) && readFileSync(path.join(dataDir, 'runs', id, 'events.jsonl'), 'utf8').includes('"run.'), 10_000, 'the run on disk');
    await until(() => /run\.(completed|failed)/.test(readFileSync(path.join(dataDir, 'runs', id, 'events.jsonl'), 'utf8')), 10_000, 'the terminal event on disk');
    expect(readFileSync(path.join(dataDir, 'runs', id, 'events.jsonl'), 'utf8')).not.toContain(KEY);
    // The refusal was logged (at warn), without the key.
    await until(() => /refused the request/.test(server!.output()), 10_000, 'the refusal in the log');
    expect(server!.output()).not.toContain(KEY);
  }, 60_000);

  it('reaches no CLI output (npm run ask -- --json: every event, stdout and stderr)', async () => {
    const before = fake.requests.length;
    // --json prints every event whole (a superset of the text view, which renders the same events).
    const json = await runCli(['--json', 'NVDA vs SPY YTD']);
    expect(fake.requests.length).toBeGreaterThan(before);
    expect(json.out).toContain('"run.');
    expect(json.out).toMatch(/HTTP 400|refused/);
    expect(json.out).not.toContain(KEY);
  }, 60_000);
});
