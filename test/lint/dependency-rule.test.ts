/**
 * The dependency rule is enforced, not just written down: `npm run lint` (dependency-cruiser with
 * .dependency-cruiser.cjs) passes on src/ and fails on planted violations — a surface reaching into the pipeline, a
 * lower layer importing a higher one, two surfaces importing each other.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');

async function lint(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', path.join(ROOT, '.dependency-cruiser.cjs')], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

let planted = '';
beforeAll(async () => {
  // A copy of src/ with three violations planted (the real tree is never touched).
  planted = await mkdtemp(path.join(tmpdir(), 'marketdesk-lint-'));
  await cp(path.join(ROOT, 'src'), path.join(planted, 'src'), { recursive: true });
  await cp(path.join(ROOT, 'tsconfig.json'), path.join(planted, 'tsconfig.json'));
  await writeFile(path.join(planted, 'src/adapters/slack/planted-executor.ts'), "export { Execution } from '../../pipeline/execute/executor.js';\n");
  await writeFile(path.join(planted, 'src/tools/market/planted-up.ts'), "export type { RunState } from '../../pipeline/index.js';\n");
  await mkdir(path.join(planted, 'src/adapters/discord'), { recursive: true });
  await writeFile(path.join(planted, 'src/adapters/discord/planted-cross.ts'), "export { classifySlackEditError } from '../slack/run-session.js';\n");
}, 60_000);
afterAll(async () => {
  if (planted) await rm(planted, { recursive: true, force: true });
});

describe('npm run lint (the dependency rule)', () => {
  it('passes on src/', async () => {
    const result = await lint(ROOT);
    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  }, 60_000);

  it('fails on planted violations, naming each rule', async () => {
    const result = await lint(planted);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/surfaces-use-the-run-api: src\/adapters\/slack\/planted-executor\.ts → src\/pipeline\/execute\/executor\.ts/);
    expect(result.output).toMatch(/layer-market: src\/tools\/market\/planted-up\.ts → src\/pipeline\/index\.ts/);
    expect(result.output).toMatch(/surfaces-are-independent: src\/adapters\/discord\/planted-cross\.ts → src\/adapters\/slack\/run-session\.ts/);
  }, 60_000);
});
