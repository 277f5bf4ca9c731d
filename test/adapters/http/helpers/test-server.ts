/** Starts the real HTTP server on 127.0.0.1:0 over scripted runs (the real run API shell and event log) and a real JSONL store. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../../src/logger.js';
import { FileArtifactStore } from '../../../../src/store/artifact-store.js';
import { JsonlRunStore } from '../../../../src/store/jsonl-run-store.js';
import { createHttpServer, type HttpServerOptions } from '../../../../src/adapters/http/index.js';
import { createScriptedRunApi } from './scripted-run-api.js';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export async function startTestServer(options: Partial<Pick<HttpServerOptions, 'sse' | 'rateLimit' | 'mounts' | 'drainTimeoutMs' | 'maxQuestionChars'>> & { apiToken?: string; dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'marketdesk-http-')));
  const artifacts = new FileArtifactStore(dataDir);
  const api = createScriptedRunApi({ artifacts });
  const log = api.log;
  const store = new JsonlRunStore({ dataDir, events: log, logger: silentLogger, flushDelayMs: 5 });
  const opened = await store.open();
  const http = createHttpServer({
    config: { PORT: 0, HOST: '127.0.0.1', API_TOKEN: options.apiToken },
    logger: silentLogger,
    runs: api,
    rateLimit: options.rateLimit ?? false,
    ...(options.sse ? { sse: options.sse } : {}),
    ...(options.mounts ? { mounts: options.mounts } : {}),
    drainTimeoutMs: options.drainTimeoutMs ?? 200,
    ...(options.maxQuestionChars ? { maxQuestionChars: options.maxQuestionChars } : {}),
  });
  const { url } = await http.listen();
  return {
    url,
    api,
    log,
    store,
    artifacts,
    http,
    dataDir,
    opened,
    /** Closes the server and the store; removes the data dir unless `keepData`. */
    async close(keepData = false) {
      await http.close();
      await store.close();
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postRun(url: string, question: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ question }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}
