/**
 * Tiingo EOD daily bars: `GET {TIINGO_API_URL}/tiingo/daily/{ticker}/prices?startDate&endDate` with
 * `Authorization: Token …` (never `?token=`). Stocks, ETFs and funds; no indices.
 *
 * Tiingo's adjusted fields are CRSP total-return (split + dividend). Our bars are split-adjusted like every other
 * source, so OHLC and volume are rebuilt from the raw ones and `splitFactor`: a row is divided by the product of the
 * split factors of every later row. `adjClose` is Tiingo's.
 *
 * `{"detail": …}` is an error whatever the status: "not found" → unknown_symbol; "hourly/daily request allocation"
 * → rate_limited (Retry-After, else an hour or until UTC midnight); the 500-symbols-a-month cap → not_in_plan for
 * that symbol; "Invalid token" → auth.
 */
import { parseRetryAfter } from '../../../../retry-after.js';
import type { Bar } from '../../types.js';
import { barsFailure } from '../bars-errors.js';
import { dedupeByDate, providerSymbol, roundPrice, type BarsSource, type FetchOptions, type SpanRequest } from '../bars-source.js';
import { excerpt, isHtml, parseJson, requestWithRetry, type UpstreamClient, type UpstreamResponse } from '../upstream-request.js';
import { tiingoDetailSchema, tiingoPricesSchema, type TiingoPriceRow } from './tiingo-schemas.js';

export type TiingoSourceOptions = Omit<UpstreamClient, 'provider' | 'label' | 'upstream' | 'secrets'> & {
  readonly apiKey: string;
  /** @default "https://api.tiingo.com" */
  readonly baseUrl?: string;
};

const LABEL = 'Tiingo';

export class TiingoSource implements BarsSource {
  readonly id = 'tiingo' as const;
  readonly label = LABEL;
  readonly indices = false;
  readonly upstream = { total: 0, byPath: {} as Record<string, number> };
  private readonly client: UpstreamClient;
  private readonly baseUrl: string;
  private readonly apiKey: string;

  constructor(options: TiingoSourceOptions) {
    if (!options.apiKey) throw new TypeError('TiingoSource needs an API key');
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? 'https://api.tiingo.com').replace(/\/+$/, '');
    this.client = { ...options, provider: this.id, label: LABEL, upstream: this.upstream, secrets: [options.apiKey] };
  }

  async fetchSpan(symbol: string, span: SpanRequest, options: FetchOptions): Promise<Bar[]> {
    const ticker = providerSymbol(this.id, symbol);
    const query = new URLSearchParams({ startDate: span.from, endDate: span.to, resampleFreq: 'daily', format: 'json' });
    const url = `${this.baseUrl}/tiingo/daily/${encodeURIComponent(ticker)}/prices?${query}`;
    const headers = { Authorization: `Token ${this.apiKey}`, Accept: 'application/json' };
    const rows = await requestWithRetry(this.client, { url, headers, signal: options.signal }, (response) => this.classify(symbol, response));
    return splitAdjust(rows);
  }

  private classify(symbol: string, response: UpstreamResponse): TiingoPriceRow[] {
    const { status, text } = response;
    const fail = (kind: Parameters<typeof barsFailure>[0], message: string, retryAfterMs?: number) =>
      barsFailure(kind, this.id, `${LABEL}: ${message}`, { status, retryAfterMs });
    if (status >= 500) throw fail('transient', `answered ${status}`);
    if (isHtml(response)) throw fail('blocked', `answered ${status} with an HTML page instead of data`);
    const json = parseJson(text);
    const detail = tiingoDetailSchema.safeParse(json);
    if (detail.success || status === 429) {
      const said = detail.success ? excerpt(this.client, detail.data.detail) : excerpt(this.client, text);
      throw this.classifyDetail(symbol, said, response, fail);
    }
    if (status === 401 || status === 403) throw fail('auth', `rejected the API key (${status}): check TIINGO_API_KEY`);
    if (status === 404) throw fail('unknown_symbol', `has no ticker ${symbol}`);
    if (status < 200 || status >= 300) throw fail('bad_request', `answered ${status}: ${excerpt(this.client, text)}`);
    if (json === undefined) throw fail('transient', 'sent a body that is not JSON');
    const parsed = tiingoPricesSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw barsFailure('bad_request', this.id, `${LABEL}: unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`, { code: 'provider_bad_response', status });
    }
    return parsed.data;
  }

  private classifyDetail(symbol: string, detail: string, response: UpstreamResponse, fail: (kind: Parameters<typeof barsFailure>[0], message: string, retryAfterMs?: number) => Error) {
    if (/not found/i.test(detail)) return fail('unknown_symbol', `has no ticker ${symbol} (${detail})`);
    if (/symbol look ?up/i.test(detail)) return fail('not_in_plan', `this plan's monthly symbol allowance is used up, so ${symbol} cannot be looked up (${detail})`);
    if (/invalid token|not authori[sz]ed|authenticat/i.test(detail) || response.status === 401) return fail('auth', `rejected the API key: check TIINGO_API_KEY (${detail})`);
    if (/allocation|rate limit|too many|run over/i.test(detail) || response.status === 429) {
      const now = Date.now();
      const retryAfter = parseRetryAfter(response.headers, now) ?? (/daily/i.test(detail) ? msToUtcMidnight(now) : 3_600_000);
      return fail('rate_limited', `rate limit reached (${detail})`, retryAfter);
    }
    return fail('bad_request', `answered ${response.status}: ${detail}`);
  }
}

/** Raw Tiingo rows → split-adjusted bars: each row divided by the product of the split factors after it. */
export function splitAdjust(rows: readonly TiingoPriceRow[]): Bar[] {
  const sorted = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const bars: Bar[] = new Array(sorted.length);
  let factor = 1;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const row = sorted[i];
    bars[i] = {
      date: row.date.slice(0, 10),
      open: roundPrice(row.open / factor),
      high: roundPrice(row.high / factor),
      low: roundPrice(row.low / factor),
      close: roundPrice(row.close / factor),
      volume: Math.round(row.volume * factor),
      ...(typeof row.adjClose === 'number' ? { adjClose: roundPrice(row.adjClose) } : {}),
    };
    factor *= row.splitFactor ?? 1;
  }
  return dedupeByDate(bars);
}

function msToUtcMidnight(now: number): number {
  const next = new Date(now);
  next.setUTCHours(24, 0, 0, 0);
  return Math.max(60_000, next.getTime() - now);
}
