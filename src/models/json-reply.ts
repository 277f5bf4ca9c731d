/** Pulls the JSON object out of a model reply (models sometimes wrap it in a fence or a sentence). */
export function parseJsonReply(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/```\s*$/, '');
  try {
    return JSON.parse(trimmed);
  } catch {
    const start = trimmed.indexOf('{');
    const end = trimmed.lastIndexOf('}');
    if (start === -1 || end <= start) throw new Error('no JSON object in the reply');
    return JSON.parse(trimmed.slice(start, end + 1));
  }
}
