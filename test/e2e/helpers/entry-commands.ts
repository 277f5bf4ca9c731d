/**
 * The product's entry commands, read from package.json's scripts — the one place that names the entry files — so
 * the smoke tests and the start-up bench follow when src/ is rearranged:
 *   start       `npm start`           node with the tsx loader on src/…/index.ts
 *   start:prod  `npm run start:prod`  node on the compiled dist/…/index.js
 *   ask, ask:prod                     the CLI, the same two ways
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * What an npm script runs, as argv: without npm and without the shell's `exec`, `node` replaced by this node and
 * file arguments (`src/index.ts`, `dist/index.js`) made absolute, so it can be spawned directly from any directory.
 * (`--import tsx` still resolves from the working directory: run tsx commands from ROOT.)
 */
export function scriptArgv(name: string): string[] {
  const script = scripts[name];
  if (!script) throw new Error(`package.json has no "${name}" script`);
  const words = script.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();
  if (words.some((w) => /[|&;<>$`'"]/.test(w))) throw new Error(`the "${name}" script is not a plain command: ${script}`);
  return words.map((word, i) => {
    if (i === 0 && word === 'node') return process.execPath;
    return /\.(ts|js|mjs)$/.test(word) && !word.startsWith('-') ? path.resolve(ROOT, word) : word;
  });
}

/** The entry file of a script (its first .ts/.js argument), absolute. */
export function scriptEntry(name: string): string {
  const entry = scriptArgv(name).slice(1).find((w) => /\.(ts|js|mjs)$/.test(w));
  if (!entry) throw new Error(`the "${name}" script names no entry file`);
  return entry;
}

/**
 * `npm run build -- --if-stale --no-check`: compiles dist/ unless it was built from exactly these sources. Without
 * the type check (the same JavaScript; `npm test` has type-checked everything with `tsc --noEmit` before vitest).
 */
export async function ensureBuilt(): Promise<void> {
  const child = spawn('npm', ['run', '--silent', 'build', '--', '--if-stale', '--no-check'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed (${code}):\n${output}`);
}
