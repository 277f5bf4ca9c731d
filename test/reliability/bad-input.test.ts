/**
 * The bad-input corpus (bad-input-corpus.ts) through the HTTP API of the real stack, and a sample through the CLI
 * as people run it (`npm run ask -- --json`, a child process). Charts are switched off with an injected fatal
 * fault (render_chart=fatal): they are not what is under test, and rendering 100 of them would not fit the suite's
 * time budget; every other step runs for real.
 */
import { spawn } from 'node:child_process';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminal, type RunEvent } from '../../src/pipeline/events/events.js';
import { ROOT, scriptArgv } from '../e2e/helpers/entry-commands.js';
import { waitFor } from '../helpers/wait-for.js';
import { CLI_SAMPLE, CORPUS, type CorpusCase } from './bad-input-corpus.js';
import { startInProcess } from './helpers/in-process-server.js';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
type Snapshot = { status: string; question: string; answer?: string; error?: { code: string; message: string } };

let server: Awaited<ReturnType<typeof startInProcess>>;
const outcomes = new Map<string, { post: number; snapshot?: Snapshot; terminals: number }>();

beforeAll(async () => {
  server = await startInProcess({ MARKETDESK_FAULTS: 'render_chart=fatal' });
  const limit = pLimit(8);
  await Promise.all(
    CORPUS.map((c) =>
      limit(async () => {
        const response = await fetch(`${server.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: c.question }) });
        if (response.status !== 202) return void outcomes.set(c.question, { post: response.status, terminals: 0 });
        const { id } = (await response.json()) as { id: string };
        let snapshot: Snapshot | undefined;
        await waitFor(async () => {
          snapshot = (await (await fetch(`${server.url}/api/runs/${id}`)).json()) as Snapshot;
          return snapshot.status !== 'running';
        }, 60_000, `run of ${JSON.stringify(c.question)}`);
        const events = (await server.app.pipeline.getEvents(id)) as RunEvent[];
        outcomes.set(c.question, { post: 202, snapshot, terminals: events.filter(isTerminal).length });
      }),
    ),
  );
}, 180_000);
afterAll(() => server?.close());

function check(c: CorpusCase, status: string, text: string, code?: string): void {
  if (c.expect === 'answer') {
    expect(status, text).toBe('completed');
    expect(text).toMatch(c.mentions);
    if (c.notMentions) expect(text).not.toMatch(c.notMentions);
  } else {
    expect(status, text).toBe('failed');
    expect(code).toBe(c.code);
    expect(text).toMatch(c.says);
  }
}

describe(`the bad-input corpus over HTTP (${CORPUS.length} questions)`, () => {
  it('has at least 100 inputs, and both kinds of outcome', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(CORPUS.filter((c) => c.expect === 'answer').length).toBeGreaterThan(20);
    expect(CORPUS.filter((c) => c.expect === 'refuse').length).toBeGreaterThan(20);
  });

  it.each(CORPUS.map((c) => [JSON.stringify(c.question).slice(0, 70), c] as const))('%s', (_name, c) => {
    const outcome = outcomes.get(c.question);
    expect(outcome, 'the run was started').toBeDefined();
    expect(outcome!.post).toBe(202);
    expect(outcome!.terminals).toBe(1);
    const s = outcome!.snapshot!;
    expect(s.question).not.toMatch(CONTROL);
    check(c, s.status, s.status === 'completed' ? s.answer ?? '' : s.error?.message ?? '', s.error?.code);
  });

  it('logged no error and no crash for any of them', () => {
    expect(server.lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});

function ask(question: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [file, ...args] = scriptArgv('ask');
  return new Promise((resolve) => {
    const child = spawn(file, [...args, '--json', question], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', DATA_DIR: server.dataDir, MARKETDESK_FAULTS: 'render_chart=fatal' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe(`a sample through the CLI (${CLI_SAMPLE.length} questions, npm run ask -- --json)`, () => {
  it('gives each the same outcome as over HTTP, one terminal event, exit 0/1, no stack', async () => {
    const limit = pLimit(3);
    const results = await Promise.all(CLI_SAMPLE.map((q) => limit(async () => ({ q, ...(await ask(q)) }))));
    expect(results).toHaveLength(CLI_SAMPLE.length);
    for (const { q, code, stdout, stderr } of results) {
      const c = CORPUS.find((x) => x.question === q)!;
      const events = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);
      const terminals = events.filter(isTerminal);
      expect(terminals, q).toHaveLength(1);
      const end = terminals[0];
      const status = end.type === 'run.completed' ? 'completed' : 'failed';
      const text = end.type === 'run.completed' ? end.data.answer : end.type === 'run.failed' ? end.data.error.message : '';
      check(c, status, text, end.type === 'run.failed' ? end.data.error.code : undefined);
      expect(code).toBe(status === 'completed' ? 0 : 1);
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(stdout).not.toMatch(/\u001b\[31m/);
    }
  }, 120_000);
});
