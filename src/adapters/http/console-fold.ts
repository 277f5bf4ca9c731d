/**
 * The web console folds SSE events with the very same `applyEvent` every other surface uses: the server serves
 * src/pipeline/events/reduce.ts, stripped of its types by esbuild (once, on first request), as the ES module
 * `/run-fold.js`. No second copy of the fold to keep in step. reduce.ts has only type imports, so a per-file
 * transform is enough.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const REDUCE_SOURCE = fileURLToPath(new URL('../../pipeline/events/reduce.ts', import.meta.url));
let module: string | undefined;

export function consoleFoldModule(): string {
  module ??= transformSync(readFileSync(REDUCE_SOURCE, 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022', sourcefile: 'run-fold.ts' }).code;
  return module;
}
