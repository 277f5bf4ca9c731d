/**
 * The Slack adapter: a reader of run event logs, driven by Slack triggers. Uses only the run API.
 *
 *   const slack = createSlackAdapter({ config, logger, runs });
 *   createHttpServer({ ..., mounts: slack.router ? [{ path: '/slack/events', router: slack.router }] : [] });
 *   await slack.start();   // auth.test (and the Socket Mode connection when SLACK_APP_TOKEN is set)
 *   await slack.stop();
 */
import type { App } from '@slack/bolt';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { RunApi, RunState } from '../../pipeline/index.js';
import { statusView as sharedStatusView, type StatusView } from '../../render/views/status-view.js';
import { MemoryEventDedupe, type EventDedupe } from '../shared/event-dedupe.js';
import { EditGates } from '../shared/edit-throttle.js';
import type { RunFollower } from '../shared/run-follower.js';
import { registerListeners } from './listeners.js';
import { createSlackTransport } from './receiver.js';
import type { SlackMessage } from './render-status.js';
import { followSlackRun, slackErrorText, type RunTarget } from './run-session.js';
import type { StreamFrame } from './render-stream.js';
import { followSlackRunStreaming } from './stream-session.js';
import { createSlackChannelPoster, registerWatchCommands } from './watch-commands.js';
import type { WatchService } from '../../watch/watch-service.js';
import type { ChannelPoster } from '../../watch/delivery.js';

export type SlackAdapterOptions = {
  readonly config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL'>;
  readonly logger: Logger;
  readonly runs: RunApi;
  /** Redelivery dedupe (shared across processes in the scale-out). @default this process's memory */
  readonly dedupe?: EventDedupe;
  /** Minimum gap between two edits of one status message. @default 1000 */
  readonly editIntervalMs?: number;
  /**
   * Stream answers (`chat.startStream` with the plan's tasks, then the answer word by word) instead of a status
   * message edited with `chat.update` and the answer posted after. Falls back to the latter when streaming fails.
   * @default false
   */
  readonly streaming?: boolean;
  /** The platform-neutral status view. @default `src/render/views/status-view.ts` */
  readonly statusView?: (state: RunState) => StatusView;
  /** Watchlists, digests, alerts: `/watch`, `/digest`, `/alert` and the "Add to watchlist" button (issue 17). */
  readonly watch?: WatchService;
};

export type SlackAdapter = {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  /** HTTP mode: mount at `/slack/events` before any body parser (Bolt needs the raw body for the signature). */
  readonly router?: Router;
  start(): Promise<void>;
  /** Stops following runs (pending edits are dropped) and closes the Socket Mode connection. */
  stop(): Promise<void>;
  /** Resolves when every followed run has been delivered (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Posts a digest or alert run to a channel (issue 17). */
  readonly postToChannel: ChannelPoster;
};

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const logger = options.logger.child({ adapter: 'slack' });
  const transport = createSlackTransport(options.config, logger);
  const sessions = new Set<RunFollower<SlackMessage> | RunFollower<StreamFrame>>();
  const gates = new EditGates();
  const statusView = options.statusView ?? sharedStatusView;

  const dedupe = options.dedupe ?? new MemoryEventDedupe();
  const follow = (target: RunTarget) => {
    const deps = { runs: options.runs, client: transport.client, editClient: transport.editClient, gates, logger, statusView, editIntervalMs: options.editIntervalMs, dedupe };
    const session = options.streaming ? followSlackRunStreaming(deps, target) : followSlackRun(deps, target);
    sessions.add(session);
    void session
      .start()
      .then(() => session.finished)
      .catch((error: unknown) => logger.error({ err: slackErrorText(error) }, 'slack: run session failed'))
      .finally(() => sessions.delete(session));
  };

  registerListeners(transport.app, {
    runs: options.runs,
    client: transport.client,
    dedupe,
    logger,
    follow,
  });

  if (options.watch) registerWatchCommands(transport.app, { watch: options.watch, logger });

  let started = false;
  return {
    app: transport.app,
    mode: transport.mode,
    router: transport.router,
    postToChannel: createSlackChannelPoster(transport.client, follow),
    async start() {
      if (started) return;
      try {
        // auth.test: a bad token fails here with a clear message, not on the first mention.
        await transport.app.init();
        if (transport.mode === 'socket') await transport.app.start();
      } catch (error) {
        throw new Error(`Slack adapter could not start: ${slackErrorText(error)} (check SLACK_BOT_TOKEN${transport.mode === 'socket' ? ' and SLACK_APP_TOKEN' : ''})`, { cause: error });
      }
      started = true;
      logger.info({ mode: transport.mode }, 'slack adapter started');
    },
    async stop() {
      for (const session of sessions) session.close();
      sessions.clear();
      if (started && transport.mode === 'socket') await transport.app.stop();
      started = false;
    },
    async idle() {
      while (sessions.size > 0) await Promise.all([...sessions].map((s) => s.finished));
    },
  };
}
