/**
 * The Discord surface (discord.js 14, gateway): `/analyze` and mentions start runs; each run is followed in a
 * thread as a reader of its event log (status message, answer, chart); Cancel / Retry buttons act on runs.
 *
 *   const discord = createDiscordAdapter({ config, logger, runs: app.pipeline });
 *   await discord.start();   // logs in; resolves when the gateway is READY and guilds arrived
 *   await discord.stop();    // lets answers being posted finish (bounded), then disconnects
 */
import { once } from 'node:events';
import { Events, RESTEvents, type Client, type Interaction, type Message } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { BotError } from '../../errors.js';
import type { RunApi } from '../../pipeline/index.js';
import { MemoryEventDedupe, type EventDedupe } from '../shared/event-dedupe.js';
import type { AdapterContext } from './adapter-context.js';
import { createDiscordClient } from './create-discord-client.js';
import { discordSettings } from './discord-settings.js';
import { ANALYZE_COMMAND, handleAnalyzeCommand } from './handle-analyze-command.js';
import { handleMention } from './handle-mention.js';
import { handleRunButton } from './handle-run-button.js';
import { handleChatButton } from './handle-chat-button.js';
import { parseChatButtonId } from './chat-components.js';
import type { RunSession } from './run-session.js';
import type { WatchService } from '../../watch/watch-service.js';
import type { ChannelPoster } from '../../watch/delivery.js';
import { handleWatchCommand, isWatchCommand } from './watch-commands.js';
import { handleWatchButton, isWatchButton } from './watch-button.js';
import { createDiscordChannelPoster } from './post-to-channel.js';

export type DiscordAdapterOptions = {
  config: Config;
  logger: Logger;
  runs: RunApi;
  /** Minimum spacing of status edits per message. @default 1500 */
  editIntervalMs?: number;
  /** Redelivery dedupe (shared across processes in the scale-out). @default this process's memory */
  dedupe?: EventDedupe;
  /** How long start() waits for READY and the guilds. @default 30000 */
  readyTimeoutMs?: number;
  /** How long stop() lets in-flight runs finish and their answers be posted. @default 15000 */
  stopGraceMs?: number;
  /** Watchlists, digests, alerts: `/watch`, `/digest`, `/alert` and the "Add to watchlist" button (issue 17). */
  watch?: WatchService;
};

export type DiscordAdapter = {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly client: Client;
  /** Live sessions by run id (introspection for metrics and tests). */
  readonly sessions: LRUCache<string, RunSession>;
  /** Posts a digest or alert run to a channel (issue 17). */
  readonly postToChannel: ChannelPoster;
};

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const settings = discordSettings(options.config);
  const logger = options.logger.child({ adapter: 'discord' });
  const client = createDiscordClient(settings);
  const sessions = new LRUCache<string, RunSession>({ max: 1000 });
  const dedupe = options.dedupe ?? new MemoryEventDedupe();
  let stopping = false;
  const ctx: AdapterContext = {
    client,
    runs: options.runs,
    logger,
    sessions,
    retried: new LRUCache<string, true>({ max: 5000 }),
    sessionDeps: { runs: options.runs, logger, editIntervalMs: options.editIntervalMs, dedupe },
    claim: (eventId) => dedupe.claim([`discord:${eventId}`]),
    isStopping: () => stopping,
  };

  const guard = (what: string, work: Promise<void>) =>
    work.catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      // 10062: the 3-second window was missed (or Discord lost the interaction); 40060: already acknowledged.
      if (code === 10062) logger.warn({ err: error }, `discord ${what}: interaction expired before it was acknowledged`);
      else logger.error({ err: error, code }, `discord ${what} failed`);
    });

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (stopping) return;
    if (interaction.isChatInputCommand() && interaction.commandName === ANALYZE_COMMAND) void guard('/analyze', handleAnalyzeCommand(ctx, interaction));
    else if (interaction.isChatInputCommand() && options.watch && isWatchCommand(interaction.commandName)) void guard(`/${interaction.commandName}`, handleWatchCommand(ctx, options.watch, interaction.commandName, interaction));
    else if (interaction.isButton() && options.watch && isWatchButton(interaction.customId)) void guard('watch button', handleWatchButton(ctx, options.watch, interaction));
    else if (interaction.isButton()) {
      const chat = parseChatButtonId(interaction.customId);
      void guard('button', chat ? handleChatButton(ctx, interaction, chat) : handleRunButton(ctx, interaction));
    }
  });
  client.on(Events.MessageCreate, (message: Message) => {
    if (!stopping) void guard('mention', handleMention(ctx, message));
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.error({ code: event.code, shardId }, 'discord gateway closed and will not reconnect (4004: bad token, 4014: intents not allowed)'));
  client.rest.on(RESTEvents.RateLimited, (info) => logger.debug({ route: info.route, method: info.method, retryAfter: info.retryAfter, scope: info.scope }, 'discord rate limited'));

  return {
    client,
    sessions,
    postToChannel: createDiscordChannelPoster(ctx),
    async start() {
      const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(options.readyTimeoutMs ?? 30_000) });
      ready.catch(() => undefined);
      try {
        await client.login(settings.token);
        await ready;
      } catch (error) {
        await client.destroy().catch(() => undefined);
        const invalid = (error as { code?: unknown }).code === 'TokenInvalid';
        if (invalid) throw new BotError('discord_auth_failed', 'Discord rejected DISCORD_TOKEN (401). Copy the bot token again from the Developer Portal.', { cause: error });
        throw new BotError('discord_connect_failed', `Could not connect to Discord: ${(error as Error).message}`, { cause: error, retryable: true });
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
    },
    async stop() {
      stopping = true;
      const pending = [...sessions.values()].map((s) => s.finished);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(pending), new Promise((resolve) => (timer = setTimeout(resolve, options.stopGraceMs ?? 15_000)))]);
      clearTimeout(timer);
      for (const session of sessions.values()) session.close();
      sessions.clear();
      await client.destroy();
    },
  };
}
