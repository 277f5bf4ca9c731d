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
import { consoleAbout } from './console-about.js';
import type { RunStoreOpenResult } from '../store/run-store.js';
import type { RunApi } from '../pipeline/index.js';
import type { EventLog } from '../pipeline/events/event-log.js';
import type { EventDedupe } from '../adapters/shared/event-dedupe.js';
import { createWatch, type Watch } from './create-watch.js';
import { createWatchRouter } from '../adapters/http/watch-router.js';
import { superviseStart, type SupervisedStart } from './supervise-start.js';

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
  /** Watchlists, digests and alerts (issue 17). */
  readonly watch: Watch;
  describe(): Record<string, string>;
  /** What /healthz reports per part: the store (writes) and each chat surface (connected or retrying). */
  health(): Record<string, { ok: boolean }>;
  summary(): string;
  stop(): Promise<void>;
};

/** Knobs tests and benchmarks turn; `npm start` uses none. */
export type StartSurfacesOptions = {
  readonly http?: Partial<Pick<HttpServerOptions, 'rateLimit' | 'console' | 'drainTimeoutMs' | 'sse' | 'limits'>>;
  /** Store writes are batched this long (ms). @default the store's own */
  readonly storeFlushDelayMs?: number;
  /** The run API surfaces use. @default the app's pipeline (one process); distributed mode passes Redis's */
  readonly runs?: RunApi;
  /** Shared redelivery dedupe for Slack/Discord (distributed mode). @default each adapter's in-memory one */
  readonly dedupe?: EventDedupe;
  /** The log the run store records and restores. @default the app's; distributed mode gives it its own */
  readonly storeEvents?: EventLog;
  /** The watch scheduler's clock (tests simulate time and call `watch.scheduler.tick()`). @default Date.now */
  readonly watchNow?: () => number;
};

export async function startSurfaces(app: App, options: StartSurfacesOptions = {}): Promise<RunningSurfaces> {
  const { config, logger } = app;
  const surfaces: Surface[] = [];

  // The store first: it restores past runs and marks interrupted ones before any surface can start a run.
  const store = new JsonlRunStore({
    dataDir: config.DATA_DIR,
    events: options.storeEvents ?? app.events,
    logger,
    retentionDays: config.RUN_RETENTION_DAYS,
    flushDelayMs: options.storeFlushDelayMs ?? config.RUN_STORE_FLUSH_MS,
  });
  const restored = await store.open();
  surfaces.push({ name: 'store', detail: `${config.DATA_DIR}/runs: ${restored.restored} past runs, ${restored.interrupted.length} marked interrupted`, stop: () => store.close() });

  const runs = options.runs ?? app.pipeline;
  const dedupe = options.dedupe ? { dedupe: options.dedupe } : {};
  // Streamed answers when synthesis is a model that streams (or SLACK_STREAMING=on); the builtin writer's few
  // sections read better as one message.
  const streaming = config.SLACK_STREAMING === 'on' || (config.SLACK_STREAMING === 'auto' && app.streamsAnswers);
  // Watchlists, digests and alerts: the store opens before any surface takes a command; stopped after them.
  // Digest and alert runs go through the same run API as everything else (to the workers in distributed mode).
  const watch = createWatch(app, { ...(options.watchNow ? { now: options.watchNow } : {}), runs });
  surfaces.push({ name: 'watch', detail: watch.describe(), stop: () => watch.stop() });

  // Chat surfaces connect under supervision: one that cannot connect is retried, the rest keeps serving.
  const supervised = new Map<string, SupervisedStart>();
  const health = (): Record<string, { ok: boolean }> => ({
    store: store.health(),
    ...Object.fromEntries([...supervised].map(([name, s]) => [name, s.health()])),
  });
  const slack = config.SLACK_BOT_TOKEN ? createSlackAdapter({ config, logger, runs, watch: watch.service, streaming, ...dedupe }) : undefined;
  const http = createHttpServer({
    config,
    logger,
    runs,
    mounts: slack?.router ? [{ path: '/slack/events', router: slack.router }] : [],
    about: consoleAbout(config),
    watch: createWatchRouter({ store: watch.store, service: watch.service, runs }),
    health,
    ...options.http,
  });
  const { url } = await http.listen();
  // http.close() drains in-flight runs (finish or mark them) before closing connections.
  surfaces.push({ name: 'http', detail: `${url} (web console + API)`, stop: () => http.close() });

  if (slack) {
    watch.posters.slack = slack.postToChannel;
    const run = superviseStart('slack', () => slack.start(), { logger });
    supervised.set('slack', run);
    await run.firstAttempt;
    surfaces.push({ name: 'slack', detail: slack.mode === 'socket' ? 'Socket Mode' : `HTTP mode at ${url}/slack/events`, stop: () => (run.cancel(), slack.stop()) });
  }
  let discord: DiscordAdapter | undefined;
  if (config.DISCORD_TOKEN) {
    const started = createDiscordAdapter({ config, logger, runs, watch: watch.service, ...dedupe });
    watch.posters.discord = started.postToChannel;
    const run = superviseStart('discord', () => started.start(), { logger });
    supervised.set('discord', run);
    await run.firstAttempt;
    discord = started;
    surfaces.push({ name: 'discord', detail: 'gateway', stop: () => (run.cancel(), started.stop()) });
  }
  surfaces.push({ name: 'cli', detail: 'npm run ask -- "question"', stop: async () => {} });
  if (config.WATCH_TICK_MS > 0) watch.scheduler.start();

  return {
    url,
    store,
    opened: restored,
    http,
    slack,
    discord,
    watch,
    describe: () => Object.fromEntries(surfaces.map((s) => [s.name, s.detail])),
    health,
    summary: () => surfaces.filter((s) => s.name !== 'store').map((s) => `${s.name} (${s.detail})`).join(', '),
    stop: async () => {
      for (const surface of [...surfaces].reverse()) {
        await surface.stop().catch((error) => logger.warn({ err: error, surface: surface.name }, 'error while stopping'));
      }
      await runs.drain(1_000);
      // Last, once no run renders any more: the chart workers (a shutdown leaves no thread behind).
      await app.close();
    },
  };
}
