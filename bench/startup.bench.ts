/**
 * Start-up, side by side in one run, the way each command is started (entry files from package.json's scripts):
 *  - before: the tsx CLI (`tsx src/index.ts`, what `npm start` ran until the start script exec'd node): a node
 *    process that starts a second node with the tsx loader;
 *  - `npm start` now: one node with the tsx loader (`node --import tsx src/index.ts`), transpiling at start-up;
 *  - compiled (`npm run start:prod`, the Docker image): `node dist/index.js`, no transpiling.
 * Measured: a cold server process from spawn to the first 200 from /healthz (offline, nothing configured, empty
 * DATA_DIR), and the CLI from spawn to exit answering the seed question (charts included, output to a pipe).
 * The variants alternate round by round so each sees the same machine load; one unrecorded warm-up round first
 * (tsx keeps transpiled files in its disk cache, as it would on a developer's machine). Commands are spawned
 * directly, without npm (npm itself adds the same few hundred ms to every variant).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt, ROOT, scriptArgv, scriptEntry } from '../test/e2e/helpers/entry-commands.js';
import { freePort } from '../test/e2e/helpers/entry-process.js';
import { median, type BenchResult } from './types.js';

const ROUNDS = Number(process.env.STARTUP_BENCH_ROUNDS ?? 5);
const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

/** The tsx CLI's own entry (node_modules/.bin/tsx). */
function tsxCli(): string {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const pkgPath = require.resolve('tsx/package.json');
  const bin = (require(pkgPath) as { bin: string | Record<string, string> }).bin;
  return path.join(path.dirname(pkgPath), typeof bin === 'string' ? bin : bin.tsx);
}

type Variant = { name: string; server: string[]; cli: string[] };

function variants(): Variant[] {
  return [
    { name: 'before: tsx CLI', server: [process.execPath, tsxCli(), scriptEntry('start')], cli: [process.execPath, tsxCli(), scriptEntry('ask')] },
    { name: 'npm start now: node --import tsx', server: scriptArgv('start'), cli: scriptArgv('ask') },
    { name: 'compiled: node dist/', server: scriptArgv('start:prod'), cli: scriptArgv('ask:prod') },
  ];
}

const baseEnv = (dataDir: string, extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', LANG: 'C.UTF-8', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra });

/** ms from spawn to the first 200 from /healthz; then SIGTERM and wait for the exit. */
async function serverColdStart(argv: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env: baseEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1' }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let ready = 0;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited ${child.exitCode}: ${stderr.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) {
        ready = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 60_000) throw new Error(`${argv.join(' ')}: no /healthz after 60 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return ready;
}

/** ms from spawn to exit for one CLI answer (output read through a pipe and discarded). */
async function cliAnswer(argv: string[], dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(argv[0], [...argv.slice(1), SEED], { cwd: ROOT, env: baseEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ms = performance.now() - t0;
  if (code !== 0 || !out.includes('23.3%')) throw new Error(`${argv.join(' ')} exited ${code}: ${out.slice(-2000)}`);
  return ms;
}

function rows(kind: string, metric: string, samples: Map<string, number[]>): BenchResult[] {
  const before = median(samples.get(variants()[0].name)!);
  return [...samples].map(([name, xs]) => {
    const p50 = median(xs);
    const spread = `min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} ms over ${xs.length}`;
    const vsBefore = name === variants()[0].name ? '' : `; ${(before / p50).toFixed(2)}× faster than before`;
    return { name: `${kind}: ${name}`, metric, value: p50, unit: 'ms', note: `${spread}${vsBefore}` };
  });
}

export default async function startupBench(): Promise<BenchResult[]> {
  await ensureBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-bench-startup-'));
  const server = new Map<string, number[]>(variants().map((v) => [v.name, []]));
  const cli = new Map<string, number[]>(variants().map((v) => [v.name, []]));
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      for (const v of variants()) {
        const s = await serverColdStart(v.server, path.join(dataDir, `server-${round}`));
        const c = await cliAnswer(v.cli, path.join(dataDir, `cli-${round}`));
        if (round === 0) continue; // warm-up: disk caches (tsx's, the OS's) as on a machine that has run it before
        server.get(v.name)!.push(s);
        cli.get(v.name)!.push(c);
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return [...rows('server cold start', 'to /healthz p50', server), ...rows('CLI seed question', 'spawn to exit p50', cli)];
}
