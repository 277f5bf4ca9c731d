/**
 * The run API's chat extras on the real pipeline, offline: the follow-up triage decides by routing, the suggested
 * next questions come from the run's route, and a chart redraw re-runs only the chart's own steps with no model call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app/create-app.js';
import { loadConfig } from '../../../src/config.js';
import { BuiltinSynthesis } from '../../../src/pipeline/synthesize/builtin-synthesis.js';
import type { RunState } from '../../../src/pipeline/index.js';
import { memoryArtifacts, testLogger } from '../../helpers/tool-fixtures.js';

const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

let synthesisCalls = 0;
const builtin = new BuiltinSynthesis();
const counting = { id: builtin.id, synthesize: (...args: Parameters<BuiltinSynthesis['synthesize']>) => ((synthesisCalls += 1), builtin.synthesize(...args)) };
const app = createApp(loadConfig({}), { logger: testLogger, artifacts: memoryArtifacts(), random: () => 0, synthesis: counting });
const runs = app.pipeline;
let seed: RunState;

beforeAll(async () => {
  const started = await runs.startRun({ question: SEED, source: { platform: 'test' } });
  seed = await started.done;
  expect(seed.status).toBe('completed');
}, 60_000);

describe('follow-up triage (routing, not keywords)', () => {
  it.each(['and AMD?', 'what about the past year?', 'how about technicals?', 'vs SPY?', 'YTD'])('%j asks something', async (text) => {
    expect(await runs.readsAsQuestion!(text)).toBe(true);
  });
  it.each(['thanks!', 'ok cool', 'lol', 'great, thank you', '', 'why?'])('%j does not', async (text) => {
    expect(await runs.readsAsQuestion!(text)).toBe(false);
  });
});

describe('suggested next questions', () => {
  it('offers up to four from the route: a peer, a longer window, the broad market', async () => {
    const suggestions = await runs.suggestFollowUps!(seed.runId);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(4);
    expect(suggestions.map((s) => s.label)).toEqual(['Add AMD', 'Past year', 'vs SPY']);
    // Asked as a follow-up, "Add AMD" compares both names over the same window.
    const followUp = await (await runs.startRun({ question: suggestions[0].question, source: { platform: 'test' }, followUp: seed.runId })).done;
    expect(followUp.status).toBe('completed');
    expect(followUp.entities?.tickers).toEqual(['NVDA', 'AMD']);
    expect(followUp.entities?.period.label).toBe(seed.entities?.period.label);
  }, 60_000);

  it('a technicals-only run is offered nothing it already showed, an unknown run nothing at all', async () => {
    const run = await (await runs.startRun({ question: 'NVDA vs SPY past year', source: { platform: 'test' } })).done;
    const labels = (await runs.suggestFollowUps!(run.runId)).map((s) => s.label);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels).not.toContain('vs SPY');
    expect(labels).not.toContain('Past year');
    expect(await runs.suggestFollowUps!('no-such-run')).toEqual([]);
  }, 60_000);
});

describe('chart redraw from cached bars', () => {
  it('draws the relative chart for the past year and against SPY, with no synthesis call', async () => {
    const calls = synthesisCalls;
    const chart = seed.artifacts.find((a) => a.name.startsWith('chart_relative'));
    expect(chart).toBeDefined();
    const original = (await runs.getArtifact(seed.runId, chart!.name))!.bytes;
    const year = await runs.redrawChart!(seed.runId, { chart: chart!.name, window: '1Y' });
    expect(year.bytes.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    expect(year.bytes.equals(original)).toBe(false);
    expect(year.caption).toMatch(/^past year \(2025-05-15 → 2026-05-15\)$/);
    expect(year.window).toBe('1Y');
    const spy = await runs.redrawChart!(seed.runId, { chart: chart!.name, window: '1Y', benchmark: 'SPY' });
    expect(spy.benchmark).toBe('SPY');
    expect(spy.alt).toMatch(/SPY/);
    expect(spy.bytes.equals(year.bytes)).toBe(false);
    expect(synthesisCalls).toBe(calls);
    // The run itself is untouched: its log is closed and its stored chart is the original.
    expect((await runs.getArtifact(seed.runId, chart!.name))!.bytes.equals(original)).toBe(true);
  }, 60_000);

  it('redraws the technical chart too', async () => {
    const chart = seed.artifacts.find((a) => a.name.startsWith('chart_nvda'));
    expect(chart).toBeDefined();
    const month = await runs.redrawChart!(seed.runId, { chart: chart!.name, window: '1M' });
    expect(month.bytes.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    expect(month.caption).toMatch(/^past month/);
  }, 60_000);

  it('bad input is a readable error, not a crash', async () => {
    await expect(runs.redrawChart!(seed.runId, { chart: '../../etc/passwd', window: '1Y' })).rejects.toThrow(/chart control/);
    await expect(runs.redrawChart!(seed.runId, { chart: 'nope.png', window: '1Y' })).rejects.toThrow(/not part of this answer/);
    await expect(runs.redrawChart!('missing', { chart: 'chart_nvda.png' })).rejects.toThrow(/ask the question again/);
    await expect(runs.redrawChart!(seed.runId, { chart: 'chart_relative.png', window: '10Y' as never })).rejects.toThrow(/chart control/);
  });
});
