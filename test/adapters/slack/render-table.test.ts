import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../../src/adapters/slack/render-answer.js';
import { blocksWithTable, firstTable, tableBlock } from '../../../src/adapters/slack/render-table.js';
import { initialRunState } from '../../../src/pipeline/index.js';

const ANSWER = [
  '**NVDA** gained 23.3% over the window.',
  '',
  '| Symbol | Close | Return |',
  '|---|---:|---:|',
  '| NVDA | 225.32 | +23.3% |',
  '| ^SOX (benchmark) | 11,588.46 | +42.4% |',
  '',
  'Source: offline dataset, as of 2026-05-15.',
].join('\n');

describe('native table block', () => {
  it('the comparison table becomes a table block between the sections; the text keeps the monospace fallback', () => {
    const [message] = renderAnswer({ ...initialRunState('r1'), status: 'completed', done: true, answer: ANSWER });
    const types = message.blocks.map((b) => b.type);
    expect(types.slice(0, 3)).toEqual(['section', 'table', 'section']);
    const table = message.blocks[1] as { rows: { text: string }[][]; column_settings: { align: string }[] };
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['Symbol', 'Close', 'Return'],
      ['NVDA', '225.32', '+23.3%'],
      ['^SOX (benchmark)', '11,588.46', '+42.4%'],
    ]);
    expect(table.column_settings.map((c) => c.align)).toEqual(['left', 'right', 'right']);
    expect(message.text).toMatch(/```\nSymbol\s+Close\s+Return/);
  });

  it('over Slack limits (101 rows, 21 columns) it stays monospace', () => {
    expect(tableBlock(Array.from({ length: 101 }, (_, i) => [`r${i}`, '1']))).toBeUndefined();
    expect(tableBlock([Array.from({ length: 21 }, (_, i) => `c${i}`), Array.from({ length: 21 }, () => '1')])).toBeUndefined();
    expect(tableBlock(Array.from({ length: 100 }, (_, i) => [`r${i}`, '1']))).toBeDefined();
    const wide = ['|' + Array.from({ length: 21 }, (_, i) => ` c${i} `).join('|') + '|', '|' + Array.from({ length: 21 }, () => '---').join('|') + '|', '|' + Array.from({ length: 21 }, () => ' 1 ').join('|') + '|'].join('\n');
    const [message] = renderAnswer({ ...initialRunState('r2'), status: 'completed', done: true, answer: wide });
    expect(message.blocks.some((b) => b.type === 'table')).toBe(false);
    expect(firstTable(wide)?.rows[0]).toHaveLength(21);
  });

  it('a table inside a code fence is not a table', () => {
    expect(firstTable('```\n| a | b |\n|---|---|\n| 1 | 2 |\n```')).toBeUndefined();
    expect(blocksWithTable('no table here', firstTable(ANSWER)!)).toBeUndefined();
  });
});
