/**
 * Where artifacts (chart PNGs) live: `<DATA_DIR>/runs/<runId>/<name>`, beside the run's event log.
 * Events carry a reference (the run id and the name), never the bytes or the path.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactStore } from '../tools/artifacts.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SAFE_RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class FileArtifactStore implements ArtifactStore {
  constructor(private readonly dataDir: string) {}

  runDir(runId: string): string {
    if (!SAFE_RUN_ID.test(runId)) throw new Error(`invalid run id: ${runId}`);
    return path.join(this.dataDir, 'runs', runId);
  }

  async save(runId: string, name: string, bytes: Buffer, _mime?: string): Promise<void> {
    if (!SAFE_NAME.test(name)) throw new Error(`invalid artifact name: ${name}`);
    const dir = this.runDir(runId);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), bytes);
  }

  localPath(runId: string, name: string): string | undefined {
    if (!SAFE_NAME.test(name) || !SAFE_RUN_ID.test(runId)) return undefined;
    return path.join(this.runDir(runId), name);
  }

  async read(runId: string, name: string): Promise<Buffer | undefined> {
    if (!SAFE_NAME.test(name) || !SAFE_RUN_ID.test(runId)) return undefined;
    try {
      return await readFile(path.join(this.runDir(runId), name));
    } catch {
      return undefined;
    }
  }
}
