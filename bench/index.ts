/**
 * `npm run bench [-- name…]`: runs every bench/<name>.bench.ts (or the named ones) one after another in this
 * process, prints one table and writes bench/results/<timestamp>.json and bench/results/latest.json.
 * Comparisons (ours vs a baseline) are made inside each bench, side by side in the same run, because these 2-core
 * machines are noisy between runs.
 */
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const all: (BenchResult & { bench: string })[] = [];
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`running ${bench}…\n`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: () => Promise<BenchResult[]> };
  try {
    const results = await mod.default();
    all.push(...results.map((r) => ({ ...r, bench })));
  } catch (error) {
    process.stderr.write(`  ${bench} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    all.push({ bench, name: 'error', metric: 'failed', value: NaN, unit: '', note: String(error) });
  }
}

const rows = all.map((r) => [r.bench, r.name, r.metric, Number.isFinite(r.value) ? formatValue(r.value) : 'n/a', r.unit, r.note ?? '']);
const header = ['bench', 'case', 'metric', 'value', 'unit', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);

const out = path.join(here, 'results');
await mkdir(out, { recursive: true });
const payload = JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, results: all }, null, 2);
await writeFile(path.join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`), payload);
await writeFile(path.join(out, 'latest.json'), payload);
process.stderr.write(`wrote bench/results/latest.json\n`);
process.exit(0);

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4);
}
