/**
 * One GET to a daily-bars provider, shared by the three sources: the provider's rate limiter (bounded wait), a
 * per-attempt timeout on top of the caller's signal, fault injection (`MARKETDESK_FAULTS=tiingo=error`), request
 * counters, one debug line per attempt (path and status only: URLs carry no key, and headers are never logged), and
 * one retry with jitter for a transient failure (network, 5xx, a truncated body).
 *
 * Secrets (keys) are cut out of every message that could quote upstream text.
 */
import type { Logger } from 'pino';
import { BotError } from '../../../errors.js';
import { sleep, type FaultInjector } from '../../../faults.js';
import type { RateLimiter } from '../rate-limiter.js';
import { acquireWithin } from './acquire-within.js';
import { barsFailure, failureKind } from './bars-errors.js';
import type { UpstreamCounters } from './bars-source.js';

export type UpstreamResponse = { status: number; headers: Headers; text: string; contentType: string };

export type UpstreamClient = {
  readonly provider: string;
  readonly label: string;
  readonly limiter: RateLimiter;
  readonly log: Logger;
  readonly faults: FaultInjector;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxLimiterWaitMs: number;
  readonly upstream: UpstreamCounters;
  /** Strings that must never appear in a message (API keys). */
  readonly secrets: readonly string[];
  /** @default Math.random */
  readonly random?: () => number;
};

export type UpstreamRequest = {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal;
};

/** The response, classified by `classify`; a transient failure is tried once more after 150–450 ms. */
export async function requestWithRetry<T>(client: UpstreamClient, request: UpstreamRequest, classify: (response: UpstreamResponse) => T): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return classify(await attemptOnce(client, request, attempt));
    } catch (thrown) {
      if (request.signal.aborted) throw request.signal.reason;
      const error = BotError.is(thrown) ? thrown : barsFailure('transient', client.provider, `${client.label}: ${redact(client, String(thrown))}`);
      // A timeout is not retried here: the chain has other providers, and the caller's deadline is short.
      if (attempt >= 2 || failureKind(error) !== 'transient' || error.code === 'timeout') throw error;
      const delay = 150 + Math.floor((client.random ?? Math.random)() * 300);
      client.log.debug({ provider: client.provider, code: error.code, delayMs: delay }, 'daily-bars request failed; retrying once');
      await sleep(delay, request.signal);
    }
  }
}

async function attemptOnce(client: UpstreamClient, request: UpstreamRequest, attempt: number): Promise<UpstreamResponse> {
  const { signal } = request;
  const release = await acquireWithin(client.limiter, { signal, maxWaitMs: client.maxLimiterWaitMs, provider: client.provider, label: client.label });
  const timeout = AbortSignal.timeout(client.timeoutMs);
  const attemptSignal = AbortSignal.any([signal, timeout]);
  const path = new URL(request.url).pathname;
  const started = Date.now();
  try {
    await client.faults.apply([client.provider], attemptSignal);
    client.upstream.total++;
    client.upstream.byPath[path] = (client.upstream.byPath[path] ?? 0) + 1;
    const response = await client.fetch(request.url, { headers: request.headers, signal: attemptSignal, redirect: 'manual' });
    const text = await response.text();
    client.log.debug({ provider: client.provider, path, status: response.status, ms: Date.now() - started, attempt }, 'daily-bars request');
    return { status: response.status, headers: response.headers, text, contentType: response.headers.get('content-type') ?? '' };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (BotError.is(error)) throw error;
    if (timeout.aborted) {
      client.log.warn({ provider: client.provider, path, ms: Date.now() - started, attempt }, 'daily-bars request timed out');
      throw barsFailure('transient', client.provider, `${client.label} did not answer within ${client.timeoutMs} ms`, { code: 'timeout' });
    }
    const message = redact(client, error instanceof Error ? error.message : String(error));
    client.log.warn({ provider: client.provider, path, err: message, attempt }, 'daily-bars request failed');
    throw barsFailure('transient', client.provider, `${client.label} could not be reached: ${message}`);
  } finally {
    release();
  }
}

/** Cuts every secret out of a text that may quote an upstream body or an error. */
export function redact(client: Pick<UpstreamClient, 'secrets'>, text: string): string {
  let out = text;
  for (const secret of client.secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

/** A short, single-line, key-free excerpt of an upstream body for messages. */
export function excerpt(client: Pick<UpstreamClient, 'secrets'>, text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return redact(client, line.length > max ? `${line.slice(0, max)}…` : line);
}

/** True when a body is an HTML page (a consent wall, a proof-of-work page, a CDN error) rather than data. */
export function isHtml(response: Pick<UpstreamResponse, 'contentType' | 'text'>): boolean {
  return /html/i.test(response.contentType) || /^\s*</.test(response.text);
}

/** JSON.parse that answers undefined for a non-JSON body. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
