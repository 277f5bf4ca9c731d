import { describe, expect, it } from 'vitest';
import { splitContent, toDiscordMarkdown } from '../../../src/adapters/discord/split-content.js';

describe('splitContent', () => {
  it('keeps short text whole and drops empty text', () => {
    expect(splitContent('hello')).toEqual(['hello']);
    expect(splitContent('  \n ')).toEqual([]);
  });

  it('splits long text under the limit on line boundaries without losing words', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(20).trim()}.`);
    const text = paragraphs.join('\n\n');
    const chunks = splitContent(text, 500);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(500);
    expect(chunks.join(' ').split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
  });

  it('cuts a single over-long line at spaces, or hard when there are none', () => {
    const line = 'abc '.repeat(200);
    const chunks = splitContent(line, 100);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(100);
    expect(chunks.join(' ').replace(/\s+/g, ' ').trim()).toBe(line.trim());
    const word = 'x'.repeat(250);
    expect(splitContent(word, 100).join('')).toBe(word);
  });

  it('closes and reopens a code block that straddles two messages', () => {
    const code = ['```', ...Array.from({ length: 30 }, (_, i) => `| row ${i} | ${'1'.repeat(20)} |`), '```'].join('\n');
    const chunks = splitContent(`Intro\n${code}\nAfter`, 300);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(300);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(chunks.at(-1)).toContain('After');
  });

  it('rejects a silly limit', () => {
    expect(() => splitContent('x', 5)).toThrow(RangeError);
  });
});

describe('toDiscordMarkdown', () => {
  it('wraps tables in code blocks and leaves other markdown (and fenced tables) alone', () => {
    const md = '**Bold**\n\n| A | B |\n|---|---:|\n| 1 | 2 |\n\n- item\n```\n| not | a table |\n```';
    expect(toDiscordMarkdown(md)).toBe('**Bold**\n\n```\n| A | B |\n|---|---:|\n| 1 | 2 |\n```\n\n- item\n```\n| not | a table |\n```');
  });
});
