/**
 * The transport: a Bolt App on Socket Mode (when SLACK_APP_TOKEN is set) or on an ExpressReceiver whose router the
 * project's HTTP server mounts at `/slack/events` (Bolt verifies the v0 signature over the raw body, rejects stale
 * timestamps and answers url_verification / ssl_check). Never holds a request open for the pipeline
 * (`processBeforeResponse: false`: events are acked before listeners run; commands and actions ack first).
 */
import { App, ExpressReceiver, webApi } from '@slack/bolt';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { BotError } from '../../errors.js';
import { boltLogger } from './bolt-logger.js';

export type SlackTransport = {
  app: App;
  mode: 'http' | 'socket';
  /** HTTP mode only: mount at `/slack/events` (it handles POST on its own root), before any body parser. */
  router?: Router;
  /** The main client (answers, uploads, posts). Retries 429s after Retry-After; its own queue. */
  client: webApi.WebClient;
  /** Edits only: fails fast on 429 (`rejectRateLimitedCalls`) so a rate-limited edit never pauses the main client. */
  editClient: webApi.WebClient;
};

type SlackConfig = Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL'>;

export function createSlackTransport(config: SlackConfig, logger: Logger): SlackTransport {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new BotError('slack_not_configured', 'SLACK_BOT_TOKEN is not set: the Slack adapter needs a bot token (xoxb-…)');
  const sdkLogger = boltLogger(logger);
  const apiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const clientOptions: webApi.WebClientOptions = {
    ...apiUrl,
    logger: sdkLogger,
    // The default policy (10 retries over ~30 min) would hold an answer for half an hour; a few quick tries are enough.
    retryConfig: { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true },
  };
  const editClient = new webApi.WebClient(token, { ...apiUrl, logger: sdkLogger, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });

  if (config.SLACK_APP_TOKEN) {
    const app = new App({ token, appToken: config.SLACK_APP_TOKEN, socketMode: true, clientOptions, logger: sdkLogger, deferInitialization: true });
    return { app, mode: 'socket', client: app.client, editClient };
  }
  if (!config.SLACK_SIGNING_SECRET) {
    throw new BotError('slack_not_configured', 'Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const receiver = new ExpressReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: '/',
    processBeforeResponse: false,
    logger: sdkLogger,
  });
  const app = new App({ token, receiver, clientOptions, logger: sdkLogger, deferInitialization: true });
  return { app, mode: 'http', router: receiver.router as Router, client: app.client, editClient };
}
