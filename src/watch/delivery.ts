/**
 * How a digest or an alert becomes a post: start a run with the structured request (so it is in the store and the
 * console like any run), then hand the run to the channel's platform, which posts it as a new message and follows
 * it live. Built in the composition root; the watch feature never touches a platform SDK.
 */
import type { RunApi, StructuredRequest } from '../pipeline/index.js';
import type { ChannelRef } from './types.js';

/** Posts a run to a channel (Slack: a new message + the status and answer in its thread; Discord: likewise). */
export type ChannelPoster = (channel: ChannelRef, runId: string, headline: string) => Promise<void>;

export type Delivery = (channel: ChannelRef, request: StructuredRequest, question: string) => Promise<string>;

export function createDelivery(runs: RunApi, posters: Partial<Record<ChannelRef['platform'], ChannelPoster>>): Delivery {
  return async (channel, request, question) => {
    const started = await runs.startRun({
      question,
      source: { platform: channel.platform, channel: channel.channel, ...(channel.team ? { team: channel.team } : {}), user: 'marketdesk-watch' },
      request,
    });
    await posters[channel.platform]?.(channel, started.runId, question);
    return started.runId;
  };
}

export function digestQuestion(tickers: readonly string[], asOf: string): string {
  return `Watchlist digest for ${asOf}: ${tickers.join(', ')}`;
}
