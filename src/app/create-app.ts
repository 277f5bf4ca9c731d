/**
 * The composition root: builds everything from a validated config. Nothing else wires providers, tools, models,
 * the event log and the pipeline together; tests call `createApp` with overrides for the edges they fake.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { FaultInjector } from '../faults.js';
import { createLogger } from '../logger.js';
import { secretValues } from '../secrets.js';
import { resolveModels } from './resolve-models.js';
import type { SynthesisModel } from '../pipeline/synthesize/synthesis-model.js';
import type { VisionModel } from '../tools/chart-reading/vision-model.js';
import { ConcurrencyLimits } from '../pipeline/execute/concurrency-limits.js';
import { MemoryEventLog, type EventLog } from '../pipeline/events/event-log.js';
import type { ReplanHook } from '../pipeline/execute/executor.js';
import type { Router } from '../pipeline/route/router.js';
import { createPipeline, type Pipeline } from '../pipeline/run/run.js';
import { createRulesRouter } from '../pipeline/route/rules-router.js';
import { FileArtifactStore } from '../store/artifact-store.js';
import { FileFeedbackStore } from '../store/feedback-store.js';
import type { ArtifactStore } from '../tools/artifacts.js';
import { createToolRegistry } from '../tools/index.js';
import { createMarketData, type MarketDataDeps } from '../tools/market/create-market-data.js';
import { symbolDirectoryFor } from '../tools/market/symbol-directory.js';
import { SYMBOL_GROUPS } from '../tools/market/symbol-groups.js';
import type { MarketDataProvider } from '../tools/market/types.js';
import type { ToolRegistry } from '../tools/registry.js';
import { ChartRenderer } from '../render/charts/chart-renderer.js';
import { acquireChartWorkerPool } from '../render/charts/chart-worker-pool.js';
import type { ToolServices } from '../tools/services.js';

export type AppOverrides = Partial<{
  logger: Logger;
  market: MarketDataProvider;
  events: EventLog;
  artifacts: ArtifactStore;
  router: Router;
  synthesis: SynthesisModel;
  vision: VisionModel;
  replan: ReplanHook;
  random: () => number;
  /** Shared market-data cache and rate limiters (distributed mode passes Redis ones). */
  marketDeps: Pick<MarketDataDeps, 'cache' | 'limiter' | 'barsLimiters'>;
}>;

export type App = {
  config: Config;
  logger: Logger;
  registry: ToolRegistry;
  services: ToolServices;
  events: EventLog;
  limits: ConcurrencyLimits;
  pipeline: Pipeline;
  /** True when synthesis is a model (its answer arrives word by word, worth streaming to chat). */
  streamsAnswers: boolean;
  /** Which surfaces and models are on, for the start-up line. */
  describe(): Record<string, string>;
  /** Stops what the app started itself (the chart render workers); idempotent. */
  close(): Promise<void>;
};

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const faults = new FaultInjector(config.faults);
  // Offline dataset by default; Finnhub (with the offline dataset behind it) when a key is configured.
  const data = overrides.market ? { market: overrides.market, company: undefined } : createMarketData(config, { logger, faults, ...overrides.marketDeps });
  const market = data.market;
  const artifacts = overrides.artifacts ?? new FileArtifactStore(config.DATA_DIR, { maxBytes: config.ARTIFACT_MAX_MB * 1024 * 1024, logger });
  const registry = createToolRegistry();
  // Every model role from configuration: builtin with no keys; OpenAI / Anthropic / OpenAI-compatible otherwise.
  const models = resolveModels(config, { registry, logger });
  const synthesis = overrides.synthesis ?? models.synthesis;
  // Renders run in worker threads (started on first use): a render that blocks stalls a worker, never the runs.
  // One pool per process and setting (shared with any other app in it); app.close() lets go of it.
  const pool = config.CHART_WORKERS > 0 ? acquireChartWorkerPool({ size: config.CHART_WORKERS, rasterizer: config.CHART_RASTERIZER }) : undefined;
  const charts = new ChartRenderer({ rasterizer: config.CHART_RASTERIZER, ...(pool ? { pool } : {}) });
  const services: ToolServices = { market, artifacts, charts, faults, vision: overrides.vision ?? models.vision, company: data.company };
  const events = overrides.events ?? new MemoryEventLog();
  const limits = new ConcurrencyLimits();
  // The same symbol directory the offline provider reads its names from (one table, per dataset folder).
  const router = overrides.router ?? createRulesRouter(market, symbolDirectoryFor(config.MARKET_DATA_DIR), { companyData: data.company !== undefined });
  const pipeline = createPipeline({
    registry,
    feedback: new FileFeedbackStore(config.DATA_DIR),
    services,
    events,
    router,
    synthesis,
    limits,
    logger,
    replan: overrides.replan,
    planner: models.planner,
    replanner: models.replanner,
    budget: models.budget,
    random: overrides.random,
    maxConcurrentRuns: config.MAX_CONCURRENT_RUNS,
    runTimeoutMs: config.RUN_TIMEOUT_MS,
    peers: SYMBOL_GROUPS,
    secrets: secretValues(config),
  });
  return {
    config,
    logger,
    registry,
    services,
    events,
    limits,
    pipeline,
    /** Graceful shutdown of what the app itself started: the chart workers. */
    close: () => charts.close(),
    streamsAnswers: (overrides.synthesis ?? models.synthesis).id !== 'builtin',
    describe: () => ({
      market: `${market.label} (as of ${market.referenceDate()})`,
      models: Object.entries(models.specs).map(([role, spec]) => `${role}=${spec}`).join(' '),
      tools: registry.names().join(', '),
      charts: charts.rasterizer.name,
      chartWorkers: pool ? `${config.CHART_WORKERS} worker threads` : 'in-process',
      faults: faults.active ? (config.MARKETDESK_FAULTS ?? '') : 'none',
    }),
  };
}
