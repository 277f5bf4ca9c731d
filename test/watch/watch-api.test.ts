import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer } from '../adapters/http/helpers/app-server.js';

let server: Awaited<ReturnType<typeof startAppServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOKEN = 'watch-api-test-token-0123456789';

describe('/api/watch', () => {
  it('is behind the API token, validates bodies, and lists what commands changed', async () => {
    server = await startAppServer({ API_TOKEN: TOKEN, WATCH_TICK_MS: '0' });
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/watch`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/watch/commands`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);

    const bad = await fetch(`${server.url}/api/watch/commands`, { method: 'POST', headers: auth, body: JSON.stringify({ channel: { platform: 'irc', channel: 'x' }, command: 'watch', text: 'add NVDA' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('channel.platform');

    const channel = { platform: 'slack', team: 'T1', channel: 'C1' };
    const add = await fetch(`${server.url}/api/watch/commands`, { method: 'POST', headers: auth, body: JSON.stringify({ channel, command: 'watch', text: 'add NVDA' }) });
    expect(add.status).toBe(200);
    const alert = (await (await fetch(`${server.url}/api/watch/commands`, { method: 'POST', headers: auth, body: JSON.stringify({ channel, command: 'alert', text: 'NVDA crosses sma20', user: 'U7' }) })).json()) as { text: string };
    const id = /`([0-9a-f]{8})`/.exec(alert.text)![1];

    const view = (await (await fetch(`${server.url}/api/watch/channels/slack/C1?team=T1`, { headers: auth })).json()) as { symbols: string[]; alerts: { id: string; createdBy: string }[] };
    expect(view.symbols).toEqual(['NVDA']);
    expect(view.alerts).toEqual([expect.objectContaining({ id, createdBy: 'U7' })]);
    expect((await fetch(`${server.url}/api/watch/alerts/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${server.url}/api/watch/alerts/${id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });
});
