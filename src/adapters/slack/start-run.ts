/**
 * Starts a run through the run API and hands it to a session that follows it in a thread; a run that could not
 * start comes back as a sentence for the person (mrkdwn), never as an exception. Shared by every trigger.
 */
import type { Logger } from 'pino';
import { asBotError } from '../../errors.js';
import type { RunApi, StartRunInput } from '../../pipeline/index.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { RunTarget } from './run-session.js';

export type StartDeps = { readonly runs: RunApi; readonly logger: Logger; readonly follow: (target: RunTarget) => void };

export async function startAndFollow(deps: StartDeps, input: StartRunInput, target: Omit<RunTarget, 'runId'>): Promise<string | undefined> {
  try {
    const started = await deps.runs.startRun(input);
    // A redelivery the pipeline recognised: the first delivery's session already follows that run.
    if (started.deduplicated) return undefined;
    deps.follow({ ...target, runId: started.runId });
    return undefined;
  } catch (error) {
    const err = asBotError(error);
    deps.logger.warn({ code: err.code, err: err.message }, 'slack: could not start a run');
    return `:warning: I couldn't start on that: ${escapeMrkdwn(err.message)}`;
  }
}
