export function escapeHtml(text: string): string;
export function renderMarkdown(markdown: string): string;
export function alignments(separator: string): ('left' | 'center' | 'right' | '')[];
