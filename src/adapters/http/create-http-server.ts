/**
 * The one HTTP server of the process: the run API (/api), SSE, the web console (/), /healthz, and mounts for other
 * surfaces (Slack's HTTP mode at /slack/events). Mounts come before any body parser so they receive the raw body
 * (Slack verifies its signature over it); JSON parsing applies to /api only.
 *
 * `close()` is the graceful shutdown (SIGTERM): stop accepting connections, let in-flight runs finish up to
 * `drainTimeoutMs` (the ones still running are marked, so they end with a terminal event instead of vanishing),
 * end the SSE streams, close the remaining connections. The run store is flushed by whoever owns it.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isLoopback, type Config } from '../../config.js';
import type { RunApi } from '../../pipeline/index.js';
import { bearerAuth } from './bearer-auth.js';
import { createErrorHandler, sendError } from './http-error.js';
import { rateLimit, rateLimitSettings, type RateLimitOptions } from './rate-limit.js';
import { createRunsRouter } from './runs-router.js';
import { securityHeaders } from './security-headers.js';
import { SseHub, type SseOptions, type SseStats } from './sse-hub.js';
import { consoleFoldModule } from './console-fold.js';

export type HttpMount = { path: string; router: Router | RequestHandler };

export type HttpServerOptions = {
  readonly config: Pick<Config, 'PORT' | 'HOST' | 'API_TOKEN'> & Partial<Pick<Config, 'API_RATE_PER_MINUTE' | 'API_RATE_BURST'>>;
  readonly logger: Logger;
  readonly runs: RunApi;
  readonly mounts?: readonly HttpMount[];
  readonly sse?: SseOptions;
  /** Limit on POST /api/runs per client; `false` turns it off (benchmarks). @default from config (rateLimitSettings) */
  readonly rateLimit?: RateLimitOptions | false;
  /** @default 2000 */
  readonly maxQuestionChars?: number;
  /** @default '16kb' */
  readonly bodyLimit?: string;
  /** How long close() waits for in-flight runs before cancelling them (under the 20 s force-exit in index.ts). @default 15_000 */
  readonly drainTimeoutMs?: number;
  /**
   * A client must send its headers within `headersTimeoutMs` and its whole request within `requestTimeoutMs`
   * (streams we send, SSE, are not limited); at most `maxConnections` sockets at once.
   * @default { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, maxConnections: 1_000 }
   */
  readonly limits?: { headersTimeoutMs?: number; requestTimeoutMs?: number; maxConnections?: number };
  /** Serve the web console at /. @default true */
  readonly console?: boolean;
  /** /api/watch (watchlists, schedules, alerts; issue 17), behind the API's auth. */
  readonly watch?: Router;
  /** Health of the other parts (store, chat surfaces) for /healthz; any `ok: false` makes it `degraded`. */
  readonly health?: () => Record<string, { ok: boolean }>;
};

export type HttpServer = {
  app: Express;
  listen(): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  sseStats(): SseStats;
};

export const CONSOLE_DIR = fileURLToPath(new URL('./console/', import.meta.url));

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { config, runs } = options;
  const logger = options.logger.child({ component: 'http' });
  if (!isLoopback(config.HOST) && !config.API_TOKEN) throw new Error(`HOST=${config.HOST} is not loopback: set API_TOKEN to protect the HTTP API`);
  const sse = new SseHub(logger, options.sse);
  let draining = false;
  let server: Server | undefined;
  let closing: Promise<void> | undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(securityHeaders());
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => logger.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    next();
  });
  for (const mount of options.mounts ?? []) app.use(mount.path, mount.router);

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (draining) return sendError(res, 503, 'shutting_down', 'the server is shutting down');
    // Degraded is still 200: the API serves; `ok` and `checks` say which part needs attention.
    const checks = options.health?.() ?? {};
    const ok = Object.values(checks).every((c) => c.ok);
    res.json({ ok, status: ok ? 'ok' : 'degraded', uptimeS: Math.round(process.uptime()), sse: sse.stats().open, checks });
  });

  const limit = options.rateLimit ?? rateLimitSettings(config);
  const startLimiter: RequestHandler = limit === false ? (_req, _res, next) => next() : rateLimit(limit);
  app.use(
    '/api',
    bearerAuth(config.API_TOKEN),
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    express.json({ limit: options.bodyLimit ?? '16kb', strict: true }),
    ...(options.watch ? [Router().use('/watch', options.watch)] : []),
    createRunsRouter({
      runs,
      sse,
      startLimiter,
      maxQuestionChars: options.maxQuestionChars ?? 2000,
      isDraining: () => draining,
    }),
  );

  if (options.console !== false) {
    app.get('/run-fold.js', (_req, res) => void res.type('text/javascript').send(consoleFoldModule()));
    app.use(express.static(CONSOLE_DIR, { index: 'index.html', fallthrough: true, dotfiles: 'ignore' }));
  }
  app.use((_req, res) => sendError(res, 404, 'not_found', 'not found'));
  app.use(createErrorHandler(logger));

  const listen = () =>
    new Promise<{ url: string; port: number }>((resolve, reject) => {
      if (server) return reject(new Error('already listening'));
      // Half-sent requests are cut off (a slow-loris client cannot hold sockets), checked every second.
      const limits = options.limits ?? {};
      const s = createServer({ headersTimeout: limits.headersTimeoutMs ?? 10_000, requestTimeout: limits.requestTimeoutMs ?? 15_000, connectionsCheckingInterval: 1_000 }, app);
      s.maxConnections = limits.maxConnections ?? 1_000;
      s.listen(config.PORT, config.HOST);
      server = s;
      s.once('error', (error: NodeJS.ErrnoException) => {
        server = undefined;
        reject(new Error(`HTTP server cannot listen on ${config.HOST}:${config.PORT}: ${error.code ?? error.message}`, { cause: error }));
      });
      s.once('listening', () => {
        const { port } = s.address() as AddressInfo;
        const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
        const url = `http://${host}:${port}`;
        logger.info(
          { url, console: options.console !== false, auth: config.API_TOKEN ? 'bearer' : 'off (loopback)', mounts: (options.mounts ?? []).map((m) => m.path) },
          'HTTP server listening',
        );
        resolve({ url, port });
      });
    });

  const shutdown = async () => {
    // While runs drain the server keeps listening and answers 503 to /healthz and new runs (the documented
    // behaviour; closing the listener first made them connection errors); it stops listening after the drain.
    draining = true;
    const s = server;
    const drainTimeoutMs = options.drainTimeoutMs ?? 15_000;
    const inFlight = (await runs.listRuns(1_000)).filter((r) => r.status === 'running').length;
    if (inFlight > 0) logger.info({ inFlight, timeoutMs: drainTimeoutMs }, 'waiting for in-flight runs');
    // Runs still going when the time is up are marked (run.failed shutdown), never left without an end.
    await runs.drain(drainTimeoutMs);
    const stopped = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
    sse.closeAll();
    if (s) {
      s.closeIdleConnections();
      // Requests still open after a grace period (a stuck client) do not hold the shutdown.
      const force = setTimeout(() => s.closeAllConnections(), 1_000);
      force.unref();
      await stopped;
      clearTimeout(force);
    }
    logger.info('HTTP server closed');
  };

  return {
    app,
    listen,
    close: () => (closing ??= shutdown()),
    sseStats: () => sse.stats(),
  };
}
