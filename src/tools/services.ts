/**
 * What tools may use. Passed in `ToolContext.services`; built once in the composition root (src/app/create-app.ts).
 * Tests build their own with fakes of the edges (never of the pipeline).
 */
import type { MarketDataProvider } from './market/types.js';
import type { CompanyDataProvider } from './market/company-data.js';
import type { ArtifactStore } from './artifacts.js';
import type { ChartRenderer } from '../render/charts/chart-renderer.js';
import type { FaultInjector } from '../faults.js';
import type { UsageRecorder } from '../models/spec.js';
import type { VisionModel } from './chart-reading/vision-model.js';

export type ToolServices = {
  readonly market: MarketDataProvider;
  readonly artifacts: ArtifactStore;
  /** The chart renderer (templates compiled once per process). */
  readonly charts: ChartRenderer;
  readonly faults: FaultInjector;
  /** The vision role (chart analysis); builtin = numeric chart reader. */
  readonly vision: VisionModel;
  /** Records model usage per role for `run.completed.usage`. */
  readonly usage?: UsageRecorder;
  /** Fundamentals, news, peers, recommendations, earnings (live data only; absent offline → `needs_live_data`). */
  readonly company?: CompanyDataProvider;
  /** Extra providers added by later features (e.g. fundamentals/news from Finnhub). */
  readonly extras?: Readonly<Record<string, unknown>>;
};
