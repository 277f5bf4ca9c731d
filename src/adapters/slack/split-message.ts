/**
 * Splits mrkdwn into chunks that each fit one section block (Slack caps a section's text at 3,000 chars).
 * Cuts prefer paragraph breaks, then line breaks, then spaces; a code block cut in two is closed at the end of one
 * chunk and reopened at the start of the next, so every chunk renders on its own.
 */
export const SECTION_TEXT_LIMIT = 3000;

export function splitMessage(text: string, limit = SECTION_TEXT_LIMIT - 100): string[] {
  if (limit < 20) throw new RangeError(`splitMessage: limit must be at least 20 (got ${limit})`);
  const chunks: string[] = [];
  let rest = text.trim();
  let reopen = false;
  while (rest.length > 0) {
    const prefix: string = reopen ? '```\n' : '';
    const room = limit - prefix.length - 4; // room for a closing "\n```"
    if (prefix.length + rest.length <= limit) {
      chunks.push(prefix + rest);
      break;
    }
    const window = rest.slice(0, room);
    let cut = window.lastIndexOf('\n\n');
    if (cut < room * 0.5) cut = window.lastIndexOf('\n');
    if (cut < room * 0.5) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = room;
    let piece: string = prefix + rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).replace(/^\s+/, '');
    // An odd number of fences means this piece leaves a code block open.
    const open: boolean = (piece.match(/```/g)?.length ?? 0) % 2 === 1;
    if (open) piece += '\n```';
    reopen = open;
    chunks.push(piece);
  }
  return chunks;
}
