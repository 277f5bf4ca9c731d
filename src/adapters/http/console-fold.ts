/**
 * The web console folds SSE events with the very same `applyEvent` every other surface uses: the server serves
 * src/pipeline/events/reduce.ts, stripped of its types by esbuild (once, on first request), as the ES module
 * `/run-fold.js`. No second copy of the fold to keep in step. reduce.ts has only type imports, so a per-file
 * transform is enough.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

// `.ts` when run from src/ (tsx), `.js` when compiled to dist/ (`npm run build`): the fold beside this module.
const EXT = path.extname(fileURLToPath(import.meta.url));
const REDUCE_SOURCE = fileURLToPath(new URL(`../../pipeline/events/reduce${EXT}`, import.meta.url));
let module: string | undefined;

export function consoleFoldModule(): string {
  module ??= transformSync(readFileSync(REDUCE_SOURCE, 'utf8'), { loader: EXT === '.ts' ? 'ts' : 'js', format: 'esm', target: 'es2022', sourcefile: 'run-fold.ts' }).code;
  return module;
}
