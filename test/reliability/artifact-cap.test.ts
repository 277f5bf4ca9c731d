/**
 * Issue 14, failure 8 (storage): chart files have a size cap; past it the oldest are evicted first, across a
 * restart too (the index is rebuilt from the folder by age).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileArtifactStore } from '../../src/store/artifact-store.js';
import { loadConfig } from '../../src/config.js';

const KB = 1024;
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function bytesOnDisk(root: string): Promise<number> {
  let total = 0;
  for (const run of await readdir(path.join(root, 'runs'))) for (const f of await readdir(path.join(root, 'runs', run))) total += (await stat(path.join(root, 'runs', run, f))).size;
  return total;
}

describe('the chart storage cap', () => {
  it('is on by default (ARTIFACT_MAX_MB)', () => {
    expect(loadConfig({}).ARTIFACT_MAX_MB).toBeGreaterThan(0);
  });

  it('evicts the oldest charts first and keeps the total under the cap, across a restart', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-cap-'));
    const store = new FileArtifactStore(dir, { maxBytes: 350 * KB });
    for (let i = 0; i < 10; i++) await store.save(`run${i}`, 'chart.png', Buffer.alloc(100 * KB, i), 'image/png');
    expect(await bytesOnDisk(dir)).toBeLessThanOrEqual(350 * KB);
    expect(store.usage()).toMatchObject({ files: 3, evicted: 7 });
    expect(await store.read('run0', 'chart.png')).toBeUndefined();
    expect(await store.read('run6', 'chart.png')).toBeUndefined();
    expect((await store.read('run9', 'chart.png'))?.length).toBe(100 * KB);
    expect((await store.read('run7', 'chart.png'))?.length).toBe(100 * KB);

    const again = new FileArtifactStore(dir, { maxBytes: 350 * KB });
    await again.save('run10', 'chart.png', Buffer.alloc(100 * KB, 10), 'image/png');
    expect(await again.read('run7', 'chart.png')).toBeUndefined(); // the oldest left on disk went first
    expect((await again.read('run10', 'chart.png'))?.length).toBe(100 * KB);
    expect(await bytesOnDisk(dir)).toBeLessThanOrEqual(350 * KB);
  });

  it('no cap when 0', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-cap-'));
    const store = new FileArtifactStore(dir, { maxBytes: 0 });
    for (let i = 0; i < 5; i++) await store.save(`run${i}`, 'chart.png', Buffer.alloc(100 * KB), 'image/png');
    expect(await bytesOnDisk(dir)).toBe(500 * KB);
  });
});
