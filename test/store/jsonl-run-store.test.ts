import { appendFile, mkdtemp, readFile, readdir, rm, stat, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { MemoryEventLog } from '../../src/pipeline/events/event-log.js';
import { reduceRun } from '../../src/pipeline/events/reduce.js';
import { JsonlRunStore } from '../../src/store/jsonl-run-store.js';

let dir: string;
const stores: JsonlRunStore[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'marketdesk-store-'));
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

function open(options: { now?: () => Date; retentionDays?: number } = {}) {
  const log = new MemoryEventLog(options.now ? { now: options.now } : {});
  const store = new JsonlRunStore({ dataDir: dir, events: log, logger: silentLogger, flushDelayMs: 5, ...options });
  stores.push(store);
  return { log, store };
}

function playRun(log: MemoryEventLog, runId: string, finish = true) {
  log.append(runId, 'run.created', { question: `question for ${runId}`, source: { platform: 'test' } });
  log.append(runId, 'plan.created', { planner: 'template', steps: [{ id: 'a', tool: 'get_bars', label: 'A', dependsOn: [] }] });
  log.append(runId, 'step.started', { stepId: 'a', attempt: 1 });
  log.append(runId, 'synthesis.delta', { text: 'partial ' });
  if (finish) log.append(runId, 'run.completed', { answer: 'final', artifacts: [], usage: { stages: {}, totalTokens: 0, totalCostUsd: 0, durationMs: 1 } });
}

describe('JsonlRunStore', () => {
  it('appends every event as one JSON line per event under runs/<id>/events.jsonl', async () => {
    const { log, store } = open();
    await store.open();
    playRun(log, 'runA');
    await store.flush();
    const lines = (await readFile(path.join(dir, 'runs', 'runA', 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(log.history('runA'));
  });

  it('restores past runs after a restart: same history, same snapshot, still listed', async () => {
    const first = open();
    await first.store.open();
    playRun(first.log, 'runA');
    playRun(first.log, 'runB');
    await first.store.close();

    const second = open();
    const result = await second.store.open();
    expect(result).toMatchObject({ restored: 2, interrupted: [], expired: 0 });
    expect(second.log.history('runA')).toEqual(first.log.history('runA'));
    expect(reduceRun(second.log.history('runB'))).toEqual(reduceRun(first.log.history('runB')));
    expect((await second.store.list()).map((s) => [s.runId, s.status])).toEqual(
      expect.arrayContaining([
        ['runA', 'completed'],
        ['runB', 'completed'],
      ]),
    );
    // A restored run is closed: nothing can be appended after its terminal event.
    expect(second.log.append('runA', 'run.cancelled', { by: 'x' })).toBeUndefined();
  });

  it('marks a run that was in flight when the process died as failed (interrupted), once', async () => {
    const first = open();
    await first.store.open();
    playRun(first.log, 'runX', false);
    await first.store.flush(); // the process "dies" here: no close, no terminal event

    const second = open();
    const result = await second.store.open();
    expect(result.interrupted).toEqual(['runX']);
    const last = second.log.history('runX').at(-1)!;
    // It continues above the seqs the store had reserved (a client may have seen seqs that never reached disk).
    expect(last).toMatchObject({ type: 'run.failed', seq: 65, data: { error: { code: 'interrupted' }, partialAnswer: 'partial ' } });
    expect((last.data as { error: { message: string } }).error.message).toMatch(/stopped while this run was in progress/);
    await second.store.close();

    const third = open();
    const again = await third.store.open();
    expect(again.interrupted).toEqual([]);
    expect(reduceRun(third.log.history('runX')).status).toBe('failed');
    expect(third.log.history('runX')).toHaveLength(5);
  });

  it('reads around a torn last line without rewriting it, so the interrupted marker is readable after the next restart', async () => {
    const first = open();
    await first.store.open();
    playRun(first.log, 'runT', false);
    await first.store.flush();
    await appendFile(path.join(dir, 'runs', 'runT', 'events.jsonl'), '{"runId":"runT","seq":5,"ts":"20');
    const torn = await readFile(path.join(dir, 'runs', 'runT', 'events.jsonl'), 'utf8');

    const second = open();
    expect((await second.store.open()).interrupted).toEqual(['runT']);
    await second.store.close();
    // The file was appended to, never rewritten: the torn line is still there, and the marker on a line of its own.
    expect((await readFile(path.join(dir, 'runs', 'runT', 'events.jsonl'), 'utf8')).startsWith(torn)).toBe(true);
    const third = open();
    expect(await third.store.open()).toMatchObject({ restored: 1, interrupted: [] });
    expect(third.log.history('runT').map((e) => e.type).at(-1)).toBe('run.failed');
  });

  it('skips unreadable files and foreign directories without failing', async () => {
    await mkdir(path.join(dir, 'runs', 'garbage'), { recursive: true });
    await writeFile(path.join(dir, 'runs', 'garbage', 'events.jsonl'), 'not json at all\n');
    await mkdir(path.join(dir, 'runs', 'empty'), { recursive: true });
    await mkdir(path.join(dir, 'runs', 'bad name!'), { recursive: true });
    const { store, log } = open();
    expect(await store.open()).toMatchObject({ restored: 0, unreadable: 1 });
    expect(log.runIds()).toEqual([]);
  });

  it('applies retention at start-up and while running', async () => {
    let now = new Date('2026-05-01T00:00:00Z');
    const first = open({ now: () => now, retentionDays: 7 });
    await first.store.open();
    playRun(first.log, 'old');
    now = new Date('2026-05-06T00:00:00Z');
    playRun(first.log, 'recent');
    await first.store.flush();

    now = new Date('2026-05-10T00:00:00Z');
    expect(await first.store.sweep()).toBe(1);
    expect(first.log.has('old')).toBe(false);
    expect(await readdir(path.join(dir, 'runs'))).toEqual(['recent']);
    await first.store.close();

    now = new Date('2026-05-20T00:00:00Z');
    const second = open({ now: () => now, retentionDays: 7 });
    expect(await second.store.open()).toMatchObject({ restored: 0, expired: 1 });
    await expect(stat(path.join(dir, 'runs', 'recent'))).rejects.toThrow();
  });

  it('keeps runs forever with retentionDays 0', async () => {
    let now = new Date('2020-01-01T00:00:00Z');
    const first = open({ now: () => now, retentionDays: 0 });
    await first.store.open();
    playRun(first.log, 'ancient');
    now = new Date('2026-01-01T00:00:00Z');
    expect(await first.store.sweep()).toBe(0);
    await first.store.close();
    expect((await open({ now: () => now, retentionDays: 0 }).store.open()).restored).toBe(1);
  });

  it('keeps the lines of every run complete and in order when runs interleave', async () => {
    const { log, store } = open();
    await store.open();
    for (let i = 0; i < 50; i++) for (const id of ['r1', 'r2', 'r3']) {
      if (i === 0) log.append(id, 'run.created', { question: id, source: { platform: 'test' } });
      else log.append(id, 'step.progress', { stepId: 's', message: `${id}-${i}` });
    }
    await store.flush();
    for (const id of ['r1', 'r2', 'r3']) {
      const seqs = (await readFile(path.join(dir, 'runs', id, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).seq);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }
  });
});
