/**
 * The watch scheduler: on every tick (a minute by default; tests drive `tick()` with a simulated clock) it posts
 * the digests that are due and evaluates alerts against the newest daily bar.
 *
 * - A digest is due on an NYSE trading day (the channel's local date) from its scheduled minute until
 *   `catchUpMinutes` later, so a restart between the schedule and the firing still posts it; the firing is claimed
 *   in the store (per channel, per date) before the run starts, so neither a restart nor a second process posts it
 *   twice.
 * - Alerts are evaluated once per new session, batched by symbol; each crossing is claimed (per alert, per session)
 *   before it is posted. With live quotes, price alerts are also checked against one quote per symbol on every tick
 *   while the session is open (each intraday crossing claimed by its ordinal: a stock that crosses up, down and up
 *   again in a day posts twice, never more).
 */
import type { Logger } from 'pino';
import type { MarketDataProvider } from '../tools/market/types.js';
import { isPartial, isTradingDay, marketDate } from '../tools/market/calendar/trading-calendar.js';
import { zonedClock } from '../tools/market/calendar/zoned-time.js';
import { evaluateAlerts, evaluateQuotes } from './alert-evaluator.js';
import { digestQuestion, type Delivery } from './delivery.js';
import { digestAsOf, digestRequest } from './digest-request.js';
import { channelKey, describeCondition } from './types.js';
import { alertRequest } from './watch-service.js';
import type { WatchStore } from './watch-store.js';

export type SchedulerDeps = {
  store: WatchStore;
  market: MarketDataProvider;
  deliver: Delivery;
  logger: Logger;
  /** Injectable clock (epoch ms). */
  now: () => number;
  /** @default 60000 */
  intervalMs?: number;
  /** How long after its minute a missed digest is still posted (a restart, a slow tick). @default 180 */
  catchUpMinutes?: number;
  /** Live quotes are available: price alerts are also checked against quotes while the session is open. */
  intradayQuotes?: boolean;
};

export type TickResult = { digests: string[]; alerts: string[]; requests: number };

export class WatchScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((error) => this.deps.logger.error({ err: error }, 'watch: tick failed')), this.deps.intervalMs ?? 60_000);
    this.timer.unref();
    void this.tick().catch((error) => this.deps.logger.error({ err: error }, 'watch: first tick failed'));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in flight (a slow tick is never run twice at once). */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const now = this.deps.now();
    const digests = await this.digests(now);
    const alerts = await this.alerts(now);
    return { digests, alerts: alerts.fired, requests: alerts.requests };
  }

  private async digests(now: number): Promise<string[]> {
    const { store, logger } = this.deps;
    const fired: string[] = [];
    const window = this.deps.catchUpMinutes ?? 180;
    for (const schedule of await store.listSchedules()) {
      if (!schedule.enabled) continue;
      const local = zonedClock(now, schedule.timeZone);
      const [h, m] = schedule.time.split(':').map(Number);
      const at = h * 60 + m;
      if (local.minutes < at || local.minutes >= at + window) continue;
      if (!isTradingDay(local.date)) continue;
      const key = channelKey(schedule.channel);
      const tickers = await store.getWatchlist(key);
      if (tickers.length === 0) continue;
      const firingKey = `digest:${key}:${local.date}`;
      if (!(await store.claimFiring({ key: firingKey, kind: 'digest', channelKey: key, date: local.date, at: new Date(now).toISOString() }))) continue;
      const asOf = digestAsOf(now, this.deps.market.referenceDate());
      try {
        const runId = await this.deps.deliver(schedule.channel, digestRequest(tickers, asOf, 'scheduled'), digestQuestion(tickers, asOf));
        await store.setFiringRun(firingKey, runId);
        fired.push(firingKey);
        logger.info({ channel: key, date: local.date, runId }, 'watch: digest posted');
      } catch (error) {
        logger.error({ err: error, channel: key }, 'watch: digest could not start');
      }
    }
    return fired;
  }

  private async alerts(now: number): Promise<{ fired: string[]; requests: number }> {
    const daily = await this.dailyAlerts(now);
    if (!this.deps.intradayQuotes || !isPartial(now)) return daily;
    const intraday = await this.quoteAlerts(now);
    return { fired: [...daily.fired, ...intraday.fired], requests: daily.requests + intraday.requests };
  }

  private async dailyAlerts(now: number): Promise<{ fired: string[]; requests: number }> {
    const { store, market, logger } = this.deps;
    const alerts = await store.listAlerts();
    if (alerts.length === 0) return { fired: [], requests: 0 };
    const asOf = digestAsOf(now, market.referenceDate());
    // Only alerts that have not seen this session yet cost a request.
    const pending = alerts.filter((a) => a.lastDate === null || a.lastDate < asOf);
    if (pending.length === 0) return { fired: [], requests: 0 };
    const evaluation = await evaluateAlerts(pending, asOf, (symbol) => market.getDailyBars(symbol, { from: asOf, to: asOf, warmupBars: 260 }));
    for (const e of evaluation.errors) logger.warn({ symbol: e.symbol, err: e.message }, 'watch: alert bars unavailable');
    const fired: string[] = [];
    for (const firing of evaluation.fired) {
      const { alert, date, reading } = firing;
      const key = `alert:${alert.id}:${date}`;
      if (!(await store.claimFiring({ key, kind: 'alert', channelKey: channelKey(alert.channel), date, at: new Date(now).toISOString() }))) continue;
      try {
        const runId = await this.deps.deliver(alert.channel, alertRequest(alert, date, reading.figure), `Alert: ${describeCondition(alert.symbol, alert.condition)}`);
        await store.setFiringRun(key, runId);
        fired.push(key);
      } catch (error) {
        logger.error({ err: error, alert: alert.id }, 'watch: alert post could not start');
      }
    }
    for (const update of evaluation.updates) await store.updateAlertState(update.id, update);
    return { fired, requests: evaluation.requests };
  }

  private async quoteAlerts(now: number): Promise<{ fired: string[]; requests: number }> {
    const { store, market, logger } = this.deps;
    const today = marketDate(now);
    const evaluation = await evaluateQuotes(await store.listAlerts(), (symbol) => market.getQuote(symbol));
    for (const e of evaluation.errors) logger.warn({ symbol: e.symbol, err: e.message }, 'watch: quote unavailable');
    const fired: string[] = [];
    for (const firing of evaluation.fired) {
      const { alert } = firing;
      const key = `alert:${alert.id}:${today}:intraday:${alert.firedCount + 1}`;
      if (!(await store.claimFiring({ key, kind: 'alert', channelKey: channelKey(alert.channel), date: today, at: new Date(now).toISOString() }))) continue;
      try {
        const runId = await this.deps.deliver(alert.channel, alertRequest(alert, today, firing.figure), `Alert: ${describeCondition(alert.symbol, alert.condition)}`);
        await store.setFiringRun(key, runId);
        fired.push(key);
      } catch (error) {
        logger.error({ err: error, alert: alert.id }, 'watch: alert post could not start');
      }
    }
    for (const update of evaluation.updates) {
      const current = await store.getAlert(update.id);
      if (current) await store.updateAlertState(update.id, { lastSide: update.lastSide, lastDate: current.lastDate, firedCount: update.firedCount });
    }
    return { fired, requests: evaluation.requests };
  }
}
