/**
 * A watchlist digest from daily bars, computed in code (the digest run's figures all come from here): each symbol's
 * day / week / year-to-date return, the leader and laggard of the day, and notable events read from the bars —
 * a new 52-week high or low, a 50/200-day SMA cross, RSI(14) above 70 or below 30, unusual volume.
 */
import type { BarSeries } from '../market/types.js';
import { lastIndexOnOrBefore } from './window.js';
import { rsi } from './rsi.js';
import { sma } from './sma.js';
import { round2, round4 } from './round.js';

export const YEAR_SESSIONS = 252;
/** Volume at least this multiple of the prior 20 sessions' average is "unusual". */
export const UNUSUAL_VOLUME_MULTIPLE = 2;

export type DigestEventKind = 'high_52w' | 'low_52w' | 'golden_cross' | 'death_cross' | 'rsi_overbought' | 'rsi_oversold' | 'unusual_volume';
export type DigestEvent = { symbol: string; kind: DigestEventKind; text: string };
export type DigestRow = { symbol: string; date: string; close: number; dayPct: number | null; weekPct: number | null; ytdPct: number | null };
export type Digest = { asOf: string; rows: DigestRow[]; leader: string | null; laggard: string | null; events: DigestEvent[]; missing: string[] };

const pct = (now: number, base: number | undefined) => (base === undefined || base === 0 ? null : round4((now / base - 1) * 100));

export function computeDigest(seriesList: readonly BarSeries[], asOf: string): Digest {
  const rows: DigestRow[] = [];
  const events: DigestEvent[] = [];
  const missing: string[] = [];
  for (const series of seriesList) {
    const bars = series.bars;
    const i = lastIndexOnOrBefore(bars, asOf);
    if (i < 0) {
      missing.push(series.symbol);
      continue;
    }
    const last = bars[i];
    const weekBase = lastIndexOnOrBefore(bars, shiftDays(last.date, -7));
    const ytdBase = lastIndexOnOrBefore(bars, `${last.date.slice(0, 4)}-01-01`);
    rows.push({
      symbol: series.symbol,
      date: last.date,
      close: last.close,
      dayPct: pct(last.close, bars[i - 1]?.close),
      weekPct: weekBase >= 0 ? pct(last.close, bars[weekBase].close) : null,
      // The base is the last close of the previous year (a bar dated before Jan 1).
      ytdPct: ytdBase >= 0 && bars[ytdBase].date < `${last.date.slice(0, 4)}-01-01` ? pct(last.close, bars[ytdBase].close) : null,
    });
    events.push(...eventsFor(series.symbol, bars.slice(0, i + 1)));
  }
  const ranked = rows.filter((r) => r.dayPct !== null).sort((a, b) => b.dayPct! - a.dayPct!);
  return {
    asOf,
    rows,
    leader: ranked.length > 1 ? ranked[0].symbol : null,
    laggard: ranked.length > 1 ? ranked[ranked.length - 1].symbol : null,
    events,
    missing,
  };
}

function eventsFor(symbol: string, bars: BarSeries['bars']): DigestEvent[] {
  const out: DigestEvent[] = [];
  const n = bars.length;
  const last = bars[n - 1];
  // 52-week high/low: today's intraday extreme is the extreme of the last 252 sessions (and not of yesterday's too).
  if (n >= YEAR_SESSIONS) {
    const year = bars.slice(n - YEAR_SESSIONS, n - 1);
    const priorHigh = Math.max(...year.map((b) => b.high));
    const priorLow = Math.min(...year.map((b) => b.low));
    if (last.high > priorHigh) out.push({ symbol, kind: 'high_52w', text: `${symbol} set a new 52-week high (${round2(last.high)})` });
    if (last.low < priorLow) out.push({ symbol, kind: 'low_52w', text: `${symbol} set a new 52-week low (${round2(last.low)})` });
  }
  const closes = bars.map((b) => b.close);
  if (n >= 201) {
    const s50 = sma(closes, 50);
    const s200 = sma(closes, 200);
    const before = s50[n - 2]! - s200[n - 2]!;
    const now = s50[n - 1]! - s200[n - 1]!;
    if (before <= 0 && now > 0) out.push({ symbol, kind: 'golden_cross', text: `${symbol}'s 50-day SMA crossed above its 200-day (${round2(s50[n - 1]!)} vs ${round2(s200[n - 1]!)})` });
    if (before >= 0 && now < 0) out.push({ symbol, kind: 'death_cross', text: `${symbol}'s 50-day SMA crossed below its 200-day (${round2(s50[n - 1]!)} vs ${round2(s200[n - 1]!)})` });
  }
  if (n > 15) {
    const r = rsi(closes, 14)[n - 1];
    if (r !== null && r > 70) out.push({ symbol, kind: 'rsi_overbought', text: `${symbol}'s RSI(14) is ${round2(r)}, above 70` });
    if (r !== null && r < 30) out.push({ symbol, kind: 'rsi_oversold', text: `${symbol}'s RSI(14) is ${round2(r)}, below 30` });
  }
  if (n > 21) {
    const avg = bars.slice(n - 21, n - 1).reduce((sum, b) => sum + b.volume, 0) / 20;
    if (avg > 0 && last.volume >= UNUSUAL_VOLUME_MULTIPLE * avg) {
      out.push({ symbol, kind: 'unusual_volume', text: `${symbol} traded ${round2(last.volume / avg)}× its 20-day average volume` });
    }
  }
  return out;
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The digest as markdown: one table, then leader/laggard and the notable events. */
export function digestMarkdown(digest: Digest): string {
  const fmt = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`);
  const lines = [`*Watchlist digest for ${digest.asOf}*`, '', '| Symbol | Close | Day | Week | YTD |', '|---|---:|---:|---:|---:|'];
  for (const r of digest.rows) lines.push(`| ${r.symbol} | ${r.close.toFixed(2)} | ${fmt(r.dayPct)} | ${fmt(r.weekPct)} | ${fmt(r.ytdPct)} |`);
  if (digest.leader && digest.laggard) {
    const row = (s: string) => digest.rows.find((r) => r.symbol === s)!;
    lines.push('', `Leader: ${digest.leader} (${fmt(row(digest.leader).dayPct)} on the day); laggard: ${digest.laggard} (${fmt(row(digest.laggard).dayPct)}).`);
  }
  lines.push('', digest.events.length ? '*Notable*' : 'Nothing notable in the bars today (no new 52-week extremes, 50/200-day crosses, RSI extremes or unusual volume).');
  for (const e of digest.events) lines.push(`• ${e.text}`);
  if (digest.missing.length) lines.push('', `No data for ${digest.missing.join(', ')} on or before ${digest.asOf}.`);
  return lines.join('\n');
}
