/**
 * Issue 14, failure 9 and the server limits: malformed and abusive requests get a 4xx (never a 500) and no warn or
 * error log line with a stack; half-sent requests are cut off; during a drain /healthz and new runs get 503.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { startInProcess } from './helpers/in-process-server.js';

let server: Awaited<ReturnType<typeof startInProcess>>;
beforeAll(async () => {
  server = await startInProcess({}, { http: { limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxConnections: 500 } } });
});
afterAll(() => server?.close());

const post = (body: BodyInit, contentType = 'application/json', extra: Record<string, string> = {}) =>
  fetch(`${server.url}/api/runs`, { method: 'POST', headers: { 'content-type': contentType, ...extra }, body });

/** [what, request, expected status] — every case is a client mistake and must get a 4xx. */
const CASES: [string, () => Promise<Response>, number][] = [
  ['bad %-escape in a run id', () => fetch(`${server.url}/api/runs/%ZZ`), 400],
  ['truncated UTF-8 escape in a run id', () => fetch(`${server.url}/api/runs/%E0%A4%A`), 400],
  ['bad %-escape in an artifact name', () => fetch(`${server.url}/api/runs/abc/artifacts/%zz.png`), 400],
  ['bad %-escape in the events path', () => fetch(`${server.url}/api/runs/%C0/events`), 400],
  ['JSON with charset=latin1', () => post('{"question":"NVDA"}', 'application/json; charset=latin1'), 415],
  ['JSON with charset=koi8-r', () => post('{"question":"NVDA"}', 'application/json; charset=koi8-r'), 415],
  ['gzip body we do not accept', () => post(new Blob([new Uint8Array([0x1f, 0x8b, 0, 0])]), 'application/json', { 'content-encoding': 'gzip' }), 400],
  ['unknown content-encoding', () => post('{}', 'application/json', { 'content-encoding': 'br2' }), 415],
  ['not JSON', () => post('{"question":'), 400],
  ['JSON array', () => post('[1,2]'), 400],
  ['JSON string', () => post('"NVDA"'), 400],
  ['question is a number', () => post('{"question":42}'), 400],
  ['question is null', () => post('{"question":null}'), 400],
  ['question is blank', () => post('{"question":"   "}'), 400],
  ['question too long', () => post(JSON.stringify({ question: 'x'.repeat(2_500) })), 400],
  ['body too large', () => post(JSON.stringify({ question: 'x'.repeat(40_000) })), 413],
  ['text/plain', () => post('NVDA', 'text/plain'), 415],
  ['form encoded', () => post('question=NVDA', 'application/x-www-form-urlencoded'), 415],
  ['no content type', () => fetch(`${server.url}/api/runs`, { method: 'POST', body: '{"question":"NVDA"}' }), 415],
  ['limit not a number', () => fetch(`${server.url}/api/runs?limit=abc`), 400],
  ['limit out of range', () => fetch(`${server.url}/api/runs?limit=100000`), 400],
  ['unknown run', () => fetch(`${server.url}/api/runs/nope`), 404],
  ['run id with a path', () => fetch(`${server.url}/api/runs/..%2F..%2Fetc%2Fpasswd`), 404],
  ['unknown API endpoint', () => fetch(`${server.url}/api/nothing`), 404],
  ['cancel an unknown run', () => fetch(`${server.url}/api/runs/nope/cancel`, { method: 'POST' }), 404],
  ['unknown page', () => fetch(`${server.url}/nothing-here`), 404],
];

describe('malformed requests', () => {
  it.each(CASES)('%s → the right 4xx', async (_what, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = await response.text();
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/); // no stack to the client
  });

  it('an unparseable Last-Event-ID is a 400 for a real run', async () => {
    const started = (await (await post('{"question":"NVDA price"}')).json()) as { eventsUrl: string };
    for (const id of ['-1', 'abc', '1e400', '99999999999999999999']) {
      expect((await fetch(`${server.url}${started.eventsUrl}`, { headers: { 'last-event-id': id } })).status, id).toBe(400);
    }
  });

  it('200 uploads aborted mid-body leave no warn or error line, and the server still answers', async () => {
    const before = server.lines.length;
    const { port } = new URL(server.url);
    await Promise.all(
      Array.from({ length: 200 }, () =>
        new Promise<void>((resolve) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write('POST /api/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"question":"NV');
            setTimeout(() => socket.destroy(), 20);
          });
          socket.on('close', () => resolve());
          socket.on('error', () => resolve());
        }),
      ),
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const after = server.lines.slice(before);
    expect(after.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('no case above logged a warning, an error or a stack', () => {
    expect(server.lines.length).toBeGreaterThan(0); // the logger is really capturing
    expect(server.loud()).toEqual([]);
  });
});

describe('server limits', () => {
  it('closes 100 half-sent requests (slow-loris) without holding the sockets', async () => {
    const { port } = new URL(server.url);
    const sockets: Socket[] = [];
    let closed = 0;
    for (let i = 0; i < 100; i++) {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
      socket.resume(); // read, so the client sees the server's 408 and close
      socket.on('close', () => closed++);
      socket.on('error', () => undefined);
      sockets.push(socket);
    }
    await waitFor(() => closed === 100, 20_000, 'the server to close every half-sent request');
    expect(closed).toBe(100);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
