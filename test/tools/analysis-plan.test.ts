/**
 * The analysis tools inside a real plan: the real executor, the real registry and the offline provider, with
 * outputs reaching the next step through $ref — the shape the router's graph builder produces for the seed question.
 */
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/pipeline/execute/executor.js';
import { ConcurrencyLimits } from '../../src/pipeline/execute/concurrency-limits.js';
import type { Step } from '../../src/pipeline/plan/plan-schema.js';
import { createToolRegistry } from '../../src/tools/index.js';
import { OfflineMarketData } from '../../src/tools/market/offline-provider.js';
import type { ToolServices } from '../../src/tools/services.js';
import type { RelativePerformance } from '../../src/tools/indicators/relative-performance-schema.js';
import type { TechnicalsSummary } from '../../src/tools/indicators/technicals-summary-schema.js';
import { FaultInjector } from '../../src/faults.js';
import { silentLogger } from '../../src/logger.js';

// The past quarter as the router resolves it: 2026-02-15 → 2026-05-15; the base is the 2026-02-13 close and the
// first session in the window is 2026-02-17 (2026-02-16 is Presidents' Day).
const FROM = '2026-02-15';
const BASE = '2026-02-13';
const FIRST = '2026-02-17';
const TO = '2026-05-15';

const steps: Step[] = [
  { id: 'bars_nvda', tool: 'get_bars', args: { symbol: 'NVDA', from: FROM, to: TO, warmupBars: 252 }, label: 'NVDA daily prices' },
  { id: 'bars_sox', tool: 'get_bars', args: { symbol: '^SOX', from: FROM, to: TO, warmupBars: 1 }, label: '^SOX daily prices' },
  { id: 'bars_smh', tool: 'get_bars', args: { symbol: 'SMH', from: FROM, to: TO, warmupBars: 1 }, label: 'SMH daily prices' },
  {
    id: 'perf',
    tool: 'relative_performance',
    args: { series: [{ $ref: 'bars_nvda' }, { $ref: 'bars_sox' }, { $ref: 'bars_smh' }], benchmark: '^SOX', from: FROM, to: TO, alts: ['SMH'] },
    label: 'NVDA vs semiconductors',
  },
  { id: 'ind_nvda', tool: 'indicators', args: { series: { $ref: 'bars_nvda' } }, label: 'NVDA indicators' },
  { id: 'tech_nvda', tool: 'technicals_summary', args: { series: { $ref: 'bars_nvda' }, indicators: { $ref: 'ind_nvda' } }, label: 'NVDA technicals' },
];

describe('analysis tools in an executed plan', () => {
  it('computes relative performance and technicals from get_bars outputs', async () => {
    const services = { market: new OfflineMarketData(), faults: new FaultInjector() } as unknown as ToolServices;
    const events: { type: string; data: unknown }[] = [];
    const result = await executePlan(steps, {
      runId: 'run_analysis',
      registry: createToolRegistry(),
      services,
      emit: (type, data) => void events.push({ type, data }),
      logger: silentLogger,
      signal: new AbortController().signal,
      limits: new ConcurrencyLimits(),
    });
    for (const step of steps) expect(result.outcomes.get(step.id)?.status, step.id).toBe('succeeded');
    const perf = (result.outcomes.get('perf') as { output: RelativePerformance }).output;
    expect(perf.window).toMatchObject({ from: BASE, to: TO, firstDate: FIRST });
    expect(perf.rows.map((r) => [r.symbol, r.role, r.returnPct.toFixed(1)])).toEqual([
      ['NVDA', 'subject', '23.3'],
      ['^SOX', 'benchmark', '42.4'],
      ['SMH', 'alt', '36.5'],
    ]);
    const tech = (result.outcomes.get('tech_nvda') as { output: TechnicalsSummary }).output;
    expect(tech).toMatchObject({ symbol: 'NVDA', asOf: TO, window: { from: FIRST, to: TO, baseDate: BASE, changePct: perf.rows[0].returnPct } });
    expect(tech.range52w.partial).toBe(false);
    const succeeded = events.filter((e) => e.type === 'step.succeeded').map((e) => e.data as { stepId: string; summary: string });
    expect(succeeded.find((e) => e.stepId === 'perf')?.summary).toBe('NVDA +23.3% vs ^SOX +42.4%, 2026-02-13 → 2026-05-15');
  });
});
