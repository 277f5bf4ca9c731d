/**
 * The run API: the one door into a run, and the only thing surfaces (HTTP, Slack, Discord, CLI) use. They start
 * runs, cancel them, read state, events and artifacts; they never reach into the pipeline. Every method that reads
 * is async, so the same contract is served from this process's log or from a shared store (Redis Streams) when
 * several processes serve one deployment.
 */
import { z } from 'zod';
import type { Artifact, RunEvent, RunSource, StructuredRequest } from '../events/events.js';
import type { Inherited } from '../route/router.js';
import type { EventListener, Unsubscribe } from '../events/event-log.js';
import type { RunState, RunStatus } from '../events/reduce.js';
import type { ChartRedraw, FollowUpSuggestion, RedrawnChart } from './chat-extras.js';

/** What a follow-up inherits from the run before it in the thread: "and AMD?" keeps the benchmark and period. */
export type RunContext = {
  /** The run this one follows up (same thread). */
  previousRunId?: string;
  inherit?: Inherited;
};

export type StartRunInput = {
  question: string;
  source: RunSource;
  /**
   * The run this question follows up (same thread, or the run a Retry repeats): the pipeline carries its tickers,
   * benchmark, period and intent over where the new question names none.
   */
  followUp?: string;
  /** An explicit inherited context (evaluation, tests); `followUp` is what surfaces use. */
  context?: RunContext;
  /** A digest or an alert post: routed and planned from the request, not from the question's words. */
  request?: StructuredRequest;
};

export type StartedRun = {
  runId: string;
  /** True when `source.eventId` was seen before: the existing run is returned, no new run starts. */
  deduplicated: boolean;
  /** Resolves with the final state after the terminal event. Never rejects. */
  done: Promise<RunState>;
};

export type RunSummary = {
  runId: string;
  question: string;
  status: RunStatus;
  /** ISO timestamp of `run.created`. */
  createdAt: string;
  endedAt?: string;
  platform?: string;
};

export type ArtifactContent = {
  artifact: Artifact;
  bytes: Buffer;
  /** The local file, when the artifact store keeps files on this machine (the CLI prints it). */
  localPath?: string;
};

/** A 👍/👎 on an answer, from any surface; stored with the run (not an event: the run's log is closed). */
export const feedbackSchema = z.object({
  rating: z.enum(['positive', 'negative']),
  platform: z.enum(['slack', 'discord', 'http', 'cli']),
  user: z.string().max(200).optional(),
  team: z.string().max(200).optional(),
  channel: z.string().max(200).optional(),
  messageTs: z.string().max(200).optional(),
  /** Free text a person added (the web console's "what was wrong?"). */
  comment: z.string().max(2000).optional(),
});
export type Feedback = z.infer<typeof feedbackSchema>;
export type StoredFeedback = Feedback & { runId: string; at: string };

/** Where feedback is kept (embedded: a JSONL file beside the run's events). */
export interface FeedbackStore {
  record(feedback: StoredFeedback): Promise<void>;
  read(runId: string): Promise<StoredFeedback[]>;
}

/** A chat thread, as a source names it. */
export type ThreadRef = { platform: RunSource['platform']; thread: string; channel?: string; team?: string };

export interface RunApi {
  startRun(input: StartRunInput): Promise<StartedRun>;
  /** Cancels a running run; false when unknown or already ended. */
  cancelRun(runId: string, by: string): Promise<boolean>;
  /** State folded from the run's events; undefined when unknown. */
  getRun(runId: string): Promise<RunState | undefined>;
  /** Event history of a run (empty when unknown). */
  getEvents(runId: string): Promise<readonly RunEvent[]>;
  /** Replays events after `afterSeq`, then follows live, in order, with no gap and no duplicate. */
  subscribe(runId: string, afterSeq: number, listener: EventListener): Unsubscribe;
  /** Recent runs, most recent first (kept across restarts). */
  listRuns(limit?: number): Promise<RunSummary[]>;
  /** An artifact the run announced, with its bytes; undefined when the run has no such artifact or it is gone. */
  getArtifact(runId: string, name: string): Promise<ArtifactContent | undefined>;
  /** Stores a 👍/👎 for a run; false when the run is unknown. */
  recordFeedback(runId: string, feedback: Feedback): Promise<boolean>;
  /** Feedback given so far, oldest first. */
  getFeedback(runId: string): Promise<StoredFeedback[]>;
  /** The most recent run started from this thread, for follow-ups (also after a restart). */
  lastRunInThread(thread: ThreadRef): Promise<string | undefined>;
  /** Resolves when every in-flight run has ended (graceful shutdown); runs still going are marked, never lost. */
  drain(timeoutMs: number): Promise<void>;
  // Chat extras (issue 18). Optional so that a run API that cannot serve them (a remote store without the router)
  // still satisfies the contract; surfaces then simply offer no such buttons.
  /** Whether a reply in the bot's thread asks something (decided by routing, not keywords). */
  readsAsQuestion?(text: string): Promise<boolean>;
  /** Up to four next questions for a completed run, each to be asked with `followUp: runId`. */
  suggestFollowUps?(runId: string): Promise<FollowUpSuggestion[]>;
  /** One chart of a completed run drawn again for another window or benchmark, with no model call. Rejects with a readable BotError. */
  redrawChart?(runId: string, request: ChartRedraw): Promise<RedrawnChart>;
}
