import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisWatchStore } from '../../src/watch/redis-watch-store.js';
import { channelKey, type Alert, type ChannelRef } from '../../src/watch/types.js';

// The real Redis on 127.0.0.1:6379, under a prefix no other test uses.
const prefix = `marketdesk-test-${randomBytes(4).toString('hex')}:`;
const url = 'redis://127.0.0.1:6379';
const channel: ChannelRef = { platform: 'discord', team: 'G1', channel: 'D1' };
const opened: RedisWatchStore[] = [];
const store = () => {
  const s = new RedisWatchStore({ url, prefix });
  opened.push(s);
  return s;
};

afterAll(async () => {
  for (const s of opened) await s.close();
  const redis = new Redis(url);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisWatchStore (real Redis)', () => {
  it('keeps watchlists, schedules and alerts across instances', async () => {
    const a = store();
    await a.setWatchlist(channel, ['NVDA', 'AMD']);
    await a.setSchedule({ channel, time: '09:00', timeZone: 'Europe/London', enabled: true });
    const alert: Alert = { id: 'x1', channel, symbol: 'NVDA', condition: { metric: 'sma', direction: 'crosses', period: 50 }, createdBy: 'U9', createdAt: '2026-05-15T00:00:00Z', lastSide: 'above', lastDate: '2026-05-14', firedCount: 0 };
    await a.addAlert(alert);
    const b = store(); // another process
    expect(await b.getWatchlist(channelKey(channel))).toEqual(['NVDA', 'AMD']);
    expect(await b.listSchedules()).toEqual([{ channel, time: '09:00', timeZone: 'Europe/London', enabled: true }]);
    expect(await b.listAlerts(channelKey(channel))).toEqual([alert]);
    await b.updateAlertState('x1', { lastSide: 'below', lastDate: '2026-05-15', firedCount: 1 });
    expect((await a.getAlert('x1'))?.firedCount).toBe(1);
    expect(await a.deleteAlert('x1')).toBe(true);
    expect(await b.listAlerts()).toEqual([]);
  });

  it('claims a firing for exactly one of many racing processes (SET NX per channel per date)', async () => {
    const racers = Array.from({ length: 5 }, () => store());
    const firing = { key: `digest:${channelKey(channel)}:2026-05-15`, kind: 'digest' as const, channelKey: channelKey(channel), date: '2026-05-15', at: '2026-05-15T20:15:00Z' };
    const claims = await Promise.all(racers.map((s) => s.claimFiring(firing)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await racers[0].setFiringRun(firing.key, 'run-1');
    const listed = await racers[1].listFirings(channelKey(channel));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ key: firing.key, runId: 'run-1' });
    // The next day is a new key.
    expect(await racers[2].claimFiring({ ...firing, key: `digest:${channelKey(channel)}:2026-05-18`, date: '2026-05-18' })).toBe(true);
  });
});

describe('scheduler over Redis: several processes, one post', () => {
  it('three schedulers (one store each, as three processes) tick at the same minute: one digest run', async () => {
    const { WatchScheduler } = await import('../../src/watch/scheduler.js');
    const { ny, offlineApp, recordingDelivery } = await import('./helpers.js');
    const { testLogger } = await import('../helpers/tool-fixtures.js');
    const slack: ChannelRef = { platform: 'slack', team: 'T9', channel: 'C9' };
    const setup = store();
    await setup.setWatchlist(slack, ['NVDA', 'AMD']);
    await setup.setSchedule({ channel: slack, time: '16:15', timeZone: 'America/New_York', enabled: true });
    const app = offlineApp();
    const rec = recordingDelivery(app);
    const now = ny('2026-05-15', '16:15');
    const schedulers = Array.from({ length: 3 }, () => new WatchScheduler({ store: store(), market: app.services.market, deliver: rec.deliver, logger: testLogger, now: () => now }));
    const results = await Promise.all(schedulers.map((s) => s.tick()));
    expect(results.flatMap((r) => r.digests)).toEqual([`digest:${channelKey(slack)}:2026-05-15`]);
    expect(rec.delivered).toHaveLength(1);
    await app.pipeline.drain(30_000);
    expect((await app.pipeline.getRun(rec.delivered[0].runId))?.status).toBe('completed');
  }, 60_000);
});
