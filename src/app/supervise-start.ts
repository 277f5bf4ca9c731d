/**
 * Starts a chat surface (Slack, Discord) without letting it take the process down: a surface that cannot connect
 * at start-up is retried with capped exponential backoff and jitter while everything else keeps serving, and its
 * state is what /healthz reports for it (issue 14, failure 6: an unreachable platform used to exit the service).
 */
import type { Logger } from 'pino';
import { computeRetryDelay } from '../pipeline/execute/retry-delay.js';

export type SurfaceHealth = {
  ok: boolean;
  state: 'connecting' | 'up' | 'retrying' | 'stopped';
  attempts: number;
  lastError?: string;
  nextRetryInMs?: number;
};

export type SupervisedStart = {
  /** Settles after the first attempt, whether it connected or not. */
  readonly firstAttempt: Promise<void>;
  health(): SurfaceHealth;
  /** No more retries (shutdown). */
  cancel(): void;
};

export type SuperviseOptions = {
  readonly logger: Logger;
  /** @default 1000 */
  readonly minDelayMs?: number;
  /** @default 60000 */
  readonly maxDelayMs?: number;
  readonly random?: () => number;
};

export function superviseStart(name: string, start: () => Promise<void>, options: SuperviseOptions): SupervisedStart {
  const health: SurfaceHealth = { ok: false, state: 'connecting', attempts: 0 };
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const policy = { retries: Infinity, minDelayMs: options.minDelayMs ?? 1_000, maxDelayMs: options.maxDelayMs ?? 60_000, factor: 2 };

  const attempt = async (): Promise<void> => {
    health.attempts++;
    try {
      await start();
      if (cancelled) return;
      Object.assign(health, { ok: true, state: 'up', lastError: undefined, nextRetryInMs: undefined });
      if (health.attempts > 1) options.logger.info({ surface: name, attempts: health.attempts }, `${name} connected after retrying`);
    } catch (error) {
      if (cancelled) return;
      const delay = computeRetryDelay(health.attempts, policy, undefined, options.random);
      Object.assign(health, { ok: false, state: 'retrying', lastError: error instanceof Error ? error.message : String(error), nextRetryInMs: delay });
      options.logger.error({ err: error, surface: name, attempt: health.attempts, retryInMs: delay }, `${name} could not connect; the rest keeps serving, retrying`);
      timer = setTimeout(() => void attempt(), delay);
      timer.unref();
    }
  };

  return {
    firstAttempt: attempt(),
    health: () => ({ ...health }),
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
      Object.assign(health, { ok: false, state: 'stopped', nextRetryInMs: undefined });
    },
  };
}
