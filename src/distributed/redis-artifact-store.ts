/**
 * Chart artifacts readable from any web process: the worker that renders a chart stores the PNG in Redis (with a
 * TTL equal to the run stream's and a size cap) and on its own disk (the local copy the CLI prints). Redis rather
 * than a bucket because it is the one service distributed mode already needs; charts are ~50–150 kB, so a cap of
 * a few MB per artifact keeps memory bounded (an artifact over the cap stays local only, and says so in the log).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ArtifactStore } from '../tools/artifacts.js';
import type { RedisKeys } from './redis-keys.js';

export type RedisArtifactStoreOptions = {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly local: ArtifactStore;
  readonly logger: Logger;
  readonly ttlSeconds: number;
  /** @default 4 MiB */
  readonly maxBytes?: number;
};

export class RedisArtifactStore implements ArtifactStore {
  constructor(private readonly options: RedisArtifactStoreOptions) {}

  async save(runId: string, name: string, bytes: Buffer, mime: string): Promise<void> {
    const { redis, keys, local, ttlSeconds, logger } = this.options;
    await local.save(runId, name, bytes, mime);
    if (bytes.length > (this.options.maxBytes ?? 4 * 1024 * 1024)) {
      logger.warn({ runId, name, bytes: bytes.length }, 'artifact over the shared size cap; kept on this machine only');
      return;
    }
    await redis.set(keys.artifact(runId, name), bytes, 'EX', ttlSeconds);
  }

  async read(runId: string, name: string): Promise<Buffer | undefined> {
    const shared = await this.options.redis.getBuffer(this.options.keys.artifact(runId, name));
    return shared ?? (await this.options.local.read(runId, name));
  }

  localPath(runId: string, name: string): string | undefined {
    return this.options.local.localPath?.(runId, name);
  }
}
