/**
 * `/watch`, `/digest`, `/alert` and the "Add to watchlist" button on Slack (issue 17): thin — each acks at once,
 * asks the WatchService, and replies ephemerally through the response_url. Who may manage a channel's list: Slack
 * delivers a slash command only from someone who can use the channel's composer, i.e. who can post there.
 * `postRunToChannel` is how a digest or alert run is posted: a new root message, then the run's live status,
 * answer and chart in its thread, like `/analyze`.
 */
import type { App, BlockAction, ButtonAction, RespondFn, SlashCommand } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { WatchService } from '../../watch/watch-service.js';
import type { ChannelRef } from '../../watch/types.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { RunTarget } from './run-session.js';
import { slackErrorText } from './run-session.js';
import { ACTION_WATCH_ADD } from './watch-button.js';

export type WatchCommandDeps = {
  readonly watch: WatchService;
  readonly logger: Logger;
};

const COMMANDS = ['watch', 'digest', 'alert'] as const;

export function registerWatchCommands(app: App, deps: WatchCommandDeps): void {
  const { watch, logger } = deps;
  const reply = async (respond: RespondFn, text: string) => {
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    } catch (error) {
      logger.warn({ err: slackErrorText(error) }, 'slack: watch reply failed');
    }
  };
  const actor = (command: Pick<SlashCommand, 'team_id' | 'channel_id' | 'user_id'>) => ({
    channel: { platform: 'slack' as const, team: command.team_id, channel: command.channel_id },
    user: command.user_id,
    canPost: true,
  });

  for (const name of COMMANDS) {
    app.command(`/${name}`, async ({ command, ack, respond }) => {
      await ack();
      try {
        const result = await watch.handleText(name, command.text, actor(command));
        await reply(respond, result.text);
      } catch (error) {
        logger.error({ err: error, command: name }, 'slack: watch command failed');
        await reply(respond, `:warning: That didn't work: ${escapeMrkdwn((error as Error).message)}`);
      }
    });
  }

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_WATCH_ADD }, async ({ ack, action, body, respond }) => {
    await ack();
    const channel = body.channel?.id;
    const symbols = (action.value ?? '').split(',').filter(Boolean);
    if (!channel || symbols.length === 0) return;
    try {
      const result = await watch.add({ platform: 'slack', team: body.team?.id, channel }, symbols);
      await reply(respond, result.text);
    } catch (error) {
      logger.error({ err: error }, 'slack: watch button failed');
    }
  });
}

/** Posts a digest or alert run to a channel: a root message, the run followed in its thread. */
export function createSlackChannelPoster(client: webApi.WebClient, follow: (target: RunTarget) => void) {
  return async (channel: ChannelRef, runId: string, headline: string): Promise<void> => {
    const root = await client.chat.postMessage({ channel: channel.channel, text: `:bar_chart: ${escapeMrkdwn(headline)}`, unfurl_links: false });
    if (!root.ts) throw new Error('chat.postMessage returned no ts');
    follow({ runId, channel: channel.channel, thread: root.ts, ...(channel.team ? { team: channel.team } : {}) });
  };
}
