/**
 * Configuration from the environment, validated once with zod. Nothing else reads process.env.
 * With nothing set, everything runs offline: offline dataset, builtin models, HTTP + CLI surfaces.
 */
import { z } from 'zod';
import { parseFaults, type FaultRule } from './faults.js';

/** Daily-bars providers `BARS_PROVIDERS` may name, in the default order. */
export const BARS_PROVIDER_IDS = ['tiingo', 'alpaca', 'yahoo', 'offline'] as const;
export type BarsProviderId = (typeof BARS_PROVIDER_IDS)[number];

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const modelSpec = z
  .string()
  .regex(/^(builtin|(openai|anthropic):[\w.:/@-]+)$/, 'expected builtin, openai:<model> or anthropic:<model>');

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

/** "tiingo, yahoo,offline" → ['tiingo', 'yahoo', 'offline']: known names, each once, at least one. */
const barsProviderList = optionalString.transform((value, ctx): BarsProviderId[] | undefined => {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!(BARS_PROVIDER_IDS as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', message: `unknown daily-bars provider "${name}" (known: ${BARS_PROVIDER_IDS.join(', ')})` });
  }
  if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'a daily-bars provider is listed twice' });
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'list at least one daily-bars provider' });
  return names as BarsProviderId[];
});

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_TOKEN: optionalString,
  /** POST /api/runs per client and minute (the client: the bearer token when API_TOKEN is set, else the address); 0 = off. */
  API_RATE_PER_MINUTE: int(30),
  /** Runs a client may start at once before API_RATE_PER_MINUTE applies. */
  API_RATE_BURST: z.coerce.number().int().min(1).default(10),
  /** Days past runs are kept on disk. */
  RUN_RETENTION_DAYS: int(30),
  /** How long run events are batched before one write per run, ms (a crash loses at most this window from disk). */
  RUN_STORE_FLUSH_MS: int(25),
  /** Cap on chart files under DATA_DIR/runs, MB; the oldest finished runs' charts are evicted beyond it; 0 = no cap. */
  ARTIFACT_MAX_MB: int(1024),
  /** `live` turns live data on (`finnhub` is kept as an alias); unset: live when a Finnhub, Tiingo or Alpaca key is set. */
  MARKET_DATA: z.enum(['offline', 'live', 'finnhub']).optional(),
  MARKET_DATA_DIR: optionalString,
  FINNHUB_API_KEY: optionalString,
  FINNHUB_API_URL: z.string().url().default('https://finnhub.io/api/v1'),
  FINNHUB_RATE_PER_MINUTE: int(60),
  FINNHUB_RATE_PER_SECOND: int(30),
  /**
   * Daily-bars providers in the order they are asked, from tiingo, alpaca, yahoo, offline (e.g. "tiingo,offline" leaves
   * Yahoo out). Default: tiingo if TIINGO_API_KEY is set, alpaca if both Alpaca keys are set, then yahoo, then offline.
   */
  BARS_PROVIDERS: barsProviderList,
  /** Tiingo EOD (free key at tiingo.com): stocks and ETFs, raw + adjusted prices. Sent as `Authorization: Token`. */
  TIINGO_API_KEY: optionalString,
  TIINGO_API_URL: z.string().url().default('https://api.tiingo.com'),
  /** Tiingo's free plan: 50 requests an hour, 1 000 a day (and 500 distinct symbols a month). */
  TIINGO_RATE_PER_HOUR: int(50),
  TIINGO_RATE_PER_DAY: int(1000),
  /** Distinct symbols a month Tiingo's plan looks up (0 = no budget kept). */
  TIINGO_SYMBOLS_PER_MONTH: int(500),
  /** Alpaca market data (free account at alpaca.markets): both keys, sent as APCA-API-* headers. */
  ALPACA_API_KEY_ID: optionalString,
  ALPACA_API_SECRET_KEY: optionalString,
  ALPACA_DATA_URL: z.string().url().default('https://data.alpaca.markets'),
  /** Alpaca's free market-data plan: 200 requests a minute. */
  ALPACA_RATE_PER_MINUTE: int(200),
  /** Yahoo Finance chart API (keyless, unofficial, personal use): the only free source of ^SOX / ^GSPC. */
  YAHOO_CHART_URL: z.string().url().default('https://query2.finance.yahoo.com'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.string().url().optional()),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString.pipe(z.string().url().optional()),
  PLANNER_MODEL: modelSpec.optional(),
  REPLANNER_MODEL: modelSpec.optional(),
  VISION_MODEL: modelSpec.optional(),
  SYNTHESIS_MODEL: modelSpec.optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString.pipe(z.string().url().optional()),
  /** Streamed Slack answers: `auto` = when synthesis is a model (it streams), `on`, `off`. */
  SLACK_STREAMING: z.enum(['auto', 'on', 'off']).default('auto'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: optionalString.pipe(z.string().url().optional()),
  /** Switches to distributed mode (runs on a BullMQ queue, events in Redis Streams); unset = one process, no Redis. */
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'expected redis://host:port/db or rediss://…').optional()),
  /** Prefix of every key, queue and stream, so several deployments and test runs share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[\w:{}.-]{1,64}$/, 'letters, digits and : _ - . { } only').default('marketdesk:'),
  /** all = one process does everything; web = HTTP/SSE/console + Slack/Discord ingress; worker = runs pipelines. */
  MARKETDESK_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  /** Runs one worker process executes at once (distributed mode). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** BullMQ lock of a running job, ms: a worker dead for longer than this loses its runs to another worker. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(10_000),
  /** How often workers look for runs whose lock expired (a dead worker's runs), ms. */
  WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(5_000),
  /** Seconds a finished run's event stream is kept in Redis (the run store keeps history beyond it). */
  RUN_STREAM_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  /** How often the watch scheduler looks for due digests and new bars for alerts, ms; 0 = scheduler off. */
  WATCH_TICK_MS: int(60_000),
  MARKETDESK_FAULTS: optionalString,
  /** How charts become PNGs: skia (vega's canvas renderer on Skia, default) or librsvg (vega's SVG via sharp). */
  CHART_RASTERIZER: z.enum(['skia', 'librsvg']).default('skia'),
  /** Worker threads that render charts, so a hung render stalls a worker (terminated at its timeout), not the process; 0 = render on the main thread. */
  CHART_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  /** Max concurrent runs in this process. */
  MAX_CONCURRENT_RUNS: int(32),
  /** Per-run wall-clock budget, ms. */
  RUN_TIMEOUT_MS: int(120_000),
  /** Per-run model budgets (LLM roles only): replans, tokens, estimated cost in USD. */
  RUN_MAX_REPLANS: int(2),
  RUN_MAX_TOKENS: int(60_000),
  RUN_MAX_COST_USD: z.coerce.number().nonnegative().default(0.5),
  /** Per-call limit for model requests including the stream, ms; SDK retries (429/5xx) per call. */
  MODEL_TIMEOUT_MS: int(60_000),
  MODEL_MAX_RETRIES: int(2),
});

export type Env = z.infer<typeof envSchema>;
export type Config = Env & { faults: FaultRule[] };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (Boolean(config.ALPACA_API_KEY_ID) !== Boolean(config.ALPACA_API_SECRET_KEY)) problems.push('  Alpaca needs both ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY');
  if (config.BARS_PROVIDERS?.includes('tiingo') && !config.TIINGO_API_KEY) problems.push('  BARS_PROVIDERS lists tiingo: set TIINGO_API_KEY');
  if (config.BARS_PROVIDERS?.includes('alpaca') && !(config.ALPACA_API_KEY_ID && config.ALPACA_API_SECRET_KEY)) problems.push('  BARS_PROVIDERS lists alpaca: set ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY');
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET)
    problems.push('  SLACK_BOT_TOKEN is set: HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) problems.push('  DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not');
  if (!isLoopback(config.HOST) && !config.API_TOKEN) problems.push(`  HOST=${config.HOST} is not loopback: set API_TOKEN to protect the HTTP API`);
  let faults: FaultRule[] = [];
  try {
    faults = parseFaults(config.MARKETDESK_FAULTS);
  } catch (error) {
    problems.push(`  ${(error as Error).message}`);
  }
  if (config.MARKETDESK_ROLE !== 'all' && !config.REDIS_URL) problems.push(`  MARKETDESK_ROLE=${config.MARKETDESK_ROLE} needs REDIS_URL (web and worker processes meet in Redis)`);
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  return { ...config, faults };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
