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
 * Besides wall time, CPU time (user + system of the child and everything it waited for, from this process's
 * cutime/cstime in /proc, 10 ms resolution): on a shared, loaded machine it moves far less than wall time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
type Sample = { wallMs: number; cpuMs: number };

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
/** CPU ms of the children this process has reaped so far (Linux: /proc/self/stat cutime + cstime). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
}

function variants(): Variant[] {
  return [
    { name: 'before: tsx CLI', server: [process.execPath, tsxCli(), scriptEntry('start')], cli: [process.execPath, tsxCli(), scriptEntry('ask')] },
    { name: 'npm start now: node --import tsx', server: scriptArgv('start'), cli: scriptArgv('ask') },
    { name: 'compiled: node dist/', server: scriptArgv('start:prod'), cli: scriptArgv('ask:prod') },
  ];
}

const baseEnv = (dataDir: string, extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', LANG: 'C.UTF-8', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra });

/** Wall ms from spawn to the first 200 from /healthz; CPU ms of the whole start, serve /healthz, SIGTERM, exit. */
async function serverColdStart(argv: string[], dataDir: string): Promise<Sample> {
  const port = await freePort();
  const cpu0 = childrenCpuMs();
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
  return { wallMs: ready, cpuMs: childrenCpuMs() - cpu0 };
}

/** Wall and CPU ms from spawn to exit for one CLI answer (output read through a pipe and discarded). */
async function cliAnswer(argv: string[], dataDir: string): Promise<Sample> {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const child = spawn(argv[0], [...argv.slice(1), SEED], { cwd: ROOT, env: baseEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = performance.now() - t0;
  if (code !== 0 || !out.includes('23.3%')) throw new Error(`${argv.join(' ')} exited ${code}: ${out.slice(-2000)}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
}

function rows(kind: string, wallMetric: string, cpuMetric: string, samples: Map<string, Sample[]>): BenchResult[] {
  const before = variants()[0].name;
  const p50 = (name: string, key: keyof Sample) => median(samples.get(name)!.map((s) => s[key]));
  return [...samples].flatMap(([name, xs]) => {
    const walls = xs.map((x) => x.wallMs);
    const vs = (key: keyof Sample) => (name === before ? '' : `; ${(p50(before, key) / p50(name, key)).toFixed(2)}× less than before`);
    return [
      { name: `${kind}: ${name}`, metric: wallMetric, value: p50(name, 'wallMs'), unit: 'ms', note: `min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)} ms over ${xs.length}${vs('wallMs')}` },
      { name: `${kind}: ${name}`, metric: cpuMetric, value: p50(name, 'cpuMs'), unit: 'ms', note: `user + system${vs('cpuMs')}` },
    ];
  });
}

export default async function startupBench(): Promise<BenchResult[]> {
  await ensureBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-bench-startup-'));
  const server = new Map<string, Sample[]>(variants().map((v) => [v.name, []]));
  const cli = new Map<string, Sample[]>(variants().map((v) => [v.name, []]));
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
  return [...rows('server cold start', 'to /healthz p50', 'cpu start+stop p50', server), ...rows('CLI seed question', 'spawn to exit p50', 'cpu p50', cli)];
}
