/** Reads a run's SSE stream to its end and returns the events (seq and type per frame). */
export type SseFrame = { seq: number; type: string; data: unknown };

export async function collectSse(url: string, timeoutMs = 60_000): Promise<SseFrame[]> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`SSE ${url}: HTTP ${response.status}`);
  const frames: SseFrame[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      const id = field('id');
      const type = field('event');
      const data = field('data');
      if (id !== undefined && type !== undefined) frames.push({ seq: Number(id), type, data: data ? JSON.parse(data) : undefined });
    }
  }
  return frames;
}
