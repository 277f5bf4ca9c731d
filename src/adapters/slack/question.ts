/** Mentions of anyone (the bot included) are not part of the question. */
export function questionFromMention(text: string): string {
  return text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/gi, ' ').replace(/\s+/g, ' ').trim();
}
