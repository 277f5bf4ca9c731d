/**
 * The watch store in Redis (REDIS_URL, keys under REDIS_PREFIX): several processes share watchlists, schedules and
 * alerts, and a firing is claimed with `SET key NX` — one key per channel per date for a digest, per alert per
 * session for an alert — so a digest or an alert crossing is posted exactly once across processes and restarts.
 * Chosen over BullMQ job schedulers because a firing is "this channel, this date", which a per-day lock states
 * directly, and the schedule itself stays data the HTTP API can list and edit.
 */
import { Redis } from 'ioredis';
import { alertSchema, channelKey, channelRefSchema, scheduleSchema, type Alert, type ChannelRef, type Firing, type Schedule } from './types.js';
import type { WatchStore } from './watch-store.js';

/** Firing locks outlive any retry of their day; they expire so the keyspace does not grow forever. */
const FIRING_TTL_SECONDS = 60 * 60 * 24 * 14;
const MAX_FIRINGS_KEPT = 1000;

export class RedisWatchStore implements WatchStore {
  private readonly redis: Redis;
  private readonly p: string;

  constructor(options: { url: string; prefix: string } | { redis: Redis; prefix: string }) {
    this.redis = 'redis' in options ? options.redis : new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.p = `${options.prefix}watch:`;
  }

  async getWatchlist(key: string): Promise<string[]> {
    const raw = await this.redis.hget(`${this.p}watchlists`, key);
    return raw ? (JSON.parse(raw) as { symbols: string[] }).symbols : [];
  }

  async setWatchlist(channel: ChannelRef, symbols: readonly string[]): Promise<void> {
    const key = channelKey(channel);
    if (symbols.length === 0) await this.redis.hdel(`${this.p}watchlists`, key);
    else await this.redis.hset(`${this.p}watchlists`, key, JSON.stringify({ channel, symbols }));
  }

  async listWatchlists() {
    const all = await this.redis.hgetall(`${this.p}watchlists`);
    return Object.keys(all)
      .sort()
      .map((k) => {
        const v = JSON.parse(all[k]) as { channel: unknown; symbols: string[] };
        return { channel: channelRefSchema.parse(v.channel), symbols: v.symbols };
      });
  }

  async getSchedule(key: string): Promise<Schedule | undefined> {
    const raw = await this.redis.hget(`${this.p}schedules`, key);
    return raw ? scheduleSchema.parse(JSON.parse(raw)) : undefined;
  }

  async setSchedule(schedule: Schedule): Promise<void> {
    await this.redis.hset(`${this.p}schedules`, channelKey(schedule.channel), JSON.stringify(schedule));
  }

  async listSchedules(): Promise<Schedule[]> {
    const all = await this.redis.hgetall(`${this.p}schedules`);
    return Object.keys(all).sort().map((k) => scheduleSchema.parse(JSON.parse(all[k])));
  }

  async addAlert(alert: Alert): Promise<void> {
    await this.redis.multi().hset(`${this.p}alerts`, alert.id, JSON.stringify(alert)).rpush(`${this.p}alert-order`, alert.id).exec();
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    const raw = await this.redis.hget(`${this.p}alerts`, id);
    return raw ? alertSchema.parse(JSON.parse(raw)) : undefined;
  }

  async deleteAlert(id: string): Promise<boolean> {
    const [[, removed]] = (await this.redis.multi().hdel(`${this.p}alerts`, id).lrem(`${this.p}alert-order`, 0, id).exec()) as [[unknown, number], [unknown, number]];
    return removed === 1;
  }

  async listAlerts(key?: string): Promise<Alert[]> {
    const ids = await this.redis.lrange(`${this.p}alert-order`, 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(`${this.p}alerts`, ...ids);
    const alerts = raws.filter((r): r is string => r !== null).map((r) => alertSchema.parse(JSON.parse(r)));
    return key === undefined ? alerts : alerts.filter((a) => channelKey(a.channel) === key);
  }

  async updateAlertState(id: string, state: Pick<Alert, 'lastSide' | 'lastDate' | 'firedCount'>): Promise<void> {
    const current = await this.getAlert(id);
    if (!current) return;
    await this.redis.hset(`${this.p}alerts`, id, JSON.stringify({ ...current, ...state }));
  }

  async claimFiring(firing: Omit<Firing, 'runId'>): Promise<boolean> {
    const ok = await this.redis.set(`${this.p}fired:${firing.key}`, JSON.stringify({ ...firing, runId: null }), 'EX', FIRING_TTL_SECONDS, 'NX');
    if (ok !== 'OK') return false;
    await this.redis.multi().lpush(`${this.p}firings`, firing.key).ltrim(`${this.p}firings`, 0, MAX_FIRINGS_KEPT - 1).exec();
    return true;
  }

  async setFiringRun(key: string, runId: string): Promise<void> {
    const raw = await this.redis.get(`${this.p}fired:${key}`);
    if (!raw) return;
    await this.redis.set(`${this.p}fired:${key}`, JSON.stringify({ ...JSON.parse(raw), runId }), 'KEEPTTL');
  }

  async listFirings(key?: string, limit = 100): Promise<Firing[]> {
    const keys = await this.redis.lrange(`${this.p}firings`, 0, MAX_FIRINGS_KEPT - 1);
    if (keys.length === 0) return [];
    const raws = await this.redis.mget(...keys.map((k) => `${this.p}fired:${k}`));
    const firings = raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Firing);
    return (key === undefined ? firings : firings.filter((f) => f.channelKey === key)).slice(0, limit);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
