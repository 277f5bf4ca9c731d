/**
 * `npm run ask -- --json … | head -1`: the reader goes away after one line while the run is still writing events.
 * The CLI must exit quietly with 0 — no EPIPE stack trace — as command-line tools do in a pipeline.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/entry-commands.js';
import { SEED_QUESTION } from './helpers/surface-checks.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-cli-pipe-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run ask into a pipe that closes', () => {
  it('exits 0 without a stack trace when stdout is closed after the first line', async () => {
    const child = spawn('npm', ['run', '--silent', 'ask', '--', '--json', SEED_QUESTION], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    // Like `head -1`: read one line, then close the read end while the run is still writing.
    child.stdout.destroy();
    expect(JSON.parse(first)).toMatchObject({ seq: 1, type: 'run.created' });
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
  });
});
