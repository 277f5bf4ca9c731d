/**
 * `npm run ask` as a person sees it, through the real entry point: on a terminal (a pseudo-TTY from `script`, 90
 * columns) the status block animates — a turning spinner, elapsed time on running steps, at most ~10 redraws a
 * second — and the answer is rendered: bold via ANSI, table columns aligned (numbers right-aligned), no line wider
 * than the terminal, no Markdown syntax left. `--markdown` on the terminal and a pipe keep the Markdown; chart
 * paths are printed once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SPINNER } from '../../src/render/views/status-text.js';
import { ROOT, scriptArgv } from './helpers/entry-commands.js';
import { SEED_QUESTION } from './helpers/surface-checks.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-cli-tty-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const COLUMNS = 90;
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', DATA_DIR: dataDir, TERM: 'xterm-256color' };
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

type Run = { code: number | null; out: string; ms: number };

function run(argv: readonly string[], tty: boolean): Promise<Run> {
  const cli = [...scriptArgv('ask'), ...argv].map(quote).join(' ');
  const [cmd, args] = tty ? ['script', ['-qfec', `stty cols ${COLUMNS} rows 80 && exec ${cli}`, '/dev/null']] : [scriptArgv('ask')[0], [...scriptArgv('ask').slice(1), ...argv]];
  const t0 = Date.now();
  const child = spawn(cmd, args as string[], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, ms: Date.now() - t0 })));
}

describe('npm run ask on a terminal and into a pipe', () => {
  // One cold start each, side by side (each ~5–15 s on a loaded machine).
  const runs = Promise.all([run([SEED_QUESTION], true), run(['--markdown', SEED_QUESTION], true), run([SEED_QUESTION], false)]);

  it('on a TTY: an animated spinner, elapsed time on running steps, at most ~10 redraws a second', async () => {
    const [tty] = await runs;
    expect(tty.code).toBe(0);
    const frames = new Set(SPINNER.filter((frame) => tty.out.includes(frame)));
    expect(frames.size).toBeGreaterThanOrEqual(2); // it turned
    expect(stripAnsi(tty.out)).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] .+ \d+\.\d s/); // a running step with its elapsed time
    const redraws = (tty.out.match(/\x1b\[\d+F/g) ?? []).length;
    expect(redraws).toBeGreaterThan(0);
    expect(redraws).toBeLessThanOrEqual(Math.ceil((tty.ms / 1000) * 10) + 2);
  }, 180_000);

  it('on a TTY: the answer is rendered (bold, aligned numeric columns, wrapped to the width, no Markdown left)', async () => {
    const [tty] = await runs;
    const answer = tty.out.slice(tty.out.lastIndexOf('\x1b[J'));
    expect(answer).toContain('\x1b[1m'); // bold
    const plain = stripAnsi(answer).replace(/\r/g, '');
    expect(plain).not.toMatch(/\*\*|\|---|^\|/m);
    const lines = plain.split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(COLUMNS);
    // The performance table: a header with "Return", and its percent cells ending in the same column (right-aligned).
    const header = lines.findIndex((l) => /Symbol .* Return/.test(l));
    expect(header).toBeGreaterThan(-1);
    const end = lines.findIndex((l, k) => k > header && l.trim() === '');
    const rows = lines.slice(header + 2, end);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const returnEnds = rows.map((l) => [...l.matchAll(/[+−]\d[\d,]*\.\d%/g)][0]).map((m) => m!.index! + m![0].length);
    expect(new Set(returnEnds).size).toBe(1);
    const charts = plain.match(/\S*runs\/\S+\.png/g) ?? [];
    expect(charts.length).toBeGreaterThan(0);
    expect(charts.length).toBe(new Set(charts).size); // each once
  }, 180_000);

  it('--markdown on a TTY and a pipe keep the Markdown; chart paths are printed once', async () => {
    const [, markdown, piped] = await runs;
    for (const r of [markdown, piped]) {
      expect(r.code).toBe(0);
      const answer = stripAnsi(r.out);
      expect(answer).toMatch(/\*\*NVDA\*\*/);
      expect(answer).toMatch(/^\|---\|/m);
      const charts = answer.match(/\S*runs\/\S+\.png/g) ?? [];
      expect(charts.length).toBeGreaterThan(0);
      expect(charts.length).toBe(new Set(charts).size);
    }
    expect(piped.out).not.toContain('\x1b['); // nothing for a terminal in a pipe
  }, 180_000);
});
