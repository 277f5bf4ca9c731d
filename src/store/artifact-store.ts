/**
 * Where artifacts (chart PNGs) live: `<DATA_DIR>/runs/<runId>/<name>`, beside the run's event log.
 * Events carry a reference (the run id and the name), never the bytes or the path.
 *
 * The files have a size cap (ARTIFACT_MAX_MB, issue 14: 3 000 runs stored 817 MB of PNGs): past it, the oldest
 * charts are deleted first. A run keeps its events and answer; only the picture goes (its URL then answers 404).
 * The index is built from the folder at the first save (oldest first by modification time), then kept in memory.
 */
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ArtifactStore } from '../tools/artifacts.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SAFE_RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** What counts as an artifact when the folder is indexed (events.jsonl and seq.reserved are the store's). */
const ARTIFACT_FILE = /\.(?:png|jpe?g|svg|webp)$/i;

export type FileArtifactStoreOptions = {
  /** Cap on the bytes of all artifact files; 0 or undefined: no cap. */
  readonly maxBytes?: number;
  readonly logger?: Logger;
};

export class FileArtifactStore implements ArtifactStore {
  /** `runId/name` → bytes, oldest first (Map keeps insertion order). */
  private readonly index = new Map<string, number>();
  private totalBytes = 0;
  private indexed?: Promise<void>;
  private evicted = 0;

  constructor(
    private readonly dataDir: string,
    private readonly options: FileArtifactStoreOptions = {},
  ) {}

  runDir(runId: string): string {
    if (!SAFE_RUN_ID.test(runId)) throw new Error(`invalid run id: ${runId}`);
    return path.join(this.dataDir, 'runs', runId);
  }

  async save(runId: string, name: string, bytes: Buffer, _mime?: string): Promise<void> {
    if (!SAFE_NAME.test(name)) throw new Error(`invalid artifact name: ${name}`);
    const dir = this.runDir(runId);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), bytes);
    if (this.options.maxBytes) await this.account(`${runId}/${name}`, bytes.length);
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

  /** Bytes on disk as far as the index knows, and how many files the cap has evicted (for tests and health). */
  usage(): { bytes: number; files: number; evicted: number } {
    return { bytes: this.totalBytes, files: this.index.size, evicted: this.evicted };
  }

  private async account(key: string, size: number): Promise<void> {
    await (this.indexed ??= this.scan());
    this.totalBytes -= this.index.get(key) ?? 0;
    this.index.delete(key);
    this.index.set(key, size);
    this.totalBytes += size;
    const max = this.options.maxBytes ?? 0;
    for (const [oldest, bytes] of this.index) {
      if (this.totalBytes <= max || oldest === key) break;
      this.index.delete(oldest);
      this.totalBytes -= bytes;
      this.evicted++;
      const [runId, name] = oldest.split('/');
      await unlink(path.join(this.dataDir, 'runs', runId, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') this.options.logger?.warn({ err: error, runId, name }, 'could not evict an artifact');
      });
    }
  }

  /** Existing artifact files, oldest first, so a restart keeps evicting in age order. */
  private async scan(): Promise<void> {
    const runs = path.join(this.dataDir, 'runs');
    const found: { key: string; size: number; mtime: number }[] = [];
    for (const runId of await readdir(runs).catch(() => [] as string[])) {
      if (!SAFE_RUN_ID.test(runId)) continue;
      for (const name of await readdir(path.join(runs, runId)).catch(() => [] as string[])) {
        if (!SAFE_NAME.test(name) || !ARTIFACT_FILE.test(name)) continue;
        const info = await stat(path.join(runs, runId, name)).catch(() => undefined);
        if (info?.isFile()) found.push({ key: `${runId}/${name}`, size: info.size, mtime: info.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    for (const f of found) {
      if (this.index.has(f.key)) continue;
      this.index.set(f.key, f.size);
      this.totalBytes += f.size;
    }
  }
}
