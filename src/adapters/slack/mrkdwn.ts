/**
 * Markdown (what synthesis writes) → Slack mrkdwn (what Slack renders in `text` and section blocks).
 * mrkdwn has no headings and no tables, single-asterisk bold, `<url|label>` links, and needs `&`, `<`, `>` escaped.
 * Headings become bold lines, tables become an aligned monospace block (columns line up, numbers stay readable),
 * code blocks and inline code are left untouched apart from escaping.
 */

const BOLD = '\u0001';

/** Escapes the three characters Slack treats as control sequences in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline formatting for one line of prose (not inside code). */
function inline(text: string): string {
  // Split out inline code spans first: their content is escaped but not reformatted.
  const parts = text.split(/(`[^`\n]+`)/g);
  return parts
    .map((part, index) => {
      if (index % 2 === 1) return escapeMrkdwn(part);
      let out = escapeMrkdwn(part);
      // Links: [label](http…) → <http…|label>. Only http(s)/mailto, so nothing else becomes a Slack control sequence.
      out = out.replace(/\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)/g, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '/')}>`);
      // Bold first (to a sentinel), then italics, then the sentinel back to Slack's single-asterisk bold.
      out = out.replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`).replace(/__(?=\S)([^_\n]*?\S)__/g, `${BOLD}$1${BOLD}`);
      out = out.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1_$2_');
      out = out.replace(/~~(?=\S)([^~\n]*?\S)~~/g, '~$1~');
      return out.replaceAll(BOLD, '*');
    })
    .join('');
}

export const TABLE_ROW = /^\s*\|.*\|\s*$/;
export const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

export function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim().replace(/\*\*|__|`/g, ''));
}

/** A markdown table as a fixed-width block: numbers right-aligned, text left-aligned. */
function renderTable(rows: string[][]): string {
  const width = Math.max(...rows.map((r) => r.length));
  const cells = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  const widths = Array.from({ length: width }, (_, i) => Math.max(...cells.map((r) => r[i].length)));
  const numeric = (s: string) => /^[-+−]?[$€£]?[\d.,]+%?( ?pp)?$/.test(s);
  const lines = cells.map((row, rowIndex) =>
    row
      .map((cell, i) => (rowIndex > 0 && numeric(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return '```\n' + escapeMrkdwn(lines.join('\n')) + '\n```';
}

export function markdownToMrkdwn(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      // Code block: Slack has no language tags; keep the content verbatim (escaped) up to the closing fence.
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j].trim().startsWith(fence[1])) body.push(lines[j++]);
      out.push('```\n' + escapeMrkdwn(body.join('\n')) + '\n```');
      i = j;
      continue;
    }
    if (TABLE_ROW.test(line) && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1])) {
      const rows = [splitRow(line)];
      let j = i + 2;
      while (j < lines.length && TABLE_ROW.test(lines[j])) rows.push(splitRow(lines[j++]));
      out.push(renderTable(rows));
      i = j - 1;
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`*${inline(heading[1]).replace(/\*/g, '')}*`);
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('───');
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      out.push(`> ${inline(quote[1])}`);
      continue;
    }
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      const depth = Math.floor(bullet[1].replace(/\t/g, '  ').length / 2);
      out.push(`${'    '.repeat(depth)}• ${inline(bullet[2])}`);
      continue;
    }
    out.push(inline(line));
  }
  // Collapse runs of blank lines that heading/table conversion can leave behind.
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
