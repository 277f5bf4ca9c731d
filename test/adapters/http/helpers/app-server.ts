/** The real stack for integration tests and bench/http, composed as `npm start` composes it: createApp + startSurfaces. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../src/app/create-app.js';
import { startSurfaces, type StartSurfacesOptions } from '../../../../src/app/start-surfaces.js';
import { loadConfig } from '../../../../src/config.js';
import { silentLogger } from '../../../../src/logger.js';

export async function startAppServer(env: Record<string, string | undefined> = {}, options: { dataDir?: string; http?: StartSurfacesOptions['http'] } = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'marketdesk-app-')));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app = createApp(config, { logger: silentLogger });
  const surfaces = await startSurfaces(app, { http: { drainTimeoutMs: 2_000, ...options.http } });
  const port = Number(new URL(surfaces.url).port);
  return {
    url: surfaces.url,
    port,
    app,
    store: surfaces.store,
    http: surfaces.http,
    opened: surfaces.opened,
    dataDir,
    async close(keepData = false) {
      await surfaces.stop();
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
