export function escapeHtml(text: string): string;
export function renderMarkdown(markdown: string): string;
