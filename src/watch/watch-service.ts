/**
 * What `/watch`, `/digest` and `/alert` do, for every surface: validate, change the store, answer in one readable
 * message. Slack, Discord and the HTTP API call this with the channel and the person; none of them holds logic.
 */
import { randomBytes } from 'node:crypto';
import type { StructuredRequest } from '../pipeline/index.js';
import type { MarketDataProvider } from '../tools/market/types.js';
import type { SymbolDirectory } from '../tools/market/symbol-directory.js';
import { readCondition, SeriesLines } from './alert-condition.js';
import type { Delivery } from './delivery.js';
import { digestQuestion } from './delivery.js';
import { digestAsOf, digestRequest } from './digest-request.js';
import { parseCommand, type WatchCommand } from './parse-command.js';
import { channelKey, describeCondition, MAX_WATCHLIST, type Alert, type AlertCondition, type ChannelRef } from './types.js';
import type { WatchStore } from './watch-store.js';

export type Actor = {
  channel: ChannelRef;
  /** Platform user id (named on alerts). */
  user: string;
  /** The person may post in the channel (only they manage its watchlist, schedule and alerts). */
  canPost: boolean;
};

export type CommandReply = { ok: boolean; text: string; runId?: string };

export type WatchServiceDeps = {
  store: WatchStore;
  market: MarketDataProvider;
  directory: SymbolDirectory;
  deliver: Delivery;
  now: () => number;
  /** Cap per channel. @default 25 */
  maxSymbols?: number;
};

export const MAX_ALERTS_PER_CHANNEL = 50;

export class WatchService {
  constructor(private readonly deps: WatchServiceDeps) {}

  async handleText(name: 'watch' | 'digest' | 'alert', text: string, actor: Actor): Promise<CommandReply> {
    const parsed = parseCommand(name, text);
    if (!parsed.ok) return { ok: false, text: parsed.error };
    return this.handle(parsed.command, actor);
  }

  async handle(command: WatchCommand, actor: Actor): Promise<CommandReply> {
    const reads = command.kind === 'watch_list' || command.kind === 'alert_list';
    if (!reads && !actor.canPost) return { ok: false, text: "Only people who can post in this channel can change its watchlist, digest or alerts." };
    const key = channelKey(actor.channel);
    switch (command.kind) {
      case 'watch_list': {
        const list = await this.deps.store.getWatchlist(key);
        return { ok: true, text: list.length ? `This channel watches ${list.join(', ')} (${list.length}/${this.cap}).` : 'This channel watches nothing yet. Add symbols with `/watch add NVDA AMD`.' };
      }
      case 'watch_add':
        return this.add(actor.channel, command.symbols);
      case 'watch_remove': {
        const list = await this.deps.store.getWatchlist(key);
        const absent = command.symbols.filter((s) => !list.includes(s));
        const kept = list.filter((s) => !command.symbols.includes(s));
        await this.deps.store.setWatchlist(actor.channel, kept);
        const removed = command.symbols.filter((s) => list.includes(s));
        const parts = [removed.length ? `Removed ${removed.join(', ')}.` : '', absent.length ? `${absent.join(', ')} ${absent.length === 1 ? 'was' : 'were'} not on the watchlist.` : ''];
        return { ok: removed.length > 0, text: `${parts.filter(Boolean).join(' ')} Watching: ${kept.join(', ') || 'nothing'}.` };
      }
      case 'digest_daily': {
        await this.deps.store.setSchedule({ channel: actor.channel, time: command.time, timeZone: command.timeZone, enabled: true, createdBy: actor.user });
        const list = await this.deps.store.getWatchlist(key);
        const hint = list.length ? '' : ' The watchlist is empty: add symbols with `/watch add NVDA AMD` first.';
        return { ok: true, text: `Daily digest on: ${command.time} ${command.timeZone}, on NYSE trading days.${hint}` };
      }
      case 'digest_off': {
        const current = await this.deps.store.getSchedule(key);
        if (!current?.enabled) return { ok: true, text: 'There is no daily digest scheduled here.' };
        await this.deps.store.setSchedule({ ...current, enabled: false });
        return { ok: true, text: `Daily digest off (was ${current.time} ${current.timeZone}).` };
      }
      case 'digest_now': {
        const list = await this.deps.store.getWatchlist(key);
        if (list.length === 0) return { ok: false, text: 'The watchlist is empty: add symbols with `/watch add NVDA AMD`, then `/digest now`.' };
        const asOf = digestAsOf(this.deps.now(), this.deps.market.referenceDate());
        const runId = await this.deps.deliver(actor.channel, digestRequest(list, asOf, 'now'), digestQuestion(list, asOf));
        return { ok: true, text: `Posting the digest for ${asOf} (${list.join(', ')}).`, runId };
      }
      case 'alert_add':
        return this.addAlert(actor, command.symbol, command.condition);
      case 'alert_list': {
        const alerts = await this.deps.store.listAlerts(key);
        if (alerts.length === 0) return { ok: true, text: 'No alerts in this channel. Try `/alert NVDA above 250`.' };
        return { ok: true, text: ['Alerts in this channel:', ...alerts.map((a) => `• \`${a.id}\` ${describeCondition(a.symbol, a.condition)} — by ${a.createdBy}, fired ${a.firedCount}×`)].join('\n') };
      }
      case 'alert_delete': {
        const alert = await this.deps.store.getAlert(command.id);
        if (!alert || channelKey(alert.channel) !== key) return { ok: false, text: `No alert \`${command.id}\` in this channel (see \`/alert list\`).` };
        await this.deps.store.deleteAlert(command.id);
        return { ok: true, text: `Deleted alert \`${command.id}\` (${describeCondition(alert.symbol, alert.condition)}).` };
      }
    }
  }

  private get cap(): number {
    return this.deps.maxSymbols ?? MAX_WATCHLIST;
  }

  /** Unknown symbols are refused with the reason; the rest are added up to the cap. */
  async add(channel: ChannelRef, symbols: readonly string[]): Promise<CommandReply> {
    const list = await this.deps.store.getWatchlist(channelKey(channel));
    const refused: string[] = [];
    const fresh: string[] = [];
    for (const symbol of symbols) {
      const reason = this.refusal(symbol);
      if (reason) refused.push(reason);
      else if (!list.includes(symbol) && !fresh.includes(symbol)) fresh.push(symbol);
    }
    const room = this.cap - list.length;
    const added = fresh.slice(0, Math.max(0, room));
    const over = fresh.slice(added.length);
    if (added.length) await this.deps.store.setWatchlist(channel, [...list, ...added]);
    const now = [...list, ...added];
    const lines = [
      added.length ? `Added ${added.join(', ')}.` : '',
      over.length ? `Not added: ${over.join(', ')} — a channel watches at most ${this.cap} symbols (remove some with \`/watch remove\`).` : '',
      ...refused,
      `Watching (${now.length}/${this.cap}): ${now.join(', ') || 'nothing'}.`,
    ];
    return { ok: added.length > 0, text: lines.filter(Boolean).join('\n') };
  }

  private refusal(symbol: string): string | undefined {
    const { directory, market } = this.deps;
    const known = directory.has(symbol);
    const available = market.availableSymbols();
    if (!known && (available === undefined || !available.includes(symbol))) return `Refused ${symbol}: not in the symbol directory (S&P 500 members, major ETFs and indexes).`;
    if (available !== undefined && !available.includes(symbol)) return `Refused ${symbol}: the ${market.label} has no prices for it (it has ${available.length} symbols).`;
    return undefined;
  }

  private async addAlert(actor: Actor, symbol: string, condition: AlertCondition): Promise<CommandReply> {
    const reason = this.refusal(symbol);
    if (reason) return { ok: false, text: reason };
    const key = channelKey(actor.channel);
    if ((await this.deps.store.listAlerts(key)).length >= MAX_ALERTS_PER_CHANNEL) return { ok: false, text: `This channel has ${MAX_ALERTS_PER_CHANNEL} alerts, the most it can have; delete one first.` };
    // The current side is the baseline: the alert fires on the next crossing, not because the condition holds now.
    const asOf = digestAsOf(this.deps.now(), this.deps.market.referenceDate());
    let series;
    try {
      series = await this.deps.market.getDailyBars(symbol, { from: asOf, to: asOf, warmupBars: 260 });
    } catch (error) {
      return { ok: false, text: `I couldn't read ${symbol}'s prices to set the alert: ${(error as Error).message}` };
    }
    const lines = new SeriesLines(series.bars.map((b) => b.date), series.bars.map((b) => b.close));
    const i = series.bars.length - 1;
    const reading = i >= 0 ? readCondition(condition, lines, i, symbol) : undefined;
    const alert: Alert = {
      id: randomBytes(4).toString('hex'),
      channel: actor.channel,
      symbol,
      condition,
      createdBy: actor.user,
      createdAt: new Date(this.deps.now()).toISOString(),
      lastSide: reading?.side ?? null,
      lastDate: reading ? series.bars[i].date : null,
      firedCount: 0,
    };
    await this.deps.store.addAlert(alert);
    const now = reading ? ` Now: ${reading.figure}.` : '';
    const holds = reading && condition.direction !== 'crosses' && reading.side === condition.direction ? ' The condition already holds; I will post when it crosses again.' : '';
    return { ok: true, text: `Alert \`${alert.id}\` set: ${describeCondition(symbol, condition)} (checked on each new daily bar, posted here once per crossing).${now}${holds}` };
  }
}

export function alertRequest(alert: Alert, date: string, figure: string): Extract<StructuredRequest, { kind: 'alert' }> {
  return { kind: 'alert', alertId: alert.id, symbol: alert.symbol, condition: describeCondition(alert.symbol, alert.condition), figure, date, createdBy: alert.createdBy };
}
