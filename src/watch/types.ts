/**
 * The watch feature's data (issue 17): per-channel watchlists, digest schedules and alerts, and the record of what
 * fired. Validated with zod where it crosses a boundary (commands, HTTP bodies, rows read back from a store).
 */
import { z } from 'zod';

/** The channel a watchlist, schedule or alert belongs to (and where its posts go). */
export const channelRefSchema = z.object({
  platform: z.enum(['slack', 'discord', 'http']),
  team: z.string().max(100).optional(),
  channel: z.string().min(1).max(100),
});
export type ChannelRef = z.infer<typeof channelRefSchema>;

/** One string per channel: the store key and the firing-lock key part. */
export function channelKey(ref: ChannelRef): string {
  return `${ref.platform}:${ref.team ?? ''}:${ref.channel}`;
}

export const MAX_WATCHLIST = 25;
export const DEFAULT_TIME_ZONE = 'America/New_York';

export const scheduleSchema = z.object({
  channel: channelRefSchema,
  /** Local time of day, HH:MM (24 h). */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timeZone: z.string().min(1).max(64),
  enabled: z.boolean(),
  createdBy: z.string().max(200).optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** price above/below N; rsi above/below N; crosses smaN (either direction). */
export const alertConditionSchema = z.discriminatedUnion('metric', [
  z.object({ metric: z.literal('price'), direction: z.enum(['above', 'below']), threshold: z.number().positive() }),
  z.object({ metric: z.literal('rsi'), direction: z.enum(['above', 'below']), threshold: z.number().min(0).max(100) }),
  z.object({ metric: z.literal('sma'), direction: z.literal('crosses'), period: z.number().int().min(2).max(250) }),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

/** Which side of its line the metric is on. `crosses` fires on any change; above/below on a change to that side. */
export type Side = 'above' | 'below';

export const alertSchema = z.object({
  id: z.string().min(1).max(64),
  channel: channelRefSchema,
  symbol: z.string().min(1).max(20),
  condition: alertConditionSchema,
  /** Who created it (a user id on the platform), named in the post. */
  createdBy: z.string().max(200),
  createdAt: z.string(),
  /** The side seen at the last evaluation; null until the first. */
  lastSide: z.enum(['above', 'below']).nullable(),
  /** The last session evaluated (YYYY-MM-DD), so each new daily bar is evaluated once. */
  lastDate: z.string().nullable(),
  firedCount: z.number().int().nonnegative(),
});
export type Alert = z.infer<typeof alertSchema>;

/** A post the scheduler made (or is making): the firing-once record, with the run it started. */
export type Firing = { key: string; kind: 'digest' | 'alert'; channelKey: string; date: string; runId: string | null; at: string };

export function describeCondition(symbol: string, c: AlertCondition): string {
  if (c.metric === 'price') return `${symbol} ${c.direction} ${c.threshold}`;
  if (c.metric === 'rsi') return `${symbol} RSI(14) ${c.direction} ${c.threshold}`;
  return `${symbol} crosses its ${c.period}-day SMA`;
}
