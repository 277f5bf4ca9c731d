/**
 * Follows one run as a streamed Slack message: `chat.startStream` with the plan's tasks, `chat.appendStream` as
 * steps change and as synthesis writes (through the same edit throttle as status edits: at most one append per
 * interval, newest state wins, a 429 pauses the workspace), `chat.stopStream` with the rest and the answer's
 * buttons at the end. Appends and the stop are serialised, and an append still waiting when the run ends is dropped:
 * the stop carries everything not yet shown, so nothing is lost or shown twice.
 *
 * Fallbacks: when the stream cannot start, the plain status message and edits take over; when the stop is refused
 * or rate-limited, or the text was rewritten, the answer is posted as new messages — a 429 never delays it.
 */
import type { webApi } from '@slack/bolt';
import type { AnyChunk, KnownBlock } from '@slack/types';
import type { Logger } from 'pino';
import type { RunState } from '../../pipeline/index.js';
import { RunFollower } from '../shared/run-follower.js';
import { answerActions } from './render-answer.js';
import { renderFrame, streamDiff, type StreamFrame } from './render-stream.js';
import { clearAssistantStatus, editThrottle, postAnswer, postChart, postStatusMessage, slackErrorText, threadPoster, type RunSessionDeps, type RunTarget } from './run-session.js';
import { describeFailure, whoText } from './user-messages.js';

export function followSlackRunStreaming(deps: RunSessionDeps, target: RunTarget): RunFollower<StreamFrame> {
  const { client, editClient, logger } = deps;
  const { channel, thread, runId } = target;
  const log = logger.child({ runId, channel, streaming: true });
  const post = threadPoster(client, target, log);

  let streamTs: string | undefined;
  let shown: StreamFrame | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopping = false;

  const append = (next: StreamFrame): Promise<void> => {
    const run = chain.then(async () => {
      if (stopping || !streamTs) return;
      const chunks = streamDiff(shown, next);
      if (!chunks || chunks.length === 0) return;
      await editClient.chat.appendStream({ channel, ts: streamTs, chunks });
      shown = next;
    });
    chain = run.catch(() => undefined);
    return run;
  };

  /** Ends the stream with what is not shown yet; false when the answer must be posted the ordinary way. */
  const stop = async (state: RunState, final: StreamFrame): Promise<boolean> => {
    stopping = true;
    await chain;
    if (!streamTs) return false;
    const chunks = streamDiff(shown, final);
    const ending: AnyChunk[] = [...(chunks ?? final.tasks)];
    if (state.status === 'failed') ending.push({ type: 'markdown_text', text: `\n\n${describeFailure(state.error, state)}` });
    if (state.status === 'cancelled') ending.push({ type: 'markdown_text', text: `\n\nCancelled by ${whoText(state.cancelledBy ?? 'someone')}` });
    const blocks: KnownBlock[] = [];
    if (state.status === 'completed') {
      blocks.push(...answerActions(state, (await deps.runs.suggestFollowUps?.(runId).catch(() => [])) ?? []));
    } else if (state.status === 'failed') {
      blocks.push(...final.status.blocks.filter((b) => b.type === 'actions'));
    }
    try {
      await editClient.chat.stopStream({ channel, ts: streamTs, ...(ending.length ? { chunks: ending } : {}), ...(blocks.length ? { blocks } : {}) });
    } catch (error) {
      log.warn({ err: slackErrorText(error) }, 'slack: the stream could not be stopped; posting the answer');
      return false;
    }
    // The streamed text was rewritten (a final answer unlike its deltas): the stream ends, the answer is posted.
    return chunks !== undefined;
  };

  return new RunFollower<StreamFrame>(
    deps.runs,
    runId,
    {
      render: (state) => renderFrame(deps.statusView(state), state),
      statusRequired: false,
      deliverShowsFinalState: () => streamTs !== undefined,
      async postStatus(first) {
        try {
          const started = await client.chat.startStream({
            channel,
            thread_ts: thread,
            chunks: first.tasks.length > 0 ? first.tasks : [{ type: 'markdown_text', text: '_Working on it…_' }],
            // Outside a DM the stream names who it is for.
            ...(target.user && target.team ? { recipient_user_id: target.user, recipient_team_id: target.team } : {}),
            task_display_mode: 'plan',
          });
          if (!started.ts) throw new Error('chat.startStream returned no ts');
          streamTs = started.ts;
          shown = { ...first, tasks: first.tasks.length > 0 ? first.tasks : [], text: '' };
          return append;
        } catch (error) {
          log.info({ err: slackErrorText(error) }, 'slack: streaming unavailable, using the status message');
          const edit = await postStatusMessage(deps, target, first.status);
          return (frame) => edit(frame.status);
        }
      },
      async deliver(state) {
        try {
          const streamed = streamTs !== undefined && (await stop(state, renderFrame(deps.statusView(state), state)));
          if (!streamed) await postAnswer(deps, state, post);
          if (state.status !== 'completed') return;
          for (const artifact of state.artifacts) await postChart(deps, target, state, artifact, log);
        } finally {
          if (target.assistant) await clearAssistantStatus(client, channel, thread, log);
        }
      },
      throttle: editThrottle(deps, target, log, 'slack: stream append failed'),
    },
    log,
  );
}
