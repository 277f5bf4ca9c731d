/**
 * `npm start`: the server with every surface that is configured. With nothing configured it runs fully offline
 * (offline dataset, builtin models) and serves the HTTP API + web console on 127.0.0.1:3000.
 */
import { createApp } from './app/create-app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { secretValues } from './secrets.js';
import { checkFonts } from './render/charts/font-check.js';
import { startSurfaces } from './app/start-surfaces.js';
import { connectShared, startDistributed } from './app/start-distributed.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  // Refuse to start rather than post charts with missing glyphs (tofu) or a substituted font.
  await checkFonts({ rasterizer: config.CHART_RASTERIZER });
  // REDIS_URL switches to distributed mode (web / worker roles meeting in Redis); unset, one process does it all.
  const shared = config.REDIS_URL ? connectShared({ ...config, REDIS_URL: config.REDIS_URL }, logger) : undefined;
  const app = createApp(config, { logger, ...(shared ? { artifacts: shared.artifacts, marketDeps: shared.marketDeps } : {}) });
  const surfaces = shared ? await startDistributed(app, shared) : await startSurfaces(app);
  logger.info({ surfaces: surfaces.describe(), ...app.describe() }, `marketdesk is up: ${surfaces.summary()}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight runs');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await surfaces.stop();
    clearTimeout(force);
    logger.info('bye');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

main().catch((error) => {
  process.stderr.write(`marketdesk failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
