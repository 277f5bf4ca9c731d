/**
 * Alpaca daily bars: `GET {ALPACA_DATA_URL}/v2/stocks/{symbol}/bars?timeframe=1Day&adjustment=split&start&end`,
 * authenticated by the `APCA-API-KEY-ID` / `APCA-API-SECRET-KEY` headers, paginated by `next_page_token`.
 *
 * `feed` is left out on purpose: on the free plan the default is the consolidated (SIP) tape for anything older than
 * 15 minutes, while `feed=iex` returns one exchange's share of the volume. So `end` is kept at least 16 minutes in
 * the past; a more recent one is refused (403 "subscription does not permit querying recent SIP data" → not_in_plan).
 * Stocks and ETFs, no indices; no adjusted close (split + dividend would need a second request per symbol).
 */
import { parseRetryAfter } from '../../../../retry-after.js';
import { NEW_YORK, zonedDate, zonedTimeToEpoch } from '../../calendar/zoned-time.js';
import type { Bar } from '../../types.js';
import { barsFailure, type BarsFailureKind } from '../bars-errors.js';
import { dedupeByDate, providerSymbol, roundPrice, type BarsSource, type FetchOptions, type SpanRequest } from '../bars-source.js';
import { excerpt, isHtml, parseJson, requestWithRetry, type UpstreamClient, type UpstreamResponse } from '../upstream-request.js';
import { alpacaBarsPageSchema, alpacaErrorSchema } from './alpaca-schemas.js';

export type AlpacaSourceOptions = Omit<UpstreamClient, 'provider' | 'label' | 'upstream' | 'secrets'> & {
  readonly keyId: string;
  readonly secretKey: string;
  /** @default "https://data.alpaca.markets" */
  readonly baseUrl?: string;
  /** @default Date.now */
  readonly now?: () => number;
  /** Pages followed at most (10 000 bars each). @default 20 */
  readonly maxPages?: number;
};

const LABEL = 'Alpaca';
/** SIP data newer than 15 minutes is not on the free plan; one more minute of margin for clocks. */
export const ALPACA_SIP_DELAY_MS = 16 * 60_000;

type Page = { bars: Bar[]; next: string | undefined };

export class AlpacaSource implements BarsSource {
  readonly id = 'alpaca' as const;
  readonly label = LABEL;
  readonly indices = false;
  readonly upstream = { total: 0, byPath: {} as Record<string, number> };
  private readonly client: UpstreamClient;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly now: () => number;
  private readonly maxPages: number;

  constructor(options: AlpacaSourceOptions) {
    if (!options.keyId || !options.secretKey) throw new TypeError('AlpacaSource needs a key id and a secret key');
    this.baseUrl = (options.baseUrl ?? 'https://data.alpaca.markets').replace(/\/+$/, '');
    this.headers = { 'APCA-API-KEY-ID': options.keyId, 'APCA-API-SECRET-KEY': options.secretKey, Accept: 'application/json' };
    this.now = options.now ?? Date.now;
    this.maxPages = options.maxPages ?? 20;
    this.client = { ...options, provider: this.id, label: LABEL, upstream: this.upstream, secrets: [options.keyId, options.secretKey] };
  }

  async fetchSpan(symbol: string, span: SpanRequest, options: FetchOptions): Promise<Bar[]> {
    const endOfTo = zonedTimeToEpoch(span.to, 24 * 60, NEW_YORK);
    const end = Math.min(endOfTo, this.now() - ALPACA_SIP_DELAY_MS);
    const params = new URLSearchParams({
      timeframe: '1Day',
      adjustment: 'split',
      start: `${span.from}T00:00:00Z`,
      end: new Date(end).toISOString(),
      limit: '10000',
      sort: 'asc',
    });
    const path = `${this.baseUrl}/v2/stocks/${encodeURIComponent(providerSymbol(this.id, symbol))}/bars`;
    const bars: Bar[] = [];
    let token: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      if (token) params.set('page_token', token);
      const result = await requestWithRetry(this.client, { url: `${path}?${params}`, headers: this.headers, signal: options.signal }, (r) => this.classify(symbol, r));
      bars.push(...result.bars);
      token = result.next;
      if (!token) return dedupeByDate(bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
    }
    throw barsFailure('bad_request', this.id, `${LABEL}: more than ${this.maxPages} pages of daily bars for ${symbol}`);
  }

  private classify(symbol: string, response: UpstreamResponse): Page {
    const { status, text } = response;
    const fail = (kind: BarsFailureKind, message: string, retryAfterMs?: number) => barsFailure(kind, this.id, `${LABEL}: ${message}`, { status, retryAfterMs });
    if (status === 204) return { bars: [], next: undefined };
    if (status === 429) throw fail('rate_limited', 'rate limit reached (429)', parseRetryAfter(response.headers) ?? 60_000);
    if (status >= 500) throw fail('transient', `answered ${status}`);
    if (isHtml(response)) throw fail('blocked', `answered ${status} with an HTML page instead of data`);
    const json = parseJson(text);
    if (status < 200 || status >= 300) {
      const said = alpacaErrorSchema.safeParse(json);
      const message = said.success ? excerpt(this.client, said.data.message) : excerpt(this.client, text);
      if (status === 403 && /subscription|permit/i.test(message)) throw fail('not_in_plan', `not in this plan: ${message}`);
      if (status === 401 || status === 403) throw fail('auth', `rejected the keys (${status}): check ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY`);
      if ((status === 400 || status === 422 || status === 404) && /symbol/i.test(message)) throw fail('unknown_symbol', `does not know ${symbol} (${message})`);
      throw fail('bad_request', `answered ${status}: ${message}`);
    }
    if (json === undefined) throw fail('transient', 'sent a body that is not JSON');
    const parsed = alpacaBarsPageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw barsFailure('bad_request', this.id, `${LABEL}: unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`, { code: 'provider_bad_response', status });
    }
    const bars = (parsed.data.bars ?? []).map((b) => ({
      date: zonedDate(Date.parse(b.t), NEW_YORK),
      open: roundPrice(b.o),
      high: roundPrice(b.h),
      low: roundPrice(b.l),
      close: roundPrice(b.c),
      volume: b.v,
    }));
    return { bars, next: parsed.data.next_page_token ?? undefined };
  }
}
