/** Shared pieces of the watch tests: an offline app, a temp store, a recording delivery, NY wall-clock times. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { zonedTimeToEpoch } from '../../src/tools/market/calendar/zoned-time.js';
import { createDelivery, type Delivery } from '../../src/watch/delivery.js';
import type { ChannelRef } from '../../src/watch/types.js';
import type { StructuredRequest } from '../../src/pipeline/events/events.js';
import { memoryArtifacts, testLogger } from '../helpers/tool-fixtures.js';

export function offlineApp() {
  return createApp(loadConfig({}), { logger: testLogger, artifacts: memoryArtifacts(), random: () => 0 });
}

export const tempDir = (label = 'watch') => mkdtempSync(join(tmpdir(), `marketdesk-${label}-`));

/** Epoch ms of a New York wall-clock time ("2026-05-15", "16:15"). */
export function ny(date: string, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return zonedTimeToEpoch(date, h * 60 + m, 'America/New_York');
}

export type Delivered = { channel: ChannelRef; request: StructuredRequest; question: string; runId: string };

/** The real delivery (starts the run through the run API), recording what it started. */
export function recordingDelivery(app: ReturnType<typeof offlineApp>): { deliver: Delivery; delivered: Delivered[] } {
  const real = createDelivery(app.pipeline, {});
  const delivered: Delivered[] = [];
  return {
    delivered,
    deliver: async (channel, request, question) => {
      const runId = await real(channel, request, question);
      delivered.push({ channel, request, question, runId });
      return runId;
    },
  };
}

/** Wilder RSI(14) computed here, independently of src/, from the dataset's CSV closes. */
export function csvRsiCrossings(symbol: string, level: number, from: string, to: string): string[] {
  const rows = readFileSync(new URL(`../../data/market/${symbol}.csv`, import.meta.url), 'utf8').trim().split('\n');
  const header = rows[0].split(',');
  const closeAt = header.indexOf('close');
  const bars = rows.slice(1).map((r) => r.split(',')).map((c) => ({ date: c[0], close: Number(c[closeAt]) }));
  const r: number[] = [];
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= 14; i++) {
    const ch = bars[i].close - bars[i - 1].close;
    if (ch > 0) gain += ch;
    else loss -= ch;
  }
  gain /= 14;
  loss /= 14;
  r[14] = (100 * gain) / (gain + loss);
  for (let i = 15; i < bars.length; i++) {
    const ch = bars[i].close - bars[i - 1].close;
    gain = (gain * 13 + Math.max(ch, 0)) / 14;
    loss = (loss * 13 + Math.max(-ch, 0)) / 14;
    r[i] = (100 * gain) / (gain + loss);
  }
  const days: string[] = [];
  for (let i = 15; i < bars.length; i++) {
    if (bars[i].date >= from && bars[i].date <= to && r[i - 1] <= level && r[i] > level) days.push(bars[i].date);
  }
  return days;
}
