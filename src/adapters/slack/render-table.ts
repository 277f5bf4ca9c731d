/**
 * The answer's comparison table as Slack's native `table` block where it fits (≤ 100 rows including the header,
 * ≤ 20 columns; one table per message), numbers right-aligned. The message's `text` keeps the monospace rendering,
 * which is what notifications and clients without table support show. A table that does not fit, or one the
 * message splitter cut across two messages, stays monospace.
 */
import type { KnownBlock, TableBlock } from '@slack/types';
import { markdownToMrkdwn, splitRow, TABLE_ROW, TABLE_RULE } from './mrkdwn.js';

const MAX_ROWS = 100;
const MAX_COLUMNS = 20;
const MAX_CELL = 2000;
const NUMERIC = /^[-+−]?[$€£]?[\d.,]+%?( ?pp)?$/;

/** The first markdown table in the text (outside code fences): its source lines and cells. */
export function firstTable(markdown: string): { source: string; rows: string[][] } | undefined {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let fenced = false;
  for (let i = 0; i < lines.length - 1; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) fenced = !fenced;
    if (fenced || !TABLE_ROW.test(lines[i]) || !TABLE_RULE.test(lines[i + 1])) continue;
    let j = i + 2;
    while (j < lines.length && TABLE_ROW.test(lines[j])) j++;
    const source = lines.slice(i, j);
    return { source: source.join('\n'), rows: [source[0], ...source.slice(2)].map(splitRow) };
  }
  return undefined;
}

export function tableBlock(rows: string[][]): TableBlock | undefined {
  const width = Math.max(...rows.map((r) => r.length));
  if (rows.length < 2 || rows.length > MAX_ROWS || width > MAX_COLUMNS) return undefined;
  const cells = rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').slice(0, MAX_CELL)));
  const numeric = Array.from({ length: width }, (_, i) => cells.slice(1).every((r) => !r[i] || NUMERIC.test(r[i])));
  return {
    type: 'table',
    rows: cells.map((r) => r.map((text) => ({ type: 'raw_text' as const, text: text || ' ' }))),
    column_settings: numeric.map((n) => ({ align: n ? ('right' as const) : ('left' as const), is_wrapped: !n })),
  };
}

/**
 * Blocks for one answer chunk (mrkdwn) whose monospace table, if it is this table, becomes a native table between
 * the sections before and after it. Undefined when the chunk does not hold the table.
 */
export function blocksWithTable(chunk: string, table: { source: string; rows: string[][] }): KnownBlock[] | undefined {
  const block = tableBlock(table.rows);
  const mono = markdownToMrkdwn(table.source);
  const at = chunk.indexOf(mono);
  if (!block || at < 0) return undefined;
  const section = (text: string): KnownBlock[] => (text.trim() ? [{ type: 'section', text: { type: 'mrkdwn', text: text.trim() } }] : []);
  return [...section(chunk.slice(0, at)), block, ...section(chunk.slice(at + mono.length))];
}
