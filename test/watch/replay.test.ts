import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { csvRsiCrossings } from './helpers.js';

const run = promisify(execFile);
const cwd = new URL('../../', import.meta.url).pathname;

describe('npm run replay (spawned)', () => {
  it('prints the days NVDA RSI(14) crossed above 70, as computed independently from the CSV', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'replay', '--', '--from', '2026-04-01', '--to', '2026-05-15', '--alert', 'NVDA rsi above 70', '--json'], { cwd, timeout: 60_000 });
    const firings = stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { date: string; condition: string; figure: string });
    const expected = csvRsiCrossings('NVDA', 70, '2026-04-01', '2026-05-15');
    expect(expected.length).toBeGreaterThan(0);
    expect(firings.map((f) => f.date)).toEqual(expected);
    expect(firings.every((f) => f.condition === 'NVDA RSI(14) above 70')).toBe(true);
  }, 60_000);

  it('refuses bad usage with exit code 2 and the usage line', async () => {
    const failed = await run('npm', ['run', '-s', 'replay', '--', '--from', '2026-05-15', '--to', '2026-04-01'], { cwd, timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(2);
    expect((failed as { stderr: string }).stderr).toContain('usage: npm run replay');
  }, 60_000);
});
