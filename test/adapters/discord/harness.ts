/** Starts the fake Discord and the real adapter (real discord.js client) against it, for one test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { EventDedupe } from '../../../src/adapters/shared/event-dedupe.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { RunApi } from '../../../src/pipeline/run/run-api.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-server.js';

export type Harness = { discord: FakeDiscord; adapter: DiscordAdapter; config: Config; dataDir: string; logs: Record<string, unknown>[]; close(): Promise<void> };

export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'marketdesk-discord-'));
}

export async function startHarness(options: { runs: RunApi | ((config: Config) => RunApi); dataDir?: string; env?: Record<string, string>; editIntervalMs?: number; dedupe?: EventDedupe }): Promise<Harness> {
  const discord = await startFakeDiscord({ heartbeatIntervalMs: 2000 });
  const dataDir = options.dataDir ?? (await tempDataDir());
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const { logger, logs } = captureLogs();
  const runs = typeof options.runs === 'function' ? options.runs(config) : options.runs;
  const adapter = createDiscordAdapter({ config, logger, runs, editIntervalMs: options.editIntervalMs, stopGraceMs: 2000, ...(options.dedupe ? { dedupe: options.dedupe } : {}) });
  await adapter.start();
  return {
    discord,
    adapter,
    config,
    dataDir,
    logs,
    async close() {
      await adapter.stop();
      await runs.drain(5000);
      await discord.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs captured so tests can assert there were no errors, and dumped when DEBUG_DISCORD is set. */
export function captureLogs(): { logger: pino.Logger; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => { const entry = JSON.parse(line) as Record<string, unknown>; logs.push(entry); if (process.env.DEBUG_DISCORD) process.stderr.write(line); } });
  return { logger, logs };
}

/** Level ≥ 50 (error) log lines, for "no errors" assertions. */
export function errorLogs(logs: Record<string, unknown>[]): Record<string, unknown>[] {
  return logs.filter((l) => typeof l.level === 'number' && l.level >= 50);
}
