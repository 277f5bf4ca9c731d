// The HTTP surface over the real pipeline (createApp, offline defaults): what SSE delivers folds into exactly the
// REST snapshot; a run can be cancelled mid-flight; graceful close marks runs that cannot finish in time.
import { afterEach, describe, expect, it } from 'vitest';
import { runEventSchema } from '../../../src/pipeline/events/events.js';
import { reduceRun } from '../../../src/pipeline/events/reduce.js';
import { startAppServer } from './helpers/app-server.js';
import { collectSse, types } from './helpers/sse-client.js';
import { postRun } from './helpers/test-server.js';

let server: Awaited<ReturnType<typeof startAppServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HTTP surface over the real pipeline', () => {
  it('streams a whole run; the folded stream equals the snapshot', async () => {
    server = await startAppServer();
    const { status, body } = await postRun(server.url, 'How has NVDA performed relative to the semiconductor sector over the past quarter?');
    expect(status).toBe(202);
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 random bits
    const stream = await collectSse(`${server.url}${body.eventsUrl}`, { timeoutMs: 20_000 });
    expect(stream.ended).toBe(true);
    const events = stream.messages.map((m) => runEventSchema.parse(JSON.parse(m.data)));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(types(stream.messages)).toContain('plan.created');
    expect(types(stream.messages).at(-1)).toBe('run.completed');
    const snapshot = await (await fetch(`${server.url}/api/runs/${body.id}`)).json();
    const { artifacts: _a, ...folded } = reduceRun(events, body.id);
    const { id: _id, eventsUrl: _e, artifacts: _b, ...served } = snapshot;
    expect(served).toEqual(JSON.parse(JSON.stringify({ ...folded, runId: undefined })));
    expect(snapshot.answer).toContain('NVDA');
  });

  it('cancels a run in flight through the API', async () => {
    server = await startAppServer({ MARKETDESK_FAULTS: 'get_bars=slow:20000' });
    const { body } = await postRun(server.url, 'How has NVDA performed over the past quarter?');
    const started = await collectSse(`${server.url}${body.eventsUrl}`, { until: (m) => m.some((x) => x.event === 'step.started'), timeoutMs: 10_000 });
    expect(types(started.messages)).toContain('step.started');
    const cancel = await fetch(`${server.url}/api/runs/${body.id}`, { method: 'DELETE' });
    expect(cancel.status).toBe(202);
    const rest = await collectSse(`${server.url}${body.eventsUrl}`, { headers: { 'last-event-id': started.messages.at(-1)!.id! }, timeoutMs: 10_000 });
    expect(types(rest.messages).at(-1)).toBe('run.cancelled');
    const snapshot = await (await fetch(`${server.url}/api/runs/${body.id}`)).json();
    expect(snapshot).toMatchObject({ status: 'cancelled', cancelledBy: 'api', done: true });
    expect(snapshot.steps.every((s: { status: string }) => s.status !== 'running' && s.status !== 'pending')).toBe(true);
    expect((await fetch(`${server.url}/api/runs/${body.id}/cancel`, { method: 'POST' })).status).toBe(409);
  });

  it('on close, marks a run that cannot finish within the drain timeout and ends its stream', async () => {
    server = await startAppServer({ MARKETDESK_FAULTS: 'get_bars=slow:20000' });
    const { body } = await postRun(server.url, 'How has AMD performed over the past month?');
    const stream = collectSse(`${server.url}${body.eventsUrl}`, { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 200));
    await server.http.close(); // drainTimeoutMs is 2 s in the helper
    const result = await stream;
    expect(result.ended).toBe(true);
    const last = JSON.parse(result.messages.at(-1)!.data);
    expect(['run.failed', 'run.cancelled']).toContain(last.type);
    await server.store.flush();
    expect((await server.app.pipeline.getRun(body.id))?.done).toBe(true);
  });
});
