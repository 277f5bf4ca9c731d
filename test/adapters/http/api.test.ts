import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { postRun, startTestServer, type TestServer } from './helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any, headers: response.headers });

describe('REST /api', () => {
  it('starts a run (202, id, eventsUrl) and serves its snapshot', async () => {
    server = await startTestServer();
    const started = await postRun(server.url, '  How has NVDA done vs SOX?  ');
    expect(started.status).toBe(202);
    expect(started.body.id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(started.body.eventsUrl).toBe(`/api/runs/${started.body.id}/events`);
    expect(started.headers.get('location')).toBe(`/api/runs/${started.body.id}`);
    server.api.playUntilAnswer(started.body.id);
    server.api.complete(started.body.id);
    const snap = await json(await fetch(`${server.url}/api/runs/${started.body.id}`));
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({ id: started.body.id, status: 'completed', question: 'How has NVDA done vs SOX?', done: true, answer: 'NVDA rose **12.3%**.' });
    expect(snap.body.plannedSteps.map((s: any) => s.id)).toEqual(['prices_nvda', 'chart']);
    expect(snap.body.steps.map((s: any) => [s.id, s.status, s.durationMs])).toEqual([
      ['prices_nvda', 'succeeded', 12],
      ['chart', 'succeeded', 40],
    ]);
    expect(snap.body.artifacts).toEqual([
      { name: 'chart.png', kind: 'chart', mime: 'image/png', alt: 'NVDA vs SOX', url: `/api/runs/${started.body.id}/artifacts/chart.png` },
    ]);
    expect(snap.body.usage.durationMs).toBe(60);
  });

  it('stores 👍/👎 with a finished run, refuses it while running or malformed, 404 for unknown runs', async () => {
    server = await startTestServer();
    const started = await postRun(server.url, 'NVDA vs SOX');
    const id = started.body.id;
    const rate = (runId: string, body: unknown, type = 'application/json') =>
      fetch(`${server!.url}/api/runs/${runId}/feedback`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });
    expect(await json(await rate(id, { rating: 'positive' }))).toMatchObject({ status: 409, body: { error: { code: 'run_running' } } });
    server.api.playUntilAnswer(id);
    server.api.complete(id);
    expect(await json(await rate(id, { rating: 'meh' }))).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await json(await rate(id, { rating: 'positive', platform: 'slack' }))).toMatchObject({ status: 400 }); // the platform is the API's to say
    expect((await rate(id, { rating: 'positive' }, 'text/plain')).status).toBe(415);
    expect(await json(await rate('no-such-run', { rating: 'positive' }))).toMatchObject({ status: 404, body: { error: { code: 'run_not_found' } } });
    expect(await json(await rate(id, { rating: 'negative', comment: '  wrong window  ' }))).toMatchObject({ status: 201, body: { id, rating: 'negative' } });
    const stored = await json(await fetch(`${server.url}/api/runs/${id}/feedback`));
    expect(stored.body.feedback).toHaveLength(1);
    expect(stored.body.feedback[0]).toMatchObject({ rating: 'negative', platform: 'http', comment: 'wrong window' });
    expect((await fetch(`${server.url}/api/about`)).status).toBe(404); // no data description given to this server
  });

  it('lists recent runs, most recent first', async () => {
    server = await startTestServer();
    const a = await postRun(server.url, 'first');
    const b = await postRun(server.url, 'second');
    server.api.cancelRun(a.body.id, 'test');
    const list = await json(await fetch(`${server.url}/api/runs?limit=10`));
    expect(list.body.runs.map((r: any) => [r.id, r.question, r.status])).toEqual([
      [b.body.id, 'second', 'running'],
      [a.body.id, 'first', 'cancelled'],
    ]);
    expect((await fetch(`${server.url}/api/runs?limit=0`)).status).toBe(400);
  });

  it('rejects bad requests with 400/413/415 and a JSON error', async () => {
    server = await startTestServer({ maxQuestionChars: 2000 });
    const post = (body: string, type = 'application/json') => fetch(`${server!.url}/api/runs`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(await json(await post('{"question": ""}'))).toMatchObject({ status: 400, body: { error: { code: 'invalid_question' } } });
    expect(await json(await post('{"question": 42}'))).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await json(await post('{"q'))).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    expect(await json(await post(JSON.stringify({ question: 'x'.repeat(2001) })))).toMatchObject({ status: 400, body: { error: { code: 'question_too_long' } } });
    expect(await json(await post(JSON.stringify({ question: 'x'.repeat(20_000) })))).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect(await json(await post('question=hi', 'application/x-www-form-urlencoded'))).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    const bad = await json(await post('{"q'));
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts|node_modules|stack/i);
    expect(server.api.started).toHaveLength(0);
  });

  it('answers 404 for unknown runs, artifacts and endpoints', async () => {
    server = await startTestServer();
    for (const path of ['/api/runs/unknownid', '/api/runs/..%2F..%2Fetc', '/api/runs/unknownid/artifacts/chart.png', '/api/nothing']) {
      const response = await json(await fetch(`${server.url}${path}`));
      expect(response.status, path).toBe(404);
      expect(response.body.error.code, path).toMatch(/not_found$/);
    }
    const { body } = await postRun(server.url, 'q');
    server.api.playUntilAnswer(body.id);
    // events.jsonl lives in the run directory but is not an artifact of the run.
    expect((await fetch(`${server.url}/api/runs/${body.id}/artifacts/events.jsonl`)).status).toBe(404);
    // Announced, but the file was never written.
    expect((await json(await fetch(`${server.url}/api/runs/${body.id}/artifacts/chart.png`))).body.error.code).toBe('artifact_not_found');
  });

  it('serves an announced artifact with its mime type', async () => {
    server = await startTestServer();
    const { body } = await postRun(server.url, 'chart please');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await server.artifacts.save(body.id, 'chart.png', png, 'image/png');
    server.api.playUntilAnswer(body.id);
    const response = await fetch(`${server.url}/api/runs/${body.id}/artifacts/chart.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it('cancels a running run (DELETE and POST …/cancel), 409 once ended', async () => {
    server = await startTestServer();
    const a = await postRun(server.url, 'cancel me');
    const cancelled = await json(await fetch(`${server.url}/api/runs/${a.body.id}`, { method: 'DELETE' }));
    expect(cancelled).toMatchObject({ status: 202, body: { id: a.body.id, status: 'cancelling' } });
    expect(server.log.history(a.body.id).at(-1)).toMatchObject({ type: 'run.cancelled', data: { by: 'api' } });
    expect((await json(await fetch(`${server.url}/api/runs/${a.body.id}/cancel`, { method: 'POST' }))).status).toBe(409);
    const b = await postRun(server.url, 'cancel me too');
    expect((await fetch(`${server.url}/api/runs/${b.body.id}/cancel`, { method: 'POST' })).status).toBe(202);
    expect((await server.api.getRun(b.body.id))?.status).toBe('cancelled');
    expect((await fetch(`${server.url}/api/runs/nope/cancel`, { method: 'POST' })).status).toBe(404);
  });

  it('requires the bearer token when API_TOKEN is set (401 otherwise)', async () => {
    server = await startTestServer({ apiToken: 's3cret-token' });
    const none = await json(await fetch(`${server.url}/api/runs`));
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${server.url}/api/runs`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/runs`, { headers: { authorization: 's3cret-token' } })).status).toBe(401);
    expect((await postRun(server.url, 'q')).status).toBe(401);
    expect((await fetch(`${server.url}/api/runs`, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    expect((await postRun(server.url, 'q', { authorization: 'Bearer s3cret-token' })).status).toBe(202);
    // Health and the console page stay reachable (the console asks for the token).
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });

  it('rate-limits POST /api/runs per client with 429 and Retry-After', async () => {
    server = await startTestServer({ rateLimit: { capacity: 3, refillPerSecond: 0.2 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await postRun(server.url, `q${i}`)).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const limited = await postRun(server.url, 'again');
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    // Reads are not limited.
    expect((await fetch(`${server.url}/api/runs`)).status).toBe(200);
  });

  it('sends security headers, no CORS headers, and never X-Powered-By', async () => {
    server = await startTestServer();
    for (const path of ['/', '/api/runs', '/healthz']) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: 'https://evil.example' } });
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
    const preflight = await fetch(`${server.url}/api/runs`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('passes the raw body to mounts (Slack verifies signatures over it)', async () => {
    const seen: string[] = [];
    const router = express.Router();
    router.post('/', express.raw({ type: '*/*' }), (req, res) => {
      seen.push(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : `parsed:${typeof req.body}`);
      res.status(200).send('ok');
    });
    server = await startTestServer({ mounts: [{ path: '/slack/events', router }], apiToken: 'tok' });
    const raw = '{"type":"url_verification","challenge":"c"}';
    const response = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(response.status).toBe(200);
    expect(seen).toEqual([raw]);
  });
});

describe('createHttpServer configuration', () => {
  it('refuses to serve a non-loopback HOST without API_TOKEN', async () => {
    const { createHttpServer } = await import('../../../src/adapters/http/index.js');
    const { silentLogger } = await import('../../../src/logger.js');
    const { createScriptedRunApi } = await import('./helpers/scripted-run-api.js');
    const deps = { logger: silentLogger, runs: createScriptedRunApi() };
    expect(() => createHttpServer({ ...deps, config: { PORT: 0, HOST: '0.0.0.0', API_TOKEN: undefined } })).toThrow(/API_TOKEN/);
    expect(() => createHttpServer({ ...deps, config: { PORT: 0, HOST: '0.0.0.0', API_TOKEN: 'x' } })).not.toThrow();
  });
});
