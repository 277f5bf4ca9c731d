/**
 * A typed Finnhub REST client on `fetch`. Every response is zod-validated; every request goes through the shared
 * rate limiter, the TTL cache and in-flight coalescing; each upstream attempt has its own timeout.
 *
 * Auth is the `X-Finnhub-Token` header only: the key is never put in a URL, a cache key, a log line or an error
 * message. (That, typed responses, AbortSignal support and a configurable base URL are why this is not the
 * `finnhub` npm package; see the README.)
 *
 * Errors (BotError codes): `symbol_not_found`, `not_in_plan` (403, never retried), `provider_auth_failed` (401),
 * `rate_limited` (429 after the client's own waits, retryable), `provider_unavailable` (5xx / network, retryable),
 * `provider_bad_response` (malformed JSON or an unexpected shape), `timeout` (retryable), `invalid_symbol`.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { BotError } from '../../../errors.js';
import { FaultInjector, sleep } from '../../../faults.js';
import { silentLogger } from '../../../logger.js';
import { CoalescingLoader, MemoryCache, type Cache } from '../cache.js';
import type { RateLimiter } from '../rate-limiter.js';
import {
  finnhubCandlesSchema,
  finnhubEarningsCalendarSchema,
  finnhubErrorSchema,
  finnhubMetricSchema,
  finnhubNewsSchema,
  finnhubPeersSchema,
  finnhubProfileSchema,
  finnhubQuoteSchema,
  finnhubRecommendationSchema,
  finnhubSearchSchema,
} from './finnhub-schemas.js';
import { parseRetryAfter } from '../../../retry-after.js';

/** Cache lifetimes per endpoint (ms): quotes move, profiles and peers barely do. */
export const FINNHUB_TTL_MS = {
  quote: 60_000,
  profile: 24 * 3_600_000,
  metric: 6 * 3_600_000,
  candles: 3_600_000,
  news: 15 * 60_000,
  peers: 24 * 3_600_000,
  search: 24 * 3_600_000,
  recommendation: 12 * 3_600_000,
  earnings: 6 * 3_600_000,
} as const;
export type FinnhubEndpoint = keyof typeof FINNHUB_TTL_MS;

export type FinnhubClientOptions = {
  readonly apiKey: string;
  /** @default "https://finnhub.io/api/v1" */
  readonly baseUrl?: string;
  readonly limiter: RateLimiter;
  /** @default a new MemoryCache */
  readonly cache?: Cache;
  /** Cache + in-flight coalescing; false sends every call upstream (benchmarks). @default true */
  readonly caching?: boolean;
  readonly logger?: Logger;
  readonly faults?: FaultInjector;
  /** Per upstream attempt. @default 8000 */
  readonly timeoutMs?: number;
  /** 429s the client sits out itself before answering `rate_limited`. @default 3 */
  readonly maxRateLimitRetries?: number;
  /** Longest single 429 wait the client sits out; longer ones go back to the caller. @default 15000 */
  readonly maxRateLimitWaitMs?: number;
  readonly ttlMs?: Partial<Record<FinnhubEndpoint, number>>;
  readonly fetch?: typeof fetch;
};

export type RequestOptions = { readonly signal?: AbortSignal };

const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9.^=:-]{0,19}$/;

export class FinnhubClient {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly limiter: RateLimiter;
  private readonly loader: CoalescingLoader;
  private readonly log: Logger;
  private readonly faults: FaultInjector;
  private readonly timeoutMs: number;
  private readonly maxRateLimitRetries: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly ttl: Record<FinnhubEndpoint, number>;
  private readonly fetchImpl: typeof fetch;
  /** Attempts that reached the network, per path (benchmarks and tests read these). */
  readonly upstream = { total: 0, byPath: {} as Record<string, number> };

  constructor(options: FinnhubClientOptions) {
    if (!options.apiKey) throw new TypeError('FinnhubClient needs an API key');
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? 'https://finnhub.io/api/v1').replace(/\/+$/, '');
    this.limiter = options.limiter;
    this.loader = new CoalescingLoader(options.cache ?? new MemoryCache(), { enabled: options.caching ?? true });
    this.log = (options.logger ?? silentLogger).child({ provider: 'finnhub' });
    this.faults = options.faults ?? new FaultInjector();
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 15_000;
    this.ttl = { ...FINNHUB_TTL_MS, ...options.ttlMs };
    this.fetchImpl = options.fetch ?? fetch;
  }

  get cacheStats() {
    return this.loader.stats;
  }

  /** `/quote`. An unknown symbol answers 200 with zeros (`c:0, t:0`): that is `symbol_not_found`. */
  async quote(symbol: string, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    const quote = await this.get('quote', '/quote', { symbol: sym }, finnhubQuoteSchema, options);
    if (!quote.c && !quote.t) throw notFound(sym, 'quote');
    return quote;
  }

  /** `/stock/profile2`. `{}` means unknown symbol (or a fund: Finnhub profiles companies only). */
  async profile(symbol: string, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    const profile = await this.get('profile', '/stock/profile2', { symbol: sym }, finnhubProfileSchema, options);
    if (!profile.name && !profile.ticker) throw notFound(sym, 'company profile');
    return profile;
  }

  /** `/stock/metric?metric=all`. Keys contain `/` and `&`: read them with brackets. */
  async metrics(symbol: string, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    const body = await this.get('metric', '/stock/metric', { symbol: sym, metric: 'all' }, finnhubMetricSchema, options);
    const metric = body.metric ?? {};
    if (Object.keys(metric).length === 0) throw notFound(sym, 'financial metrics');
    return metric;
  }

  /** `/stock/candle` (premium: 403 → `not_in_plan`). `no_data` → `no_data`. Times are unix seconds. */
  async candles(symbol: string, range: { from: number; to: number; resolution?: string }, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    const params = { symbol: sym, resolution: range.resolution ?? 'D', from: String(range.from), to: String(range.to) };
    const body = await this.get('candles', '/stock/candle', params, finnhubCandlesSchema, options);
    if (body.s !== 'ok' || !body.t?.length) throw new BotError('no_data', `Finnhub has no daily candles for ${sym} in that range`);
    return body;
  }

  /** `/company-news` between two YYYY-MM-DD dates (North American symbols only). */
  companyNews(symbol: string, range: { from: string; to: string }, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    return this.get('news', '/company-news', { symbol: sym, from: checkDate(range.from), to: checkDate(range.to) }, finnhubNewsSchema, options);
  }

  /** `/stock/peers`: the queried symbol first; `[]` for an unknown symbol → `symbol_not_found`. */
  async peers(symbol: string, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    const peers = await this.get('peers', '/stock/peers', { symbol: sym }, finnhubPeersSchema, options);
    if (peers.length === 0) throw notFound(sym, 'peer list');
    return peers;
  }

  /** `/search`, filtered to US common stock (no foreign lines such as `NVD.DE`). */
  async search(query: string, options?: RequestOptions) {
    const q = query.trim();
    if (!q || q.length > 64) throw new BotError('invalid_query', 'a symbol search needs 1 to 64 characters');
    const body = await this.get('search', '/search', { q, exchange: 'US' }, finnhubSearchSchema, options);
    return (body.result ?? []).filter((r) => r.type === 'Common Stock' && !r.symbol.includes('.'));
  }

  /** `/stock/recommendation`: monthly analyst counts, newest first (`[]` when nobody covers it). */
  recommendations(symbol: string, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    return this.get('recommendation', '/stock/recommendation', { symbol: sym }, finnhubRecommendationSchema, options);
  }

  /** `/calendar/earnings` for one symbol between two dates. quarter/year are fiscal. */
  async earningsCalendar(symbol: string, range: { from: string; to: string }, options?: RequestOptions) {
    const sym = checkSymbol(symbol);
    const params = { from: checkDate(range.from), to: checkDate(range.to), symbol: sym };
    const body = await this.get('earnings', '/calendar/earnings', params, finnhubEarningsCalendarSchema, options);
    return body.earningsCalendar ?? [];
  }

  /** Cache → in-flight request → a new upstream request. The cache key holds path and params, never the key. */
  private get<S extends z.ZodType>(endpoint: FinnhubEndpoint, path: string, params: Record<string, string>, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
    const query = new URLSearchParams(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))).toString();
    const key = `finnhub:${path}?${query}`;
    return this.loader.load(key, this.ttl[endpoint], (signal) => this.fetchWithRetry(path, query, schema, signal), options);
  }

  /** One logical request: waits for the limiter, sits out 429s the server asks it to, then parses. */
  private async fetchWithRetry<S extends z.ZodType>(path: string, query: string, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    for (let attempt = 1; ; attempt++) {
      const release = await this.limiter.acquire({ signal });
      let response: Awaited<ReturnType<FinnhubClient['attempt']>>;
      try {
        response = await this.attempt(path, query, signal, attempt);
      } finally {
        release();
      }
      if (response.status === 429) {
        const waitMs = parseRetryAfter(response.headers, Date.now()) ?? Math.min(1000 * 2 ** (attempt - 1), 30_000);
        // Everyone backs off, not just this request: the limit is per key.
        this.limiter.pauseUntil(Date.now() + waitMs);
        this.log.warn({ endpoint: path, attempt, waitMs }, 'finnhub rate limit hit (429); backing off');
        if (attempt > this.maxRateLimitRetries || waitMs > this.maxRateLimitWaitMs) {
          throw new BotError('rate_limited', `Finnhub rate limit reached (${path}); try again in ${Math.ceil(waitMs / 1000)} s`, { retryable: true, retryAfterMs: waitMs });
        }
        await sleep(waitMs, signal);
        continue;
      }
      return this.parse(path, response, schema);
    }
  }

  private async attempt(path: string, query: string, flightSignal: AbortSignal, attempt: number): Promise<{ status: number; headers: Headers; text: string }> {
    const signal = AbortSignal.any([flightSignal, AbortSignal.timeout(this.timeoutMs)]);
    const started = Date.now();
    try {
      await this.faults.apply(['finnhub'], signal);
      this.upstream.total++;
      this.upstream.byPath[path] = (this.upstream.byPath[path] ?? 0) + 1;
      const response = await this.fetchImpl(`${this.baseUrl}${path}?${query}`, {
        headers: { 'X-Finnhub-Token': this.apiKey, accept: 'application/json' },
        signal,
      });
      const text = await response.text();
      this.log.debug({ endpoint: path, status: response.status, ms: Date.now() - started, attempt }, 'finnhub request');
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (flightSignal.aborted) throw flightSignal.reason;
      if (BotError.is(error)) throw error;
      if (signal.aborted) {
        this.log.warn({ endpoint: path, ms: Date.now() - started, attempt }, 'finnhub request timed out');
        throw new BotError('timeout', `Finnhub ${path} did not answer within ${this.timeoutMs} ms`, { retryable: true });
      }
      const message = this.redact(error instanceof Error ? error.message : String(error));
      this.log.warn({ endpoint: path, err: message, attempt }, 'finnhub request failed');
      throw new BotError('provider_unavailable', `Finnhub ${path} could not be reached: ${message}`, { retryable: true });
    }
  }

  private parse<S extends z.ZodType>(path: string, response: { status: number; text: string }, schema: S): z.infer<S> {
    const { status, text } = response;
    if (status === 403) throw new BotError('not_in_plan', `Finnhub ${path} is not in this API plan (403: ${this.upstreamMessage(text)})`, { details: { status } });
    if (status === 401) throw new BotError('provider_auth_failed', 'Finnhub rejected the API key (401): check FINNHUB_API_KEY', { details: { status } });
    if (status >= 500) throw new BotError('provider_unavailable', `Finnhub ${path} answered ${status}`, { retryable: true, details: { status } });
    if (status < 200 || status >= 300) throw new BotError('provider_error', `Finnhub ${path} answered ${status}: ${this.upstreamMessage(text)}`, { details: { status } });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Truncated bodies and proxy error pages happen; another attempt may well succeed.
      throw new BotError('provider_bad_response', `Finnhub ${path} sent a body that is not JSON`, { retryable: true });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BotError('provider_bad_response', `Finnhub ${path} sent an unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`);
    }
    return parsed.data;
  }

  private upstreamMessage(text: string): string {
    const body = safeJson(text);
    const parsed = finnhubErrorSchema.safeParse(body);
    return this.redact(parsed.success ? parsed.data.error : text.slice(0, 200));
  }

  private redact(text: string): string {
    return text.split(this.apiKey).join('[redacted]');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** "$nvda " → "NVDA": how symbols are keyed, requested and reported. */
export function normalizeSymbol(symbol: string): string {
  return typeof symbol === 'string' ? symbol.trim().toUpperCase().replace(/^\$/, '') : '';
}

function checkSymbol(symbol: string): string {
  const sym = normalizeSymbol(symbol);
  if (!SYMBOL.test(sym)) throw new BotError('invalid_symbol', `"${String(symbol).slice(0, 32)}" is not a ticker symbol`);
  return sym;
}

function checkDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new BotError('invalid_date', `"${date}" is not a YYYY-MM-DD date`);
  return date;
}

function notFound(symbol: string, what: string): BotError {
  return new BotError('symbol_not_found', `Finnhub has no ${what} for ${symbol}`, { details: { symbol } });
}
