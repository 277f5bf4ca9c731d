/** A run taken over after its worker died renders its charts again under the same names: each is listed once. */
import { describe, expect, it } from 'vitest';
import { reduceRun, type RunEvent } from '../../../src/pipeline/index.js';

const at = '2026-11-26T10:00:00.000Z';
const chart = (alt: string) => ({ name: 'chart_relative.png', kind: 'chart' as const, mime: 'image/png', alt });

describe('reduceRun: artifacts', () => {
  it('an artifact announced again under the same name replaces the first; other names are kept', () => {
    const events = [
      { runId: 'r', seq: 1, ts: at, type: 'run.created', data: { question: 'q', source: { platform: 'test' } } },
      { runId: 'r', seq: 2, ts: at, type: 'artifact.created', data: chart('first worker') },
      { runId: 'r', seq: 3, ts: at, type: 'artifact.created', data: { ...chart('technicals'), name: 'chart_technicals.png' } },
      { runId: 'r', seq: 4, ts: at, type: 'artifact.created', data: chart('second worker') },
    ] as RunEvent[];
    const state = reduceRun(events, 'r');
    expect(state.artifacts.map((a) => a.alt)).toEqual(['technicals', 'second worker']);
  });
});
