/**
 * Starts marketdesk the way a person or a supervisor does — `npm start`, `npm run start:prod`, `node dist/index.js` —
 * as a child process, waits for /healthz, and stops it with a signal to the PID that was started. The child leads a
 * process group of its own, so a test can tell whether *everything* it started has exited (npm, the shell, node,
 * tsx's esbuild service) and can clean up with one SIGKILL to the group if a test fails half-way.
 *
 * Nothing here imports src/: the product is observed from outside (HTTP, the fake platforms, exit status), so these
 * tests hold however the internals are arranged. Commands come from package.json's scripts (entry-commands.ts).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export type EntryProcess = {
  /** The PID that was started (npm's, or node's when started directly). */
  readonly pid: number;
  readonly url: string;
  readonly port: number;
  /** Everything the process group wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the started process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Is any process of the group still alive? */
  groupAlive(): boolean;
  /** Sends a signal to the started PID only (not the group): what a supervisor does. */
  signal(signal: NodeJS.Signals): void;
  /** Kills the whole group (SIGKILL) if anything of it is still running, and waits for the started PID to exit. */
  kill(): Promise<void>;
  /** Awaits `promise`; if it rejects, the error also carries the process's warnings and errors (its log lines ≥ 40). */
  explain<T>(promise: Promise<T>): Promise<T>;
};

export type StartEntryOptions = {
  /** argv, e.g. ['npm', 'start'] or [process.execPath, '/…/dist/index.js']. */
  readonly command: readonly string[];
  readonly cwd: string;
  /** Added to a clean environment (PATH, HOME, LANG, TZ, HOST, PORT, LOG_LEVEL=info): no DATA_DIR unless given. */
  readonly env?: Record<string, string>;
  /** @default 45_000 (a cold tsx start on a loaded 2-core CI machine) */
  readonly readyTimeoutMs?: number;
};

const MAX_OUTPUT = 2_000_000;

/** A port nobody listens on right now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startEntry(options: StartEntryOptions): Promise<EntryProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const [file, ...args] = options.command;
  const child = spawn(file, args, { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${options.command.join(' ')}`);
  const pid = child.pid;
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const entry: EntryProcess = {
    pid,
    url,
    port,
    output: () => output,
    exited,
    groupAlive,
    signal: (signal) => void process.kill(pid, signal),
    async kill() {
      if (groupAlive()) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (!hasExited) await exited;
    },
    async explain(promise) {
      try {
        return await promise;
      } catch (error) {
        const problems = output.split('\n').filter((line) => /"level":(4|5|6)\d/.test(line) || /Error|error:/.test(line) && !line.startsWith('{'));
        (error as Error).message += `\n--- ${options.command.join(' ')}: warnings and errors ---\n${problems.slice(-30).join('\n').slice(-6000)}`;
        throw error;
      }
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 45_000);
  for (;;) {
    if (hasExited) throw new Error(`${options.command.join(' ')} exited before /healthz answered:\n${output.slice(-4000)}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return entry;
    if (Date.now() > deadline) {
      await entry.kill();
      throw new Error(`${options.command.join(' ')}: /healthz did not answer within ${options.readyTimeoutMs ?? 45_000} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls until `check` holds (state, never a fixed sleep); rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Does anything accept connections at `url`/healthz? */
export async function healthzAnswers(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );
}
