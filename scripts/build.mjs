#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ to dist/ with tsc (tsconfig.build.json) so production runs plain JavaScript
 * (`node dist/index.js`, no tsx, no transpiling at start-up), then copies what the runtime reads beside the code:
 * every file under src/ that is not TypeScript (the web console's HTML/JS/CSS). Code finds those files, prompts/
 * and data/ through `import.meta.url`, and dist/ mirrors src/ file for file, so the same relative paths hold in both.
 *
 * dist/ is wiped first (a file deleted from src/ must not survive in dist/). dist/build-info.json records a hash of
 * the sources; `--if-stale` skips the build when it matches. `--no-check` emits without type-checking (tsc
 * --noCheck: the same JavaScript, about half the time) for the smoke tests, which run after `tsc --noEmit` has
 * checked everything; the production build keeps the check.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const infoFile = path.join(dist, 'build-info.json');

/** Every file under `dir`, as paths relative to it, sorted (stable hashes). */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** What dist/ is built from: the sources and the compiler settings. */
function sourceHash() {
  const hash = createHash('sha256');
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs']) hash.update(`${file}\0`).update(readFileSync(path.join(root, file)));
  for (const file of listFiles(src)) hash.update(`src/${file}\0`).update(readFileSync(path.join(src, file)));
  return hash.digest('hex');
}

const hash = sourceHash();
const noCheck = process.argv.includes('--no-check');
if (process.argv.includes('--if-stale') && existsSync(infoFile)) {
  const info = JSON.parse(readFileSync(infoFile, 'utf8'));
  // An unchecked build is up to date only for callers that do not need the check either.
  if (info.sourceHash === hash && (info.typesChecked || noCheck)) {
    process.stdout.write('dist/ is up to date\n');
    process.exit(0);
  }
}

const started = performance.now();
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const check = noCheck ? ['--noCheck'] : [];
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), ...check], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`build failed: tsc exited with ${result.status ?? result.signal}\n`);
  process.exit(1);
}
let assets = 0;
for (const file of listFiles(src)) {
  if (file.endsWith('.ts')) continue; // compiled (or, for .d.ts, types only)
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  copyFileSync(path.join(src, file), path.join(dist, file));
  assets += 1;
}
writeFileSync(infoFile, `${JSON.stringify({ sourceHash: hash, typesChecked: !noCheck, builtAt: new Date().toISOString() }, null, 2)}\n`);
process.stdout.write(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s (${assets} assets copied${check.length ? ', types not checked' : ''})\n`);
