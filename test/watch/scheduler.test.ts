import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { WatchScheduler } from '../../src/watch/scheduler.js';
import { SqliteWatchStore } from '../../src/watch/sqlite-watch-store.js';
import { channelKey, type Alert, type ChannelRef } from '../../src/watch/types.js';
import { testLogger } from '../helpers/tool-fixtures.js';
import type { MarketDataProvider } from '../../src/tools/market/types.js';
import { csvRsiCrossings, ny, offlineApp, recordingDelivery, tempDir } from './helpers.js';

const channel: ChannelRef = { platform: 'slack', team: 'T1', channel: 'C1' };
const stores: SqliteWatchStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function open(dir: string) {
  const store = new SqliteWatchStore(join(dir, 'watch.sqlite'));
  stores.push(store);
  return store;
}

async function setup() {
  const dir = tempDir();
  const store = open(dir);
  await store.setWatchlist(channel, ['NVDA', 'AMD', 'AAPL']);
  await store.setSchedule({ channel, time: '16:15', timeZone: 'America/New_York', enabled: true });
  const app = offlineApp();
  const rec = recordingDelivery(app);
  let now = 0;
  const scheduler = (s = store) => new WatchScheduler({ store: s, market: app.services.market, deliver: rec.deliver, logger: testLogger, now: () => now });
  return { dir, store, app, ...rec, scheduler, setNow: (t: number) => (now = t) };
}

describe('digest schedule (simulated clock)', () => {
  it('fires at the scheduled minute on a trading day, once, and the run completes with a table and a chart', async () => {
    const t = await setup();
    const s = t.scheduler();
    t.setNow(ny('2026-05-15', '16:14'));
    expect((await s.tick()).digests).toEqual([]);
    t.setNow(ny('2026-05-15', '16:15'));
    expect((await s.tick()).digests).toEqual([`digest:${channelKey(channel)}:2026-05-15`]);
    t.setNow(ny('2026-05-15', '16:16'));
    expect((await s.tick()).digests).toEqual([]);
    expect(t.delivered).toHaveLength(1);
    const [d] = t.delivered;
    expect(d.request).toEqual({ kind: 'digest', tickers: ['NVDA', 'AMD', 'AAPL'], asOf: '2026-05-15', trigger: 'scheduled' });
    await t.app.pipeline.drain(30_000);
    const done = await t.app.pipeline.getRun(d.runId);
    expect(done?.status).toBe('completed');
    expect(done?.intent).toBe('digest');
    expect(done?.answer).toContain('| NVDA |');
    expect(done?.artifacts.length).toBeGreaterThan(0);
    const firings = await t.store.listFirings(channelKey(channel));
    expect(firings).toHaveLength(1);
    expect(firings[0].runId).toBe(d.runId);
  });

  it('does not fire on a weekend or an NYSE holiday; fires on the next trading day', async () => {
    const t = await setup();
    const s = t.scheduler();
    for (const date of ['2026-05-16', '2026-05-17', '2026-05-25']) {
      t.setNow(ny(date, '16:15'));
      expect((await s.tick()).digests, date).toEqual([]);
    }
    t.setNow(ny('2026-05-26', '16:15'));
    expect((await s.tick()).digests).toEqual([`digest:${channelKey(channel)}:2026-05-26`]);
    expect(t.delivered.map((d) => d.request.kind)).toEqual(['digest']);
  });

  it('a restart between schedule and firing neither loses nor duplicates the digest', async () => {
    const t = await setup();
    t.setNow(ny('2026-05-15', '16:00'));
    expect((await t.scheduler().tick()).digests).toEqual([]);
    await t.store.close(); // the process stops before 16:15 …
    const reopened = open(t.dir); // … and starts again at 16:40
    t.setNow(ny('2026-05-15', '16:40'));
    const [a, b] = await Promise.all([t.scheduler(reopened).tick(), t.scheduler(open(t.dir)).tick()]); // two processes race
    expect([...a.digests, ...b.digests]).toEqual([`digest:${channelKey(channel)}:2026-05-15`]);
    const again = open(t.dir); // and another restart the same afternoon posts nothing more
    t.setNow(ny('2026-05-15', '17:00'));
    expect((await t.scheduler(again).tick()).digests).toEqual([]);
    expect(t.delivered).toHaveLength(1);
  });
});

describe('alerts (simulated clock)', () => {
  it('NVDA RSI above 70 fires once per crossing and re-arms, on the days computed independently', async () => {
    const t = await setup();
    await t.store.setSchedule({ channel, time: '16:15', timeZone: 'America/New_York', enabled: false });
    const alert: Alert = { id: 'a1', channel, symbol: 'NVDA', condition: { metric: 'rsi', direction: 'above', threshold: 70 }, createdBy: 'U1', createdAt: '2026-03-31T00:00:00Z', lastSide: null, lastDate: '2026-03-31', firedCount: 0 };
    await t.store.addAlert({ ...alert, lastSide: 'below' });
    const s = t.scheduler();
    const fired: string[] = [];
    // Every evening from April 1 to May 15, polled three times an evening (the condition holding must not re-fire).
    for (let d = new Date('2026-04-01T00:00:00Z'); d <= new Date('2026-05-15T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      for (const time of ['16:30', '18:00', '21:00']) {
        t.setNow(ny(date, time));
        fired.push(...(await s.tick()).alerts);
      }
    }
    const expected = csvRsiCrossings('NVDA', 70, '2026-04-01', '2026-05-15');
    expect(expected.length).toBeGreaterThan(1);
    expect(fired).toEqual(expected.map((date) => `alert:a1:${date}`));
    expect((await t.store.getAlert('a1'))?.firedCount).toBe(expected.length);
    expect(t.delivered.map((d) => d.request)).toEqual(expected.map((date) => expect.objectContaining({ kind: 'alert', alertId: 'a1', date, symbol: 'NVDA' })));
    // The alert's post is a run with the figure and a chart.
    await t.app.pipeline.drain(30_000);
    const run = await t.app.pipeline.getRun(t.delivered[0].runId);
    expect(run?.status).toBe('completed');
    expect(run?.intent).toBe('alert');
    expect(run?.answer).toMatch(/RSI\(14\) was 7\d\.\d\d on 2026-04-17/);
    expect(run?.artifacts.length).toBeGreaterThan(0);
  }, 60_000);

  it('batches evaluation by symbol: 6 alerts on 2 symbols cost 2 requests', async () => {
    const t = await setup();
    const base = { channel, createdBy: 'U1', createdAt: '2026-01-01T00:00:00Z', lastSide: null, lastDate: '2026-05-13', firedCount: 0 } as const;
    for (let i = 0; i < 6; i++) {
      await t.store.addAlert({ ...base, id: `b${i}`, symbol: i % 2 ? 'AMD' : 'NVDA', condition: { metric: 'price', direction: 'above', threshold: 10 + i } });
    }
    t.setNow(ny('2026-05-15', '20:00'));
    const result = await t.scheduler().tick();
    expect(result.requests).toBe(2);
    // Nothing crossed (both far above the thresholds): no posts, but each alert saw the session.
    expect(result.alerts).toEqual([]);
    expect((await t.store.listAlerts()).map((a) => a.lastDate)).toEqual(Array(6).fill('2026-05-15'));
  });

  it('with live quotes, price alerts are checked intraday: one quote per symbol, once per crossing, re-armed', async () => {
    const t = await setup();
    await t.store.setSchedule({ channel, time: '16:15', timeZone: 'America/New_York', enabled: false });
    const base = t.app.services.market;
    let nvda = 290;
    const quoted: string[] = [];
    const market: MarketDataProvider = {
      id: base.id,
      label: base.label,
      referenceDate: () => base.referenceDate(),
      availableSymbols: () => base.availableSymbols(),
      getDailyBars: (symbol, range, options) => base.getDailyBars(symbol, range, options),
      getProfile: (symbol, options) => base.getProfile(symbol, options),
      searchSymbols: (query, options) => base.searchSymbols(query, options),
      getQuote: async (symbol) => {
        quoted.push(symbol);
        return { symbol, price: symbol === 'NVDA' ? nvda : 50, previousClose: null, change: null, changePct: null, asOf: '2026-05-15T15:00:00Z', source: 'test quotes' };
      },
    };
    const common = { channel, createdBy: 'U1', createdAt: '2026-05-01T00:00:00Z', lastDate: '2026-05-14', firedCount: 0 } as const;
    await t.store.addAlert({ ...common, id: 'q1', symbol: 'NVDA', condition: { metric: 'price', direction: 'above', threshold: 300 }, lastSide: 'below' });
    await t.store.addAlert({ ...common, id: 'q2', symbol: 'NVDA', condition: { metric: 'price', direction: 'below', threshold: 200 }, lastSide: 'above' });
    await t.store.addAlert({ ...common, id: 'q3', symbol: 'AMD', condition: { metric: 'price', direction: 'below', threshold: 100 }, lastSide: 'below' });
    await t.store.addAlert({ ...common, id: 'q4', symbol: 'AAPL', condition: { metric: 'rsi', direction: 'above', threshold: 70 }, lastSide: 'below' });
    const s = new WatchScheduler({ store: t.store, market, deliver: t.deliver, logger: testLogger, now: () => ny('2026-05-15', '11:00'), intradayQuotes: true });
    const fired: string[] = [];
    for (const price of [290, 305, 310, 295, 301]) {
      nvda = price;
      quoted.length = 0;
      fired.push(...(await s.tick()).alerts);
      expect([...quoted].sort()).toEqual(['AMD', 'NVDA']); // batched: 3 price alerts, 2 symbols, 2 quotes; RSI alerts read bars
    }
    expect(fired).toEqual(['alert:q1:2026-05-15:intraday:1', 'alert:q1:2026-05-15:intraday:2']);
    expect(t.delivered.map((d) => d.request)).toEqual([
      expect.objectContaining({ kind: 'alert', alertId: 'q1', figure: 'NVDA traded at 305.00 (above 300) at 2026-05-15T15:00:00Z' }),
      expect.objectContaining({ kind: 'alert', alertId: 'q1', figure: 'NVDA traded at 301.00 (above 300) at 2026-05-15T15:00:00Z' }),
    ]);
    // The close is still evaluated once after the session: lastDate is untouched intraday.
    expect((await t.store.getAlert('q1'))).toMatchObject({ lastSide: 'above', lastDate: '2026-05-14', firedCount: 2 });
    // Outside the session no quote is asked for.
    const evening = new WatchScheduler({ store: t.store, market, deliver: t.deliver, logger: testLogger, now: () => ny('2026-05-16', '11:00'), intradayQuotes: true });
    quoted.length = 0;
    await evening.tick();
    expect(quoted).toEqual([]);
  });
});
