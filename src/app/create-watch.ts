/**
 * Builds the watch feature (issue 17) for the composition root: the store (Redis when REDIS_URL is set, else
 * SQLite in DATA_DIR), the command service every surface calls, the scheduler, and the delivery that starts a
 * digest or alert run and hands it to the channel's platform to post.
 */
import type { App } from './create-app.js';
import { createDelivery, type ChannelPoster } from '../watch/delivery.js';
import type { RunApi } from '../pipeline/index.js';
import { RedisWatchStore } from '../watch/redis-watch-store.js';
import { SqliteWatchStore } from '../watch/sqlite-watch-store.js';
import { WatchScheduler } from '../watch/scheduler.js';
import { WatchService } from '../watch/watch-service.js';
import type { WatchStore } from '../watch/watch-store.js';
import type { ChannelRef } from '../watch/types.js';
import { symbolDirectoryFor } from '../tools/market/symbol-directory.js';

export type Watch = {
  store: WatchStore;
  service: WatchService;
  scheduler: WatchScheduler;
  /** Where posts for a platform go; set once that platform's adapter is up. */
  posters: Partial<Record<ChannelRef['platform'], ChannelPoster>>;
  describe(): string;
  stop(): Promise<void>;
};

export function createWatch(app: App, options: { now?: () => number; runs?: RunApi } = {}): Watch {
  const { config, logger } = app;
  const store: WatchStore = config.REDIS_URL ? new RedisWatchStore({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX }) : SqliteWatchStore.inDataDir(config.DATA_DIR);
  const posters: Watch['posters'] = {};
  // Distributed mode passes the Redis run API, so digest and alert runs are executed by the workers.
  const deliver = createDelivery(options.runs ?? app.pipeline, posters);
  const now = options.now ?? Date.now;
  const market = app.services.market;
  const service = new WatchService({ store, market, directory: symbolDirectoryFor(config.MARKET_DATA_DIR), deliver, now });
  // Finnhub serves live quotes: price alerts are then also checked intraday (one quote per symbol per tick).
  const intradayQuotes = Boolean(config.FINNHUB_API_KEY) && config.MARKET_DATA !== 'offline';
  const scheduler = new WatchScheduler({ store, market, deliver, logger: logger.child({ component: 'watch' }), now, intervalMs: config.WATCH_TICK_MS || 60_000, intradayQuotes });
  return {
    store,
    service,
    scheduler,
    posters,
    describe: () => `${config.REDIS_URL ? 'Redis' : `${config.DATA_DIR}/watch.sqlite`}; scheduler ${config.WATCH_TICK_MS ? `every ${config.WATCH_TICK_MS / 1000} s` : 'off'}`,
    async stop() {
      await scheduler.stop();
      await store.close();
    },
  };
}
