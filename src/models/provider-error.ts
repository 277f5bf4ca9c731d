/**
 * SDK errors → BotError with a stable code. The SDKs have already retried 408/409/429/5xx and timeouts
 * (`maxRetries`), so what reaches here is final for this call. 401/403 name the key variable; response bodies of
 * auth errors are never echoed (OpenAI's 401 body quotes part of the key).
 */
import * as OpenAI from 'openai';
import * as Anthropic from '@anthropic-ai/sdk';
import { BotError } from '../errors.js';
import type { ProviderName } from './chat-model.js';
import { parseRetryAfter } from '../retry-after.js';

export type ProviderErrorContext = {
  provider: ProviderName;
  /** `openai:gpt-4o` */
  modelId: string;
  /** `OPENAI_API_KEY` */
  keyVar: string;
  /** `PLANNER_MODEL`: which setting chose this model, for "not found" messages. */
  roleVar?: string;
  signal?: AbortSignal;
};

type SdkApiError = { status?: number; message: string; headers?: Headers; name: string };

function isApiError(error: unknown): error is SdkApiError {
  return error instanceof OpenAI.APIError || error instanceof Anthropic.APIError;
}

export function toProviderError(error: unknown, ctx: ProviderErrorContext): BotError {
  if (BotError.is(error)) return error;
  const label = ctx.provider === 'openai' ? 'OpenAI' : 'Anthropic';
  if (error instanceof OpenAI.APIUserAbortError || error instanceof Anthropic.APIUserAbortError || ctx.signal?.aborted) {
    const reason = ctx.signal?.reason as unknown;
    if (BotError.is(reason)) return reason;
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
    return new BotError(timedOut ? 'timeout' : 'cancelled', `${ctx.modelId} call ${timedOut ? 'timed out' : 'was cancelled'}`, { cause: error, retryable: timedOut });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof Anthropic.APIConnectionTimeoutError) {
    return new BotError('model_timeout', `${label} did not answer in time (${ctx.modelId}), after retries`, { retryable: true, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError || error instanceof Anthropic.APIConnectionError) {
    return new BotError('model_unreachable', `cannot reach the ${label} API for ${ctx.modelId} (network error, after retries)`, { retryable: true, cause: error });
  }
  if (isApiError(error)) {
    const status = error.status ?? 0;
    const details = { status, model: ctx.modelId };
    if (status === 401)
      return new BotError('model_auth_failed', `${label} rejected the API key (401): check ${ctx.keyVar}`, { details, cause: scrub(error) });
    if (status === 403)
      return new BotError('model_forbidden', `${label} refused access to ${ctx.modelId} (403): check that ${ctx.keyVar} may use this model`, { details, cause: scrub(error) });
    if (status === 404)
      return new BotError('model_not_found', `${label} does not know the model in ${ctx.modelId} (404)${ctx.roleVar ? `: check ${ctx.roleVar}` : ''}`, { details, cause: error });
    if (status === 429)
      return new BotError('model_rate_limited', `${label} rate limit for ${ctx.modelId} (429), still limited after retries`, { retryable: true, details, cause: error, retryAfterMs: error.headers ? parseRetryAfter(error.headers) : undefined });
    if (status >= 500)
      return new BotError('model_unavailable', `${label} server error ${status} for ${ctx.modelId}, after retries`, { retryable: true, details, cause: error });
    // The body stays in the cause (logs, where configured secrets are redacted): a 400/422 body may quote the
    // request, key included, and is not written for the people reading the answer.
    return new BotError('model_bad_request', `${label} refused the request for ${ctx.modelId} (HTTP ${status})`, { details, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new BotError('model_call_failed', `${ctx.modelId} call failed: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}

/** Keep only the status of an auth error as the cause: its body may quote the key. */
function scrub(error: SdkApiError): Error {
  return new Error(`HTTP ${error.status ?? '?'} (body withheld)`);
}

/**
 * An error from one streaming call: when our own per-call deadline (the combined signal) fired and the caller did
 * not cancel, it is a retryable `model_timeout`; anything else is mapped by `toProviderError`.
 */
export function toCallError(error: unknown, ctx: ProviderErrorContext, call: { modelId: string; timeoutMs: number; signal: AbortSignal }): BotError {
  if (call.signal.aborted && !ctx.signal?.aborted)
    return new BotError('model_timeout', `${call.modelId} did not finish within ${call.timeoutMs} ms`, { retryable: true, cause: error });
  return toProviderError(error, ctx);
}
