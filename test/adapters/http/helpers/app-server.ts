/** The real stack for integration tests and bench/http: createApp (offline defaults) + JSONL run store + the HTTP server. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../src/app/create-app.js';
import { loadConfig } from '../../../../src/config.js';
import { silentLogger } from '../../../../src/logger.js';
import { FileArtifactStore } from '../../../../src/store/artifact-store.js';
import { JsonlRunStore } from '../../../../src/store/jsonl-run-store.js';
import { createHttpServer, type HttpServerOptions } from '../../../../src/adapters/http/index.js';

export async function startAppServer(
  env: Record<string, string | undefined> = {},
  options: { dataDir?: string; http?: Pick<HttpServerOptions, 'rateLimit' | 'console'> } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'marketdesk-app-')));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const app = createApp(config, { logger: silentLogger });
  const store = new JsonlRunStore({ dataDir, events: app.events, logger: silentLogger, retentionDays: config.RUN_RETENTION_DAYS });
  const opened = await store.open();
  const http = createHttpServer({
    config: { ...config, PORT: 0 },
    logger: silentLogger,
    runs: app.pipeline,
    events: app.events,
    artifacts: new FileArtifactStore(dataDir),
    store,
    drainTimeoutMs: 2_000,
    ...options.http,
  });
  const { url, port } = await http.listen();
  return {
    url,
    port,
    app,
    store,
    http,
    opened,
    dataDir,
    async close(keepData = false) {
      await http.close();
      await store.close();
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
