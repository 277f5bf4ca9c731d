/** The real stack (createApp + startSurfaces) in this process, with its log lines captured for assertions. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../../../src/app/create-app.js';
import { startSurfaces, type StartSurfacesOptions } from '../../../src/app/start-surfaces.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';

export type LogLine = { level: number; msg: string; err?: { stack?: string } } & Record<string, unknown>;

export async function startInProcess(env: Record<string, string> = {}, options: StartSurfacesOptions = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'marketdesk-rel-'));
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', API_RATE_PER_MINUTE: '0', ...env });
  const logger = createLogger({ level: 'debug', destination: sink });
  const app = createApp(config, { logger });
  const surfaces = await startSurfaces(app, { ...options, http: { drainTimeoutMs: 3_000, ...options.http } });
  return {
    url: surfaces.url,
    app,
    surfaces,
    dataDir,
    lines,
    /** Log lines at warn or above (pino levels: 40 warn, 50 error). */
    loud: () => lines.filter((l) => l.level >= 40),
    async close() {
      await surfaces.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
