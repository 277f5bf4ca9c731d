/**
 * What a follow-up inherits from the run before it in the same thread ("and AMD?"), or what a Retry carries over:
 * the resolved tickers, benchmark, period and intent. The router uses them only where the new question names none.
 */
import type { RunContext } from './run-api.js';
import type { RunState } from '../events/reduce.js';

export function followUpContext(prev: RunState): RunContext | undefined {
  if (!prev.entities) return undefined;
  const { tickers, benchmark, altBenchmarks, benchmarkLabel, period } = prev.entities;
  return {
    previousRunId: prev.runId,
    inherit: {
      tickers,
      benchmark,
      altBenchmarks,
      ...(benchmarkLabel !== undefined ? { benchmarkLabel } : {}),
      period,
      ...(prev.intent ? { intent: prev.intent } : {}),
    },
  };
}
