import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BotError } from '../../../src/errors.js';
import { FaultInjector, parseFaults, sleep } from '../../../src/faults.js';
import { ConcurrencyLimits } from '../../../src/pipeline/execute/concurrency-limits.js';
import { MemoryEventLog } from '../../../src/pipeline/events/event-log.js';
import type { RunEvent } from '../../../src/pipeline/events/events.js';
import { Execution, executePlan, type ExecutorOptions } from '../../../src/pipeline/execute/executor.js';
import type { Step } from '../../../src/pipeline/plan/plan-schema.js';
import { defineTool, type AnyTool } from '../../../src/tools/define-tool.js';
import { ToolRegistry } from '../../../src/tools/registry.js';
import { flakyTool, testLogger, testServices, waitTool } from '../../helpers/tool-fixtures.js';

function setup(tools: AnyTool[], opts: Partial<ExecutorOptions> = {}) {
  const log = new MemoryEventLog();
  const controller = new AbortController();
  const options: ExecutorOptions = {
    runId: 'r1',
    registry: new ToolRegistry(tools),
    services: testServices(),
    emit: (type, data) => void log.append('r1', type, data),
    logger: testLogger,
    signal: controller.signal,
    limits: new ConcurrencyLimits({ test: 16 }),
    random: () => 0.5,
    ...opts,
  };
  const events = () => log.history('r1') as RunEvent[];
  const types = (stepId?: string) => events().filter((e) => !stepId || (e.data as { stepId?: string }).stepId === stepId).map((e) => e.type);
  const indexOf = (type: string, stepId: string) => events().findIndex((e) => e.type === type && (e.data as { stepId?: string }).stepId === stepId);
  return { log, controller, options, events, types, indexOf };
}

const step = (id: string, args: Record<string, unknown> = {}, extra: Partial<Step> = {}): Step => ({ id, tool: 'wait', args, label: `step ${id}`, ...extra });

describe('executor', () => {
  it('runs independent steps in parallel and passes outputs through $ref', async () => {
    const t = setup([waitTool]);
    const result = await executePlan(
      [step('a', { ms: 30, value: 2 }), step('b', { ms: 30, value: 3 }), step('c', { inputs: [{ $ref: 'a' }, { $ref: 'b.value' }], value: 0 })],
      t.options,
    );
    expect(t.indexOf('step.started', 'b')).toBeLessThan(t.indexOf('step.succeeded', 'a'));
    expect(t.indexOf('step.started', 'a')).toBeLessThan(t.indexOf('step.succeeded', 'b'));
    const c = result.outcomes.get('c');
    expect(c?.status).toBe('succeeded');
    expect(c?.status === 'succeeded' && c.output).toEqual({ value: 5 });
  });

  it('starts a step as soon as its own dependencies finish, not in waves', async () => {
    const t = setup([waitTool]);
    await executePlan([step('fast', { ms: 5 }), step('slow', { ms: 120 }), step('child', { inputs: [{ $ref: 'fast' }] })], t.options);
    // child depends only on fast: it must finish before slow does.
    expect(t.indexOf('step.succeeded', 'child')).toBeLessThan(t.indexOf('step.succeeded', 'slow'));
  });

  it('retries retryable errors with backoff and reports each retry', async () => {
    const flaky = flakyTool(2);
    const t = setup([flaky.tool]);
    const result = await executePlan([{ id: 'f', tool: 'flaky', args: {}, label: 'flaky' }], t.options);
    expect(result.outcomes.get('f')?.status).toBe('succeeded');
    expect(flaky.calls()).toBe(3);
    const retries = t.events().filter((e) => e.type === 'step.retrying');
    expect(retries).toHaveLength(2);
    const delays = retries.map((e) => (e.type === 'step.retrying' ? e.data.delayMs : 0));
    expect(delays[1]).toBeGreaterThan(delays[0]); // exponential
    expect(t.types('f').filter((x) => x === 'step.started')).toHaveLength(3);
  });

  it('does not retry non-retryable errors', async () => {
    const flaky = flakyTool(5, { retryable: false });
    const t = setup([flaky.tool]);
    const result = await executePlan([{ id: 'f', tool: 'flaky', args: {}, label: 'flaky' }], t.options);
    expect(result.outcomes.get('f')?.status).toBe('failed');
    expect(flaky.calls()).toBe(1);
    expect(t.types('f')).toEqual(['step.started', 'step.failed']);
  });

  it('times out a hanging step with its AbortSignal, even if the tool ignores the signal', async () => {
    const hang = defineTool({
      name: 'hang',
      description: 'never resolves',
      input: z.object({}),
      output: z.object({}),
      timeoutMs: 40,
      retry: { retries: 1, minDelayMs: 5, maxDelayMs: 5 },
      execute: () => new Promise<never>(() => {}),
    });
    const t = setup([hang]);
    const result = await executePlan([{ id: 'h', tool: 'hang', args: {}, label: 'hang' }], t.options);
    const outcome = result.outcomes.get('h');
    expect(outcome?.status).toBe('failed');
    expect(outcome?.status === 'failed' && outcome.error.code).toBe('timeout');
    expect(t.types('h')).toEqual(['step.started', 'step.retrying', 'step.started', 'step.failed']);
  });

  it('runs the declared fallback in place of a failed step and says why', async () => {
    const broken = defineTool({
      name: 'broken',
      description: 'always fails',
      input: z.object({ value: z.number() }),
      output: z.object({ value: z.number() }),
      retry: { retries: 0 },
      fallback: { tool: 'wait', args: (a) => ({ value: a.value }), reason: 'broken failed → switched to wait' },
      execute: async () => {
        throw new BotError('down', 'service down', { retryable: true });
      },
    });
    const t = setup([broken, waitTool]);
    const result = await executePlan(
      [{ id: 'x', tool: 'broken', args: { value: 7 }, label: 'broken thing' }, step('after', { inputs: [{ $ref: 'x' }] })],
      t.options,
    );
    const revised = t.events().find((e) => e.type === 'plan.revised');
    expect(revised?.type === 'plan.revised' && revised.data).toMatchObject({ reason: 'broken failed → switched to wait', removed: ['x'], added: [{ id: 'x_fallback', tool: 'wait' }] });
    expect(result.outcomes.get('x_fallback')).toMatchObject({ status: 'succeeded', output: { value: 7 } });
    expect(result.outcomes.get('after')).toMatchObject({ status: 'skipped', cause: 'dependency_replaced' });
  });

  it('announces no revision when the fallback does not apply or its steps are invalid', async () => {
    const make = (name: string, args: (a: Record<string, unknown>) => Record<string, unknown> | undefined) =>
      defineTool({
        name,
        description: 'always fails',
        input: z.object({ kind: z.string() }),
        output: z.object({}),
        retry: { retries: 0 },
        fallback: { tool: 'wait', args, reason: 'switched' },
        execute: async () => {
          throw new BotError('down', 'down');
        },
      });
    const t = setup([make('no_fallback_here', () => undefined), make('bad_fallback', () => ({ ms: 'not a number' })), waitTool]);
    const result = await executePlan(
      [
        { id: 'a', tool: 'no_fallback_here', args: { kind: 'line' }, label: 'a' },
        { id: 'b', tool: 'bad_fallback', args: { kind: 'x' }, label: 'b' },
        step('after', { inputs: [{ $ref: 'b' }] }),
      ],
      t.options,
    );
    expect(t.events().filter((e) => e.type === 'plan.revised')).toEqual([]);
    expect(result.outcomes.get('after')).toMatchObject({ status: 'skipped', cause: 'dependency_failed' });
  });

  it('skips dependents of a failed step with no fallback, and names the gap', async () => {
    const flaky = flakyTool(9, { retryable: false });
    const t = setup([flaky.tool, waitTool]);
    const result = await executePlan(
      [{ id: 'f', tool: 'flaky', args: {}, label: 'Fetching data' }, step('d1', { inputs: [{ $ref: 'f' }] }), step('d2', { inputs: [{ $ref: 'd1' }] }), step('free')],
      t.options,
    );
    expect(result.outcomes.get('d1')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('Fetching data') });
    expect(result.outcomes.get('d2')?.status).toBe('skipped');
    expect(result.outcomes.get('free')?.status).toBe('succeeded');
    expect(t.types('d2')).toEqual(['step.skipped']);
  });

  it('asks the replan hook when there is no fallback and runs what it proposes', async () => {
    const flaky = flakyTool(9, { retryable: false });
    const t = setup([flaky.tool, waitTool], {
      onStepFailed: async ({ step: failed, usedIds }) => {
        expect(usedIds).toContain(failed.id);
        return { reason: 'use wait instead', steps: [step('instead', { value: 42 })] };
      },
    });
    const result = await executePlan([{ id: 'f', tool: 'flaky', args: {}, label: 'flaky' }], t.options);
    expect(result.outcomes.get('instead')).toMatchObject({ status: 'succeeded', output: { value: 42 } });
  });

  it('caps concurrency per provider key', async () => {
    let active = 0;
    let peak = 0;
    const counted = defineTool({
      name: 'counted',
      description: 'tracks concurrency',
      input: z.object({}),
      output: z.object({}),
      concurrencyKey: 'capped',
      execute: async () => {
        peak = Math.max(peak, ++active);
        await sleep(15);
        active--;
        return {};
      },
    });
    const t = setup([counted], { limits: new ConcurrencyLimits({ capped: 2 }) });
    await executePlan(
      Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, tool: 'counted', args: {}, label: `s${i}` })),
      t.options,
    );
    expect(peak).toBe(2);
  });

  it('cancels: running steps are aborted and nothing new starts', async () => {
    const t = setup([waitTool]);
    const execution = new Execution(t.options);
    execution.add(step('long', { ms: 5_000 }));
    execution.add(step('next', { inputs: [{ $ref: 'long' }] }));
    execution.seal();
    setTimeout(() => t.controller.abort(new Error('stop')), 20);
    const result = await execution.done;
    expect(result.cancelled).toBe(true);
    expect(t.types('next')).toEqual([]);
  });

  it('accepts steps while running (streamed plans) and rejects unknown tools before running them', async () => {
    const t = setup([waitTool]);
    const execution = new Execution(t.options);
    execution.add(step('a', { ms: 20 }));
    await sleep(5);
    expect(t.types('a')).toContain('step.started'); // started before the plan is complete
    expect(() => execution.add({ id: 'bad', tool: 'rm_rf', args: {}, label: 'nope' })).toThrow(/unknown tool/);
    expect(() => execution.add(step('later', { inputs: [{ $ref: 'not_yet' }] }))).toThrow(/unknown step/);
    execution.add(step('b', { inputs: [{ $ref: 'a' }] }));
    execution.seal();
    const result = await execution.done;
    expect(result.outcomes.get('b')?.status).toBe('succeeded');
    expect(t.types('bad')).toEqual([]);
  });

  it('injects faults from MARKETDESK_FAULTS syntax', async () => {
    const t = setup([waitTool], { services: testServices({ faults: new FaultInjector(parseFaults('wait=fatal')) }) });
    const result = await executePlan([step('a')], t.options);
    expect(result.outcomes.get('a')).toMatchObject({ status: 'failed', error: { code: 'fault_injected' } });
  });

  it('rejects arguments that fail the tool schema once refs resolve', async () => {
    const t = setup([waitTool]);
    const result = await executePlan([step('a', { value: 1 }), step('b', { ms: { $ref: 'a' } })], t.options);
    expect(result.outcomes.get('b')).toMatchObject({ status: 'failed', error: { code: 'tool_input_invalid' } });
  });
});
