/**
 * Starts the surfaces that are configured — the run store and the HTTP API + web console always; Slack and
 * Discord when their tokens are set — and stops them in reverse order: stop taking new work, let in-flight runs
 * finish (or mark them), close connections, flush the store.
 */
import type { App } from './create-app.js';
import { createHttpServer, type HttpServer, type HttpServerOptions } from '../adapters/http/index.js';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { createDiscordAdapter, type DiscordAdapter } from '../adapters/discord/index.js';
import { JsonlRunStore } from '../store/jsonl-run-store.js';
import type { RunStoreOpenResult } from '../store/run-store.js';

export type Surface = { name: string; detail: string; stop(): Promise<void> };

export type RunningSurfaces = {
  /** The HTTP server's base URL. */
  url: string;
  readonly store: JsonlRunStore;
  /** What the store found at start-up (past runs restored, interrupted ones marked). */
  readonly opened: RunStoreOpenResult;
  readonly http: HttpServer;
  readonly slack?: SlackAdapter;
  readonly discord?: DiscordAdapter;
  describe(): Record<string, string>;
  summary(): string;
  stop(): Promise<void>;
};

/** Knobs tests and benchmarks turn; `npm start` uses none. */
export type StartSurfacesOptions = {
  readonly http?: Partial<Pick<HttpServerOptions, 'rateLimit' | 'console' | 'drainTimeoutMs' | 'sse'>>;
  /** Store writes are batched this long (ms). @default the store's own */
  readonly storeFlushDelayMs?: number;
};

export async function startSurfaces(app: App, options: StartSurfacesOptions = {}): Promise<RunningSurfaces> {
  const { config, logger } = app;
  const surfaces: Surface[] = [];

  // The store first: it restores past runs and marks interrupted ones before any surface can start a run.
  const store = new JsonlRunStore({
    dataDir: config.DATA_DIR,
    events: app.events,
    logger,
    retentionDays: config.RUN_RETENTION_DAYS,
    ...(options.storeFlushDelayMs !== undefined ? { flushDelayMs: options.storeFlushDelayMs } : {}),
  });
  const restored = await store.open();
  surfaces.push({ name: 'store', detail: `${config.DATA_DIR}/runs: ${restored.restored} past runs, ${restored.interrupted.length} marked interrupted`, stop: () => store.close() });

  // Streamed answers when synthesis is a model that streams (or SLACK_STREAMING=on); the builtin writer's few
  // sections read better as one message.
  const streaming = config.SLACK_STREAMING === 'on' || (config.SLACK_STREAMING === 'auto' && app.streamsAnswers);
  const slack = config.SLACK_BOT_TOKEN ? createSlackAdapter({ config, logger, runs: app.pipeline, streaming }) : undefined;
  const http = createHttpServer({
    config,
    logger,
    runs: app.pipeline,
    mounts: slack?.router ? [{ path: '/slack/events', router: slack.router }] : [],
    ...options.http,
  });
  const { url } = await http.listen();
  // http.close() drains in-flight runs (finish or mark them) before closing connections.
  surfaces.push({ name: 'http', detail: `${url} (web console + API)`, stop: () => http.close() });

  if (slack) {
    await slack.start();
    surfaces.push({ name: 'slack', detail: slack.mode === 'socket' ? 'Socket Mode' : `HTTP mode at ${url}/slack/events`, stop: () => slack.stop() });
  }
  let discord: DiscordAdapter | undefined;
  if (config.DISCORD_TOKEN) {
    const started = createDiscordAdapter({ config, logger, runs: app.pipeline });
    await started.start();
    discord = started;
    surfaces.push({ name: 'discord', detail: 'gateway', stop: () => started.stop() });
  }
  surfaces.push({ name: 'cli', detail: 'npm run ask -- "question"', stop: async () => {} });

  return {
    url,
    store,
    opened: restored,
    http,
    slack,
    discord,
    describe: () => Object.fromEntries(surfaces.map((s) => [s.name, s.detail])),
    summary: () => surfaces.filter((s) => s.name !== 'store').map((s) => `${s.name} (${s.detail})`).join(', '),
    stop: async () => {
      for (const surface of [...surfaces].reverse()) {
        await surface.stop().catch((error) => logger.warn({ err: error, surface: surface.name }, 'error while stopping'));
      }
      await app.pipeline.drain(1_000);
    },
  };
}
