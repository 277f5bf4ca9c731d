// Reads a run's SSE stream with fetch (so the bearer token travels in a header, never in the URL) and resumes
// after a network drop with Last-Event-ID = the last seq applied. Stops on the terminal event, on 204 (nothing more)
// or when aborted.

const TERMINAL = new Set(['run.completed', 'run.failed', 'run.cancelled']);

function parseBlock(block) {
  const message = { data: [] };
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') message.data.push(value);
    else if (field === 'id' || field === 'event' || field === 'retry') message[field] = value;
  }
  return message;
}

/**
 * @param {{ url: string, headers: () => Record<string,string>, lastSeq: () => number, onEvent: (event: object) => void,
 *           onStatus?: (status: string) => void, onUnauthorized?: () => void, signal: AbortSignal }} options
 */
export async function followRun(options) {
  let retryMs = 2000;
  let failures = 0;
  while (!options.signal.aborted) {
    let ended = false;
    try {
      const headers = { accept: 'text/event-stream', ...options.headers() };
      const last = options.lastSeq();
      if (last > 0) headers['last-event-id'] = String(last);
      const response = await fetch(options.url, { headers, signal: options.signal, cache: 'no-store' });
      if (response.status === 204) return;
      if (response.status === 401) return options.onUnauthorized?.();
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      options.onStatus?.('live');
      failures = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const message = parseBlock(block);
          if (message.retry && /^\d+$/.test(message.retry)) retryMs = Number(message.retry);
          if (message.data.length === 0) continue;
          const event = JSON.parse(message.data.join('\n'));
          options.onEvent(event);
          if (TERMINAL.has(event.type)) ended = true;
        }
      }
      if (ended) return;
    } catch (error) {
      if (options.signal.aborted) return;
      failures++;
      options.onStatus?.(`reconnecting (${error instanceof Error ? error.message : 'network error'})`);
    }
    // The stream closed before the terminal event (server restart, network): resume after the last seq we applied.
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryMs * Math.max(1, failures), 15000)));
  }
}
