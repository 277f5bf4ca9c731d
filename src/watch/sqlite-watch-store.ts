/**
 * The embedded watch store: one SQLite file in DATA_DIR (better-sqlite3 v12: synchronous, maintained, prebuilt for
 * Node 20). A firing is claimed by inserting its key under a PRIMARY KEY, so a restart between the schedule and the
 * post, or a tick that runs twice, never posts twice. WAL mode lets the HTTP API read while the scheduler writes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { alertSchema, channelKey, channelRefSchema, scheduleSchema, type Alert, type ChannelRef, type Firing, type Schedule } from './types.js';
import type { WatchStore } from './watch-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS watchlists (channel_key TEXT PRIMARY KEY, channel TEXT NOT NULL, symbols TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schedules (channel_key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (id TEXT PRIMARY KEY, channel_key TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS firings (key TEXT PRIMARY KEY, kind TEXT NOT NULL, channel_key TEXT NOT NULL, date TEXT NOT NULL, run_id TEXT, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_channel ON alerts (channel_key);
CREATE INDEX IF NOT EXISTS firings_channel ON firings (channel_key, at);
`;

export class SqliteWatchStore implements WatchStore {
  private readonly db: Database.Database;

  /** `file` is a path, or ':memory:'. */
  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  static inDataDir(dataDir: string): SqliteWatchStore {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteWatchStore(join(dataDir, 'watch.sqlite'));
  }

  async getWatchlist(key: string): Promise<string[]> {
    const row = this.db.prepare('SELECT symbols FROM watchlists WHERE channel_key = ?').get(key) as { symbols: string } | undefined;
    return row ? (JSON.parse(row.symbols) as string[]) : [];
  }

  async setWatchlist(channel: ChannelRef, symbols: readonly string[]): Promise<void> {
    const key = channelKey(channel);
    if (symbols.length === 0) this.db.prepare('DELETE FROM watchlists WHERE channel_key = ?').run(key);
    else this.db.prepare('INSERT INTO watchlists (channel_key, channel, symbols) VALUES (?, ?, ?) ON CONFLICT(channel_key) DO UPDATE SET symbols = excluded.symbols').run(key, JSON.stringify(channel), JSON.stringify(symbols));
  }

  async listWatchlists() {
    const rows = this.db.prepare('SELECT channel, symbols FROM watchlists ORDER BY channel_key').all() as { channel: string; symbols: string }[];
    return rows.map((r) => ({ channel: channelRefSchema.parse(JSON.parse(r.channel)), symbols: JSON.parse(r.symbols) as string[] }));
  }

  async getSchedule(key: string): Promise<Schedule | undefined> {
    const row = this.db.prepare('SELECT body FROM schedules WHERE channel_key = ?').get(key) as { body: string } | undefined;
    return row ? scheduleSchema.parse(JSON.parse(row.body)) : undefined;
  }

  async setSchedule(schedule: Schedule): Promise<void> {
    this.db.prepare('INSERT INTO schedules (channel_key, body) VALUES (?, ?) ON CONFLICT(channel_key) DO UPDATE SET body = excluded.body').run(channelKey(schedule.channel), JSON.stringify(schedule));
  }

  async listSchedules(): Promise<Schedule[]> {
    const rows = this.db.prepare('SELECT body FROM schedules ORDER BY channel_key').all() as { body: string }[];
    return rows.map((r) => scheduleSchema.parse(JSON.parse(r.body)));
  }

  async addAlert(alert: Alert): Promise<void> {
    this.db.prepare('INSERT INTO alerts (id, channel_key, body) VALUES (?, ?, ?)').run(alert.id, channelKey(alert.channel), JSON.stringify(alert));
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    const row = this.db.prepare('SELECT body FROM alerts WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? alertSchema.parse(JSON.parse(row.body)) : undefined;
  }

  async deleteAlert(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM alerts WHERE id = ?').run(id).changes === 1;
  }

  async listAlerts(key?: string): Promise<Alert[]> {
    const rows = (key === undefined
      ? this.db.prepare('SELECT body FROM alerts ORDER BY rowid').all()
      : this.db.prepare('SELECT body FROM alerts WHERE channel_key = ? ORDER BY rowid').all(key)) as { body: string }[];
    return rows.map((r) => alertSchema.parse(JSON.parse(r.body)));
  }

  async updateAlertState(id: string, state: Pick<Alert, 'lastSide' | 'lastDate' | 'firedCount'>): Promise<void> {
    const update = this.db.transaction(() => {
      const current = this.db.prepare('SELECT body FROM alerts WHERE id = ?').get(id) as { body: string } | undefined;
      if (!current) return; // deleted meanwhile
      this.db.prepare('UPDATE alerts SET body = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(current.body), ...state }), id);
    });
    update();
  }

  async claimFiring(firing: Omit<Firing, 'runId'>): Promise<boolean> {
    const result = this.db.prepare('INSERT OR IGNORE INTO firings (key, kind, channel_key, date, run_id, at) VALUES (?, ?, ?, ?, NULL, ?)').run(firing.key, firing.kind, firing.channelKey, firing.date, firing.at);
    return result.changes === 1;
  }

  async setFiringRun(key: string, runId: string): Promise<void> {
    this.db.prepare('UPDATE firings SET run_id = ? WHERE key = ?').run(runId, key);
  }

  async listFirings(key?: string, limit = 100): Promise<Firing[]> {
    const rows = (key === undefined
      ? this.db.prepare('SELECT * FROM firings ORDER BY at DESC LIMIT ?').all(limit)
      : this.db.prepare('SELECT * FROM firings WHERE channel_key = ? ORDER BY at DESC LIMIT ?').all(key, limit)) as { key: string; kind: Firing['kind']; channel_key: string; date: string; run_id: string | null; at: string }[];
    return rows.map((r) => ({ key: r.key, kind: r.kind, channelKey: r.channel_key, date: r.date, runId: r.run_id, at: r.at }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
