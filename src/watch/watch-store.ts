/**
 * Where watchlists, schedules, alerts and firings are kept. Two implementations: SQLite in DATA_DIR (embedded
 * default, one process) and Redis (REDIS_URL: several processes share the state and the firing locks).
 */
import type { Alert, ChannelRef, Firing, Schedule } from './types.js';

export interface WatchStore {
  getWatchlist(channelKey: string): Promise<string[]>;
  setWatchlist(channel: ChannelRef, symbols: readonly string[]): Promise<void>;
  listWatchlists(): Promise<{ channel: ChannelRef; symbols: string[] }[]>;

  getSchedule(channelKey: string): Promise<Schedule | undefined>;
  setSchedule(schedule: Schedule): Promise<void>;
  listSchedules(): Promise<Schedule[]>;

  addAlert(alert: Alert): Promise<void>;
  getAlert(id: string): Promise<Alert | undefined>;
  deleteAlert(id: string): Promise<boolean>;
  /** Every alert, or one channel's. */
  listAlerts(channelKey?: string): Promise<Alert[]>;
  updateAlertState(id: string, state: Pick<Alert, 'lastSide' | 'lastDate' | 'firedCount'>): Promise<void>;

  /**
   * Claims a firing (a digest for a channel and date, an alert crossing on a date): true for exactly one caller
   * across restarts and processes; everyone else gets false and posts nothing.
   */
  claimFiring(firing: Omit<Firing, 'runId'>): Promise<boolean>;
  /** Notes the run a claimed firing started. */
  setFiringRun(key: string, runId: string): Promise<void>;
  listFirings(channelKey?: string, limit?: number): Promise<Firing[]>;

  close(): Promise<void>;
}
