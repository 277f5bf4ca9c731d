import net from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runEventSchema } from '../../../src/pipeline/events/events.js';
import { waitFor } from '../../helpers/wait-for.js';
import { collectSse, seqs, types } from './helpers/sse-client.js';
import { postRun, startTestServer, type TestServer } from './helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const until = (n: number) => (messages: unknown[]) => messages.length >= n;

describe('SSE /api/runs/:id/events', () => {
  it('replays history, follows live, and ends after the terminal event', async () => {
    server = await startTestServer();
    const { body } = await postRun(server.url, 'How did NVDA do?');
    const runId = body.id as string;
    server.api.playUntilAnswer(runId);
    const reading = collectSse(`${server.url}${body.eventsUrl}`);
    await waitFor(() => server!.http.sseStats().open === 1);
    server.api.complete(runId);
    const result = await reading;

    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(result.retry).toBe(2000);
    expect(result.ended).toBe(true);
    const history = server.log.history(runId);
    expect(seqs(result.messages)).toEqual(history.map((e) => e.seq));
    expect(types(result.messages)).toEqual(history.map((e) => e.type));
    expect(result.messages.at(-1)?.event).toBe('run.completed');
    for (const message of result.messages) {
      const event = runEventSchema.parse(JSON.parse(message.data));
      expect(String(event.seq)).toBe(message.id);
      expect(event.runId).toBe(runId);
    }
  });

  it('resumes from Last-Event-ID with no gap and no duplicate', async () => {
    server = await startTestServer();
    const { body } = await postRun(server.url, 'resume me');
    const runId = body.id as string;
    server.api.playUntilAnswer(runId, 'a fairly long answer that streams in several parts');
    const read = await collectSse(`${server.url}${body.eventsUrl}`, { until: until(5) });
    expect(read.ended).toBe(false);
    // The client disconnects having processed 5 events (a chunk may have carried more; they were never handled).
    const first = { messages: read.messages.slice(0, 5) };
    // The server noticed the disconnect and unsubscribed (no listener leak).
    await waitFor(() => server!.http.sseStats().open === 0, 5_000, 'subscriber released');
    const lastId = first.messages.at(-1)!.id!;
    expect(lastId).toBe('5');
    // More happens while the client is away.
    server.api.complete(runId, 'done');
    const second = await collectSse(`${server.url}${body.eventsUrl}`, { headers: { 'last-event-id': lastId } });
    const all = [...seqs(first.messages), ...seqs(second.messages)];
    expect(all).toEqual(server.log.history(runId).map((e) => e.seq));
    expect(second.ended).toBe(true);
    // Nothing left after the terminal event: 204 tells EventSource to stop reconnecting.
    const after = await fetch(`${server.url}${body.eventsUrl}`, { headers: { 'last-event-id': second.messages.at(-1)!.id! } });
    expect(after.status).toBe(204);
  });

  it('serves many concurrent subscribers the same complete sequence', async () => {
    server = await startTestServer();
    const { body } = await postRun(server.url, 'fan out');
    const runId = body.id as string;
    const readers = Array.from({ length: 20 }, () => collectSse(`${server!.url}${body.eventsUrl}`, { timeoutMs: 10_000 }));
    readers.forEach((reader) => reader.catch(() => undefined));
    await waitFor(() => server!.http.sseStats().open === 20, 8_000, '20 subscribers');
    server.api.playUntilAnswer(runId);
    server.api.complete(runId);
    const results = await Promise.all(readers);
    const expected = server.log.history(runId).map((e) => e.seq);
    for (const result of results) expect(seqs(result.messages)).toEqual(expected);
    await waitFor(() => server!.http.sseStats().open === 0);
    expect(server.http.sseStats()).toMatchObject({ open: 0, completed: 20, dropped: 0 });
  });

  it('sends heartbeat comments while the run is quiet', async () => {
    server = await startTestServer({ sse: { heartbeatMs: 25 } });
    const { body } = await postRun(server.url, 'quiet run');
    const reading = collectSse(`${server.url}${body.eventsUrl}`);
    await waitFor(() => server!.http.sseStats().open === 1);
    await new Promise((r) => setTimeout(r, 120));
    server.api.cancelRun(body.id, 'test');
    const result = await reading;
    expect(result.comments.filter((c) => c.trim() === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(types(result.messages)).toEqual(['run.created', 'run.cancelled']);
  });

  it('answers 404 for unknown runs and 400 for a bad Last-Event-ID', async () => {
    server = await startTestServer();
    const unknown = await fetch(`${server.url}/api/runs/nope123/events`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'run_not_found', message: expect.any(String) } });
    const { body } = await postRun(server.url, 'q');
    const bad = await fetch(`${server.url}${body.eventsUrl}`, { headers: { 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_last_event_id');
  });

  it('drops a subscriber that stops reading, without blocking the run or other subscribers', async () => {
    server = await startTestServer({ sse: { maxBufferedBytes: 256 * 1024 } });
    const { body } = await postRun(server.url, 'slow reader');
    const runId = body.id as string;
    const { port } = new URL(server.url);
    const slow = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(`GET ${body.eventsUrl} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    slow.pause(); // never reads: the kernel buffers fill, then the server-side buffer grows
    const good = collectSse(`${server.url}${body.eventsUrl}`, { timeoutMs: 20_000 });
    good.catch(() => undefined);
    await waitFor(() => server!.http.sseStats().open === 2, 5_000, 'two subscribers');

    const chunk = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 1200 && server.http.sseStats().dropped === 0; i++) {
      server.log.append(runId, 'synthesis.delta', { text: chunk });
      await nextTurn();
    }
    expect(server.http.sseStats().dropped).toBe(1);
    server.api.complete(runId, 'end');
    const result = await good;
    expect(result.ended).toBe(true);
    expect(seqs(result.messages)).toEqual(server.log.history(runId).map((e) => e.seq));
    expect(server.log.history(runId).at(-1)?.type).toBe('run.completed');
    slow.destroy();
  }, 30_000);
});
