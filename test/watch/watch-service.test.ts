import { afterEach, describe, expect, it } from 'vitest';
import { SqliteWatchStore } from '../../src/watch/sqlite-watch-store.js';
import { WatchService } from '../../src/watch/watch-service.js';
import { symbolDirectoryFor } from '../../src/tools/market/symbol-directory.js';
import { channelKey, type ChannelRef } from '../../src/watch/types.js';
import { ny, offlineApp, recordingDelivery } from './helpers.js';

const channel: ChannelRef = { platform: 'discord', team: 'G', channel: 'C' };
const actor = { channel, user: 'U1', canPost: true };
let store: SqliteWatchStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function service(maxSymbols?: number) {
  const app = offlineApp();
  store = new SqliteWatchStore(':memory:');
  const rec = recordingDelivery(app);
  const svc = new WatchService({ store, market: app.services.market, directory: symbolDirectoryFor(), deliver: rec.deliver, now: () => ny('2026-05-15', '17:00'), ...(maxSymbols ? { maxSymbols } : {}) });
  return { svc, store, app, ...rec };
}

describe('WatchService', () => {
  it('refuses symbols the directory or the dataset does not have, with the reason', async () => {
    const { svc, app } = service();
    const offline = app.services.market.availableSymbols()!;
    expect(offline.length).toBeGreaterThan(0);
    const inDirectoryNotOffline = symbolDirectoryFor().has('KO') && !offline.includes('KO');
    const reply = await svc.handleText('watch', `add NVDA QQQQX${inDirectoryNotOffline ? ' KO' : ''}`, actor);
    expect(reply.text).toContain('Added NVDA.');
    expect(reply.text).toContain('Refused QQQQX: not in the symbol directory');
    if (inDirectoryNotOffline) expect(reply.text).toMatch(/Refused KO: the offline dataset has no prices for it/);
  });

  it('caps a channel at its limit with a clear message', async () => {
    const { svc, store: s } = service(3);
    const reply = await svc.handleText('watch', 'add NVDA AMD AAPL MSFT', actor);
    expect(reply.text).toContain('Added NVDA, AMD, AAPL.');
    expect(reply.text).toContain('Not added: MSFT — a channel watches at most 3 symbols');
    expect(await s.getWatchlist(channelKey(channel))).toEqual(['NVDA', 'AMD', 'AAPL']);
  });

  it('only people who can post manage the channel; anyone can list', async () => {
    const { svc } = service();
    const reader = { ...actor, canPost: false };
    for (const [name, text] of [['watch', 'add NVDA'], ['digest', 'now'], ['alert', 'NVDA above 1']] as const) {
      expect((await svc.handleText(name, text, reader)).text).toBe('Only people who can post in this channel can change its watchlist, digest or alerts.');
    }
    expect((await svc.handleText('watch', 'list', reader)).ok).toBe(true);
    expect((await svc.handleText('alert', 'list', reader)).ok).toBe(true);
  });

  it('an alert takes the current side as its baseline and says when the condition already holds', async () => {
    const { svc, store: s } = service();
    const reply = await svc.handleText('alert', 'NVDA above 100', actor);
    expect(reply.text).toContain('The condition already holds; I will post when it crosses again.');
    const [alert] = await s.listAlerts(channelKey(channel));
    expect(alert).toMatchObject({ symbol: 'NVDA', createdBy: 'U1', lastSide: 'above', lastDate: '2026-05-15', firedCount: 0 });
    expect((await svc.handleText('alert', `delete ${alert.id}`, { ...actor, channel: { ...channel, channel: 'other' } })).text).toContain('No alert');
  });

  it('/digest now starts a digest run for the last completed session', async () => {
    const { svc, delivered } = service();
    await svc.handleText('watch', 'add NVDA AMD', actor);
    const reply = await svc.handleText('digest', 'now', actor);
    expect(reply).toMatchObject({ ok: true, text: 'Posting the digest for 2026-05-15 (NVDA, AMD).' });
    expect(delivered.map((d) => d.request)).toEqual([{ kind: 'digest', tickers: ['NVDA', 'AMD'], asOf: '2026-05-15', trigger: 'now' }]);
  });
});
