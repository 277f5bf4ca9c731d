import { describe, expect, it } from 'vitest';
import { parseEventLines } from '../../src/store/parse-event-lines.js';

const line = (seq: number, type = 'step.progress', data: unknown = { stepId: 's', message: `m${seq}` }, runId = 'run1') =>
  JSON.stringify({ runId, seq, ts: '2026-05-15T10:00:00.000Z', type, data });
const created = line(1, 'run.created', { question: 'q', source: { platform: 'test' } });

describe('parseEventLines', () => {
  it('reads a clean file', () => {
    const parsed = parseEventLines([created, line(2), line(3)].join('\n') + '\n', 'run1');
    expect(parsed.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(parsed.dropped).toBe(0);
    expect(parsed.problem).toBeUndefined();
  });

  it('keeps every good line around a bad one in the middle (the answer after it is not lost)', () => {
    const completed = line(4, 'run.failed', { error: { code: 'x', message: 'the end' } });
    const parsed = parseEventLines([created, line(2), '{"garbage', completed].join('\n') + '\n', 'run1');
    expect(parsed.events.map((e) => e.seq)).toEqual([1, 2, 4]);
    expect(parsed.events.at(-1)?.type).toBe('run.failed');
    expect(parsed.dropped).toBe(1);
    expect(parsed.endsWithNewline).toBe(true);
  });

  it('keeps the valid prefix before a torn last line', () => {
    const torn = line(3).slice(0, 20);
    const parsed = parseEventLines([created, line(2), torn].join('\n'), 'run1');
    expect(parsed.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(parsed.dropped).toBe(1);
    expect(parsed.problem).toMatch(/line 3: not JSON/);
  });

  it('skips a repeated or backward seq, a foreign run, bad data, and anything after the terminal event', () => {
    // A gap is kept (a skipped bad line, or seqs a crashed run had reserved); a repeat or a step back is not.
    expect(parseEventLines([created, line(3)].join('\n'), 'run1')).toMatchObject({ dropped: 0 });
    expect(parseEventLines([created, line(3), line(3), line(2)].join('\n'), 'run1')).toMatchObject({ dropped: 2, problem: expect.stringMatching(/seq 3 after seq 3/) });
    expect(parseEventLines([created, line(2, undefined, undefined, 'other')].join('\n'), 'run1').problem).toMatch(/belongs to run other/);
    expect(parseEventLines([created, line(2, 'step.progress', { nope: 1 })].join('\n'), 'run1').problem).toMatch(/not a run event/);
    const cancelled = line(2, 'run.cancelled', { by: 'x' });
    expect(parseEventLines([created, cancelled, line(3)].join('\n'), 'run1')).toMatchObject({ dropped: 1, problem: expect.stringMatching(/after the terminal/) });
  });
});
