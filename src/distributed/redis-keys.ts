/**
 * Every key, stream and queue name distributed mode uses, under one prefix (REDIS_PREFIX), so several deployments
 * and test runs share one Redis without meeting. Run ids and event ids are opaque strings; they never carry the
 * prefix's separators in a way that could reach another deployment's keys because the prefix always comes first.
 */
export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix: string) {
  return {
    prefix,
    /** BullMQ's own prefix (it appends `:<queue>:…`); the trailing colon is dropped because BullMQ adds one. */
    bullPrefix: `${prefix}bull`,
    queueName: 'runs',
    /** One stream per run: entry ids `0-<seq>`, field `e` = the event as JSON. */
    stream: (runId: string) => `${prefix}run:${runId}:events`,
    /** Set when the run's terminal event is in its stream: nothing is appended after it. */
    ended: (runId: string) => `${prefix}run:${runId}:ended`,
    /** Sorted set of run ids by creation time (ms), for listing runs on any web process. */
    runIndex: `${prefix}run-index`,
    /** The follow-up context the worker needs, beside the job (job data is kept small and typed). */
    thread: (thread: string) => `${prefix}thread:${thread}`,
    /** Redelivery dedupe: a platform event id → the run it started. */
    eventClaim: (eventId: string) => `${prefix}event:${eventId}`,
    /** Surface dedupe claims (Slack/Discord event ids before they reach the run API). */
    dedupe: (key: string) => `${prefix}dedupe:${key}`,
    /** Set when a cancel was asked; the owning worker checks it when it picks the run up. */
    cancel: (runId: string) => `${prefix}run:${runId}:cancel`,
    /** Pub/sub channel every worker listens on for cancels of runs it holds. */
    cancelChannel: `${prefix}cancel`,
    artifact: (runId: string, name: string) => `${prefix}run:${runId}:artifact:${name}`,
    artifactMime: (runId: string, name: string) => `${prefix}run:${runId}:artifact:${name}:mime`,
    feedback: (runId: string) => `${prefix}run:${runId}:feedback`,
    /** Shared rate-limit counters (HTTP per-client, market data). */
    rate: (name: string) => `${prefix}rate:${name}`,
    /** Shared market-data cache entries and their fill locks. */
    cache: (key: string) => `${prefix}cache:${key}`,
    cacheLock: (key: string) => `${prefix}cache-lock:${key}`,
  };
}

/** Stream entry id of an event: explicit ids make a retried XADD fail harmlessly instead of duplicating. */
export const streamId = (seq: number): string => `0-${seq}`;

/** The seq an entry id carries (`0-<seq>`). */
export function seqOf(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash >= 0 ? id.slice(dash + 1) : id);
}
