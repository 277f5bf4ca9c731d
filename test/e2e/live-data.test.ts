/**
 * `npm start` with MARKET_DATA=live answers the seed question for today's market: the real entry point in a child
 * process, Finnhub on a free key (candles 403, as the real free tier), Tiingo and Yahoo as fakes that serve the same
 * deterministic fixture history up to the real clock. The window is "the past quarter" ending on the last completed
 * NYSE session before now (the calendar says which), and every figure in the table is the fixture's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletedSession, previousSession } from '../../src/tools/market/calendar/trading-calendar.js';
import type { StartedFake } from '../fakes/bars-fake-server.js';
import { fixtureBar } from '../fakes/bars-fixtures.js';
import { startFakeFinnhub, type FakeFinnhub } from '../fakes/finnhub-server.js';
import { startFakeTiingo, type FakeTiingo } from '../fakes/tiingo-server.js';
import { startFakeYahoo, type FakeYahoo } from '../fakes/yahoo-server.js';
import { ROOT } from './helpers/entry-commands.js';
import { startEntry, type EntryProcess } from './helpers/entry-process.js';
import { askOverHttp, isPng, SEED_QUESTION } from './helpers/surface-checks.js';

let finnhub: FakeFinnhub & { close(): Promise<void> };
let tiingo: StartedFake<FakeTiingo>;
let yahoo: StartedFake<FakeYahoo>;
let server: EntryProcess;
const dataDir = mkdtempSync(path.join(tmpdir(), 'marketdesk-live-e2e-'));

beforeAll(async () => {
  [finnhub, tiingo, yahoo] = await Promise.all([startFakeFinnhub(), startFakeTiingo(), startFakeYahoo()]);
  server = await startEntry({
    command: ['npm', 'start'],
    cwd: ROOT,
    env: {
      DATA_DIR: dataDir,
      MARKET_DATA: 'live',
      FINNHUB_API_KEY: finnhub.apiKey,
      FINNHUB_API_URL: finnhub.url,
      TIINGO_API_KEY: tiingo.apiKey,
      TIINGO_API_URL: tiingo.url,
      YAHOO_CHART_URL: yahoo.url,
    },
  });
}, 90_000);

afterAll(async () => {
  await server?.kill();
  await Promise.all([finnhub?.close(), tiingo?.close(), yahoo?.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const pct = (from: number, to: number) => `${to >= from ? '+' : '−'}${Math.abs((to / from - 1) * 100).toFixed(1)}%`;
const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

describe('npm start with MARKET_DATA=live (free Finnhub key, Tiingo, Yahoo)', () => {
  it('answers "the past quarter" for today’s market from Tiingo, with the fixture’s figures and the as-of date', async () => {
    const to = lastCompletedSession(Date.now());
    const run = await server.explain(askOverHttp(server.url, SEED_QUESTION));
    expect(run.types.at(-1)).toBe('run.completed');

    // Every bars step covered the same window, ending on the last completed session, served by Tiingo.
    const summaries = run.events.filter((e) => e.event === 'step.succeeded').map((e) => String(e.data.summary ?? '')).filter((s) => / sessions \d{4}-/.test(s));
    expect(summaries.length).toBeGreaterThanOrEqual(3);
    const window = /(\d+) sessions (\d{4}-\d{2}-\d{2}) → (\d{4}-\d{2}-\d{2}) \(Tiingo\)/.exec(summaries[0]);
    expect(window, summaries[0]).not.toBeNull();
    const [, , from, last] = window!;
    expect(last).toBe(to);
    for (const summary of summaries) expect(summary).toContain(`${from} → ${to} (Tiingo)`);
    // "Past quarter" is three calendar months: the first session lies in the month three months before `to`, or
    // (when that day is not a session, e.g. a weekend at a month's end) in the month after it.
    expect(monthIndex(to) - monthIndex(from)).toBeGreaterThanOrEqual(2);
    expect(monthIndex(to) - monthIndex(from)).toBeLessThanOrEqual(3);

    // The table measures from the base close (the last session before the window) to the last close.
    const base = previousSession(from);
    for (const symbol of ['NVDA', 'SOXX', 'SMH']) {
      const [first, lastClose] = [fixtureBar(symbol, base)!.close, fixtureBar(symbol, to)!.close];
      expect(run.completed.answer).toMatch(new RegExp(`\\| ${symbol}[^|]*\\| ${first.toFixed(2)} \\| ${lastClose.toFixed(2)} \\| \\${pct(first, lastClose)} \\|`));
    }
    expect(run.completed.answer).toContain(`Tiingo, as of ${to}`);
    expect(run.completed.answer).not.toMatch(/offline dataset/);
    // The free key never reached the premium candle endpoint; Tiingo was asked for each symbol.
    expect(finnhub.count('/stock/candle')).toBe(0);
    for (const symbol of ['NVDA', 'SOXX', 'SMH']) expect(tiingo.count(symbol)).toBeGreaterThan(0);
    expect(run.charts.length).toBeGreaterThan(0);
    for (const chart of run.charts) expect(isPng(chart.bytes)).toBe(true);
  });

  it('keeps no key in what it prints', () => {
    const output = server.output();
    expect(output.length).toBeGreaterThan(0);
    for (const key of [finnhub.apiKey, tiingo.apiKey]) expect(output).not.toContain(key);
  });
});
