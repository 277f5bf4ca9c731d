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

  it('keeps the valid prefix before a torn last line', () => {
    const torn = line(3).slice(0, 20);
    const parsed = parseEventLines([created, line(2), torn].join('\n'), 'run1');
    expect(parsed.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(parsed.dropped).toBe(1);
    expect(parsed.problem).toMatch(/line 3: not JSON/);
  });

  it('stops at a seq gap, a foreign run, bad data, or anything after the terminal event', () => {
    expect(parseEventLines([created, line(3)].join('\n'), 'run1')).toMatchObject({ dropped: 1, problem: expect.stringMatching(/seq 3, expected 2/) });
    expect(parseEventLines([created, line(2, undefined, undefined, 'other')].join('\n'), 'run1').problem).toMatch(/belongs to run other/);
    expect(parseEventLines([created, line(2, 'step.progress', { nope: 1 })].join('\n'), 'run1').problem).toMatch(/not a run event/);
    const cancelled = line(2, 'run.cancelled', { by: 'x' });
    expect(parseEventLines([created, cancelled, line(3)].join('\n'), 'run1')).toMatchObject({ dropped: 1, problem: expect.stringMatching(/after the terminal/) });
  });
});
