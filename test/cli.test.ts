import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEventSchema } from '../src/pipeline/events/events.js';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-cli-'));

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, TZ: 'UTC', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run ask', () => {
  it('--json prints only the events as NDJSON, in the published envelope, and exits 0', () => {
    const { code, stdout } = cli(['--json', 'How has NVDA performed relative to the semiconductor sector over the past quarter?']);
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => runEventSchema.parse(JSON.parse(line)));
    expect(events[0].type).toBe('run.created');
    expect(events.at(-1)!.type).toBe('run.completed');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('prints the plan, progress and the answer as plain lines when not a TTY', () => {
    const { code, stdout } = cli(['NVDA vs SOX past quarter']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/plan \(rules, \d+ steps\)/);
    expect(stdout).toMatch(/✓ Fetching NVDA daily prices/);
    expect(stdout).toMatch(/\+23\.3%/);
  });

  // One CLI start per case: each is a cold tsx start, several seconds on a loaded two-core machine.
  it('exits 2 with no question', () => {
    expect(cli([]).code).toBe(2);
  });

  it('exits 2 on an unknown flag', () => {
    expect(cli(['--frobnicate', 'NVDA']).code).toBe(2);
  });

  it('exits 2 on a bad setting', () => {
    expect(cli(['x'], { PORT: 'not-a-port' }).code).toBe(2);
  });

  it('exits 1 on a failed run and names what failed', () => {
    const failed = cli(['How is $ZZZZ doing?']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ZZZZ/);
  });
});
