/**
 * Splits a chat message under a platform's length cap (Slack section text 3,000, Discord content 2,000): on line
 * boundaries (a paragraph break first when the chunk is mostly full), never inside a word when avoidable, and a
 * ``` code block that straddles two chunks is closed at the end of one and reopened at the start of the next so
 * both render.
 */
export const FENCE = /^\s*(```|~~~)/;

export function splitChatText(text: string, limit: number): string[] {
  if (limit < 20) throw new RangeError(`splitChatText: limit must be at least 20 (got ${limit})`);
  const trimmed = text.replace(/\s+$/, '');
  if (trimmed.length <= limit) return trimmed ? [trimmed] : [];
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  let fence: string | undefined; // the opening line of the code block we are inside, if any

  const closing = () => (fence ? 4 : 0); // room for "\n```"
  const emit = () => {
    if (current.length === 0) return;
    let body = current.join('\n').replace(/\s+$/, '');
    if (fence) body += '\n```';
    if (body.trim()) chunks.push(body);
    current = fence ? [fence] : [];
    size = fence ? fence.length : 0;
  };
  const add = (line: string) => {
    const cost = (current.length > 0 ? 1 : 0) + line.length;
    if (size + cost + closing() > limit) emit();
    current.push(line);
    size += (current.length > 1 ? 1 : 0) + line.length;
  };

  for (const rawLine of trimmed.split('\n')) {
    // A line that alone exceeds the room left in an empty chunk is cut at spaces (or hard, for a single long word).
    const room = limit - closing() - (fence ? fence.length + 1 : 0);
    for (const line of rawLine.length > room ? cutLine(rawLine, room) : [rawLine]) {
      // Start a new message at a paragraph break when the current one is already mostly full.
      if (line === '' && !fence && size > limit * 0.75) {
        emit();
        continue;
      }
      add(line);
    }
    if (FENCE.test(rawLine)) fence = fence ? undefined : rawLine.trim();
  }
  emit();
  return chunks;
}

function cutLine(line: string, room: number): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > room) {
    let at = rest.lastIndexOf(' ', room);
    if (at < room * 0.5) at = room;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

