/** Reads an SSE response over real HTTP with eventsource-parser (the same parsing a browser applies). */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseResult = { status: number; headers: Headers; messages: EventSourceMessage[]; comments: string[]; retry?: number; ended: boolean };

export async function collectSse(
  url: string,
  options: { headers?: Record<string, string>; until?: (messages: EventSourceMessage[]) => boolean; timeoutMs?: number } = {},
): Promise<SseResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`SSE read timed out: ${url}`)), options.timeoutMs ?? 5_000);
  const result: SseResult = { status: 0, headers: new Headers(), messages: [], comments: [], ended: false };
  let stopped = false;
  const parser = createParser({
    onEvent: (message) => {
      result.messages.push(message);
      if (options.until?.(result.messages)) stopped = true;
    },
    onComment: (comment) => result.comments.push(comment),
    onRetry: (retry) => (result.retry = retry),
  });
  try {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...options.headers }, signal: controller.signal });
    result.status = response.status;
    result.headers = response.headers;
    if (!response.body) return result;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    while (!stopped) {
      const { done, value } = await reader.read();
      if (done) {
        result.ended = true;
        break;
      }
      parser.feed(value);
    }
    if (stopped) await reader.cancel();
    return result;
  } finally {
    clearTimeout(timer);
  }
}

export const seqs = (messages: EventSourceMessage[]) => messages.map((m) => Number(m.id));
export const types = (messages: EventSourceMessage[]) => messages.map((m) => m.event);
