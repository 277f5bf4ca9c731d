import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, markdownToMrkdwn } from '../../../src/adapters/slack/mrkdwn.js';
import { splitMessage } from '../../../src/adapters/slack/split-message.js';

describe('markdownToMrkdwn', () => {
  it('translates emphasis, links, headings, lists and quotes', () => {
    const md = ['# Summary', '**NVDA** beat *the index*; ~~old~~ [source](https://example.com/a?b=1)', '- one', '  - nested', '> quoted'].join('\n');
    expect(markdownToMrkdwn(md)).toBe(['*Summary*', '*NVDA* beat _the index_; ~old~ <https://example.com/a?b=1|source>', '• one', '    • nested', '> quoted'].join('\n'));
  });

  it('escapes &, < and > so user text cannot form Slack control sequences', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(markdownToMrkdwn('AT&T <script> <!here>')).toBe('AT&amp;T &lt;script&gt; &lt;!here&gt;');
    // Only http(s)/mailto links become Slack links.
    expect(markdownToMrkdwn('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
  });

  it('turns a table into an aligned monospace block, numbers right-aligned', () => {
    const md = '| Symbol | Return | vs SOX |\n|:--|--:|--:|\n| **NVDA** | +12.4% | +4.3 pp |\n| AMD | −3.0% | -11.1 pp |';
    expect(markdownToMrkdwn(md)).toBe(['```', 'Symbol  Return  vs SOX', '------  ------  --------', 'NVDA    +12.4%   +4.3 pp', 'AMD      −3.0%  -11.1 pp', '```'].join('\n'));
  });

  it('leaves code alone apart from escaping', () => {
    expect(markdownToMrkdwn('```ts\nconst a = **b** < c;\n```')).toBe('```\nconst a = **b** &lt; c;\n```');
    expect(markdownToMrkdwn('use `**raw**` here')).toBe('use `**raw**` here');
  });

  it('does not mistake arithmetic or snake_case for emphasis', () => {
    expect(markdownToMrkdwn('2 * 3 * 4 and rsi_14_value')).toBe('2 * 3 * 4 and rsi_14_value');
  });
});

describe('splitMessage', () => {
  it('keeps short text whole', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
  });

  it('splits at paragraph breaks within the limit', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(30)}`.trim());
    const chunks = splitMessage(paragraphs.join('\n\n'), 1000);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1000);
    expect(chunks.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('closes and reopens a code block cut in two', () => {
    const code = '```\n' + Array.from({ length: 80 }, (_, i) => `row ${i} ${'x'.repeat(20)}`).join('\n') + '\n```';
    const chunks = splitMessage(code, 800);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(800);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it('hard-splits a word longer than the limit and rejects silly limits', () => {
    const chunks = splitMessage('y'.repeat(250), 100);
    expect(chunks.every((c) => c.length <= 100)).toBe(true);
    expect(chunks.join('')).toBe('y'.repeat(250));
    expect(() => splitMessage('x', 5)).toThrow(RangeError);
  });
});
