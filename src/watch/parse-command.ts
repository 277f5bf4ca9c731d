/**
 * `/watch`, `/digest` and `/alert` text → a typed command, or a readable error saying what was expected. The same
 * parser serves Slack (the text after the command), Discord (subcommand options joined back into text) and HTTP.
 */
import { isKnownTimeZone } from '../tools/market/calendar/zoned-time.js';
import { DEFAULT_TIME_ZONE, type AlertCondition } from './types.js';

export type WatchCommand =
  | { kind: 'watch_add'; symbols: string[] }
  | { kind: 'watch_remove'; symbols: string[] }
  | { kind: 'watch_list' }
  | { kind: 'digest_daily'; time: string; timeZone: string }
  | { kind: 'digest_off' }
  | { kind: 'digest_now' }
  | { kind: 'alert_add'; symbol: string; condition: AlertCondition }
  | { kind: 'alert_list' }
  | { kind: 'alert_delete'; id: string };

export type Parsed = { ok: true; command: WatchCommand } | { ok: false; error: string };

export const USAGE = {
  watch: 'Usage: `/watch add NVDA AMD`, `/watch remove AMD`, `/watch list`',
  digest: 'Usage: `/digest daily 16:15 [America/New_York]`, `/digest off`, `/digest now`',
  alert: 'Usage: `/alert NVDA above 250`, `/alert AMD rsi above 70`, `/alert NVDA crosses sma50`, `/alert list`, `/alert delete <id>`',
} as const;

const SYMBOL = /^\$?[A-Za-z^][A-Za-z0-9.\-^]{0,11}$/;
const fail = (error: string): Parsed => ({ ok: false, error });
const ok = (command: WatchCommand): Parsed => ({ ok: true, command });

export function parseCommand(name: 'watch' | 'digest' | 'alert', text: string): Parsed {
  const words = text.trim().split(/[\s,]+/).filter(Boolean);
  if (name === 'watch') return parseWatch(words);
  if (name === 'digest') return parseDigest(words);
  return parseAlert(words);
}

function symbols(words: string[]): string[] | string {
  if (words.length === 0) return 'name at least one symbol';
  const bad = words.filter((w) => !SYMBOL.test(w));
  if (bad.length) return `"${bad.join('", "')}" ${bad.length === 1 ? 'is' : 'are'} not a ticker symbol`;
  return [...new Set(words.map((w) => w.replace(/^\$/, '').toUpperCase()))];
}

function parseWatch(words: string[]): Parsed {
  const [sub, ...rest] = words;
  const verb = sub?.toLowerCase();
  if (verb === 'list' || verb === undefined) return ok({ kind: 'watch_list' });
  if (verb === 'add' || verb === 'remove') {
    const parsed = symbols(rest);
    if (typeof parsed === 'string') return fail(`${parsed}. ${USAGE.watch}`);
    return ok({ kind: verb === 'add' ? 'watch_add' : 'watch_remove', symbols: parsed });
  }
  return fail(`I don't know "/watch ${sub}". ${USAGE.watch}`);
}

function parseDigest(words: string[]): Parsed {
  const [sub, time, zone] = words;
  const verb = sub?.toLowerCase();
  if (verb === 'off') return ok({ kind: 'digest_off' });
  if (verb === 'now') return ok({ kind: 'digest_now' });
  if (verb === 'daily') {
    const match = /^(\d{1,2}):(\d{2})$/.exec(time ?? '');
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return fail(`"${time ?? ''}" is not a time of day; use 24-hour HH:MM, e.g. 16:15. ${USAGE.digest}`);
    const timeZone = zone ?? DEFAULT_TIME_ZONE;
    if (!isKnownTimeZone(timeZone)) return fail(`"${timeZone}" is not a time zone I know; use an IANA name such as America/New_York.`);
    return ok({ kind: 'digest_daily', time: `${match[1].padStart(2, '0')}:${match[2]}`, timeZone });
  }
  return fail(`I don't know "/digest ${sub ?? ''}". ${USAGE.digest}`);
}

function parseAlert(words: string[]): Parsed {
  const lower = words.map((w) => w.toLowerCase());
  if (lower[0] === 'list' && words.length === 1) return ok({ kind: 'alert_list' });
  if (lower[0] === 'delete' || lower[0] === 'remove') {
    if (words.length !== 2) return fail(`Name the alert to delete: \`/alert delete <id>\` (see \`/alert list\`).`);
    return ok({ kind: 'alert_delete', id: words[1] });
  }
  const [rawSymbol, ...rest] = words;
  const sym = symbols(rawSymbol ? [rawSymbol] : []);
  if (typeof sym === 'string') return fail(`${sym}. ${USAGE.alert}`);
  const symbol = sym[0];
  const r = rest.map((w) => w.toLowerCase());
  const number = (w: string | undefined) => (w !== undefined && /^\d+(\.\d+)?$/.test(w) ? Number(w) : undefined);
  // NVDA above 250 | NVDA below 100
  if ((r[0] === 'above' || r[0] === 'below') && r.length === 2) {
    const threshold = number(r[1]);
    if (threshold === undefined || threshold <= 0) return fail(`"${rest[1]}" is not a price. ${USAGE.alert}`);
    return ok({ kind: 'alert_add', symbol, condition: { metric: 'price', direction: r[0], threshold } });
  }
  // AMD rsi above 70
  if (r[0] === 'rsi' && (r[1] === 'above' || r[1] === 'below') && r.length === 3) {
    const threshold = number(r[2]);
    if (threshold === undefined || threshold > 100) return fail(`RSI runs from 0 to 100; "${rest[2]}" is not a level on it.`);
    return ok({ kind: 'alert_add', symbol, condition: { metric: 'rsi', direction: r[1], threshold } });
  }
  // NVDA crosses sma50
  if (r[0] === 'crosses' && r.length === 2) {
    const m = /^sma(\d{1,3})$/.exec(r[1]);
    const period = m ? Number(m[1]) : undefined;
    if (period === undefined || period < 2 || period > 250) return fail(`"${rest[1]}" is not a moving average I can watch; use sma2 … sma250 (e.g. sma50).`);
    return ok({ kind: 'alert_add', symbol, condition: { metric: 'sma', direction: 'crosses', period } });
  }
  return fail(`I couldn't read that alert. ${USAGE.alert}`);
}
