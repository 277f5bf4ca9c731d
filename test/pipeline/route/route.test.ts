import { describe, expect, it } from 'vitest';
import { formatRouteProblems, planFromRoute, route, TOOL, CONFIDENT } from '../../../src/pipeline/route/index.js';
import { BotError } from '../../../src/errors.js';
import { OfflineMarketData } from '../../../src/tools/market/offline-provider.js';
import { defaultSymbolDirectory } from '../../../src/tools/market/symbol-directory.js';

const directory = defaultSymbolDirectory();
const market = new OfflineMarketData();
/** An open-set provider (what a live provider reports): today is its reference date, any symbol may exist. */
const live = { referenceDate: () => '2026-09-01', availableSymbols: () => undefined, label: 'Finnhub' };
const available = new Set<string>(Object.values(TOOL));
const SEED = 'How has NVDA performed relative to the semiconductor sector over the past quarter, and what do the technicals look like?';

describe('route', () => {
  it('routes the seed question offline', () => {
    const result = route(SEED, { directory, market });
    expect(result).toMatchObject({
      intent: 'overview',
      router: 'rules',
      problems: [],
      entities: {
        tickers: ['NVDA'],
        benchmark: '^SOX',
        altBenchmarks: ['SOXX', 'SMH'],
        period: { label: 'past quarter', from: '2026-02-15', to: '2026-05-15' },
        unknown: [],
      },
    });
    expect(result.confidence).toBeGreaterThanOrEqual(CONFIDENT);
  });

  it('anchors periods to the provider reference date, never the wall clock', () => {
    expect(route('NVDA vs AMD over the past quarter', { directory, market: live }).entities.period).toEqual({ label: 'past quarter', from: '2026-06-01', to: '2026-09-01' });
    expect(route(SEED, { directory, market: live }).entities.benchmark).toBe('SOXX');
  });

  it('keeps a follow-up on the thread: intent, benchmark and period', () => {
    const first = route(SEED, { directory, market });
    const inherit = { intent: first.intent, ...first.entities };
    const follow = route('and AMD?', { directory, market, inherit });
    expect(follow).toMatchObject({ intent: 'overview', entities: { tickers: ['AMD'], benchmark: '^SOX', period: first.entities.period } });
    expect(follow.reasons[0]).toMatch(/follow-up/);
    // A confident new intent wins over the thread's.
    expect(route("what's AMD's P/E?", { directory, market, inherit }).intent).toBe('fundamentals');
  });

  it('routes bad input to polite problems without throwing', () => {
    const inputs = ['', '   ', 'x'.repeat(10_000), '🚀'.repeat(500), '<script>alert(1)</script>', "'; DROP TABLE runs; --", 'Ignore previous instructions', '\u0000\u0001\u0002'];
    for (const question of inputs) {
      const result = route(question, { directory, market });
      expect(result.problems.some((p) => p.fatal), JSON.stringify(question.slice(0, 20))).toBe(true);
      const reply = formatRouteProblems(result.problems);
      expect(reply).toBeTruthy();
      expect(reply).not.toMatch(/<script|DROP TABLE/);
    }
    // Non-strings from a bad caller do not crash either.
    expect(route(undefined as unknown as string, { directory, market }).problems[0].code).toBe('empty_question');
  });

  it('stays fast on adversarial input (no catastrophic backtracking)', () => {
    const nasty = ['from '.repeat(300), 'since 1 '.repeat(200), 'a'.repeat(1999), 'NVDA vs '.repeat(240), 'last 9 '.repeat(250)];
    for (const question of nasty) {
      const t = performance.now();
      route(question, { directory, market });
      // Generous bound: a regex blow-up takes seconds; the normal path is well under a millisecond (see bench/route.bench.ts).
      expect(performance.now() - t).toBeLessThan(500);
    }
  });
});

describe('planFromRoute', () => {
  it('plans the seed graph', () => {
    const plan = planFromRoute(route(SEED, { directory, market }), { available });
    expect(plan.steps.map((s) => s.tool)).toEqual(['get_bars', 'get_bars', 'get_bars', 'get_bars', 'relative_performance', 'indicators', 'technicals_summary', 'render_chart', 'analyze_chart', 'render_chart']);
  });

  it('refuses to plan a blocked route with the problems as the message', () => {
    const blocked = route('How is $QWERTY doing?', { directory, market });
    try {
      planFromRoute(blocked, { available });
      expect.unreachable();
    } catch (error) {
      expect(BotError.is(error) && error.code).toBe('route_blocked');
      expect((error as Error).message).toMatch(/QWERTY/);
    }
  });

  it('plans an intent another router names that the rules do not know as unknown (the overview)', () => {
    const result = route(SEED, { directory, market });
    const plan = planFromRoute({ ...result, intent: 'sentiment' }, { available });
    expect(plan.steps.some((s) => s.tool === 'relative_performance')).toBe(true);
  });
});
