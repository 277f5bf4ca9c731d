export { createHttpServer, CONSOLE_DIR, type HttpServer, type HttpServerOptions, type HttpMount } from './create-http-server.js';
export type { ConsoleAbout } from './runs-router.js';
export type { SseOptions, SseStats } from './sse-hub.js';
export type { RateLimitOptions } from './rate-limit.js';
