/**
 * Yahoo Finance chart API, keyless: `GET {YAHOO_CHART_URL}/v8/finance/chart/{symbol}?period1&period2&interval=1d`.
 * The only free source of index levels (`^SOX`, `^GSPC`). Unofficial, undocumented and for personal use by Yahoo's
 * terms: an operator can leave it out of the chain (`BARS_PROVIDERS`), and answers name it as unofficial.
 *
 * Politeness and traps: a browser-like User-Agent (Yahoo throttles library ones), at most ~1 request a second and 2
 * at a time (the limiter built for it), redirects not followed (a consent redirect is `blocked`). Only JSON is parsed:
 * an HTML page, whatever its status, is `blocked`; 429 comes as plain text; an unknown symbol is a 404 JSON body.
 * `null` elements drop their row (never zero-filled); dates come from the exchange's own time zone; values are
 * float32-noisy and rounded to 4 decimals. `close` is split-adjusted, `adjclose` split + dividend.
 */
import { parseRetryAfter } from '../../../../retry-after.js';
import { NEW_YORK, isKnownTimeZone, zonedDate } from '../../calendar/zoned-time.js';
import type { Bar } from '../../types.js';
import { barsFailure, type BarsFailureKind } from '../bars-errors.js';
import { dedupeByDate, providerSymbol, roundPrice, type BarsSource, type FetchOptions, type SpanRequest } from '../bars-source.js';
import { excerpt, isHtml, parseJson, requestWithRetry, type UpstreamClient, type UpstreamResponse } from '../upstream-request.js';
import { yahooChartSchema } from './yahoo-schemas.js';

export const BROWSER_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

export type YahooSourceOptions = Omit<UpstreamClient, 'provider' | 'label' | 'upstream' | 'secrets'> & {
  /** @default "https://query2.finance.yahoo.com" */
  readonly baseUrl?: string;
  /** @default a current desktop Chrome */
  readonly userAgent?: string;
  /** @default Date.now */
  readonly now?: () => number;
};

const LABEL = 'Yahoo Finance (unofficial)';
/** A 429 from Yahoo is a per-IP soft ban; give it a while. */
const YAHOO_429_COOLDOWN_MS = 5 * 60_000;

export class YahooSource implements BarsSource {
  readonly id = 'yahoo' as const;
  readonly label = LABEL;
  readonly indices = true;
  readonly upstream = { total: 0, byPath: {} as Record<string, number> };
  private readonly client: UpstreamClient;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly now: () => number;

  constructor(options: YahooSourceOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://query2.finance.yahoo.com').replace(/\/+$/, '');
    this.headers = { 'User-Agent': options.userAgent ?? BROWSER_USER_AGENT, Accept: 'application/json, text/plain, */*', 'Accept-Language': 'en-US,en;q=0.9' };
    this.now = options.now ?? Date.now;
    this.client = { ...options, provider: this.id, label: LABEL, upstream: this.upstream, secrets: [] };
  }

  async fetchSpan(symbol: string, span: SpanRequest, options: FetchOptions): Promise<Bar[]> {
    const period1 = Math.floor(Date.parse(`${span.from}T00:00:00Z`) / 1000);
    const endOfTo = Math.floor(Date.parse(`${span.to}T00:00:00Z`) / 1000) + 2 * 86_400;
    const period2 = Math.min(endOfTo, Math.floor(this.now() / 1000));
    const query = new URLSearchParams({ period1: String(period1), period2: String(period2), interval: '1d', includeAdjustedClose: 'true', events: 'div|split' });
    const url = `${this.baseUrl}/v8/finance/chart/${encodeURIComponent(providerSymbol(this.id, symbol))}?${query}`;
    const bars = await requestWithRetry(this.client, { url, headers: this.headers, signal: options.signal }, (r) => this.classify(symbol, r));
    return bars.filter((b) => b.date >= span.from && b.date <= span.to);
  }

  private classify(symbol: string, response: UpstreamResponse): Bar[] {
    const { status, text } = response;
    const fail = (kind: BarsFailureKind, message: string, retryAfterMs?: number) => barsFailure(kind, this.id, `${LABEL}: ${message}`, { status, retryAfterMs });
    if (status === 429) throw fail('rate_limited', `too many requests (${excerpt(this.client, text, 60)})`, parseRetryAfter(response.headers) ?? YAHOO_429_COOLDOWN_MS);
    if (status >= 500) throw fail('transient', `answered ${status}`);
    // Never parse a page: a consent wall or an interstitial comes with 200 (or a redirect) and is not data.
    if (isHtml(response) || (status >= 300 && status < 400)) throw fail('blocked', `answered ${status} with ${status >= 300 && status < 400 ? 'a redirect' : 'an HTML page'} instead of data`);
    if (status === 401 || status === 403) throw fail('blocked', `refused the request (${status})`);
    const json = parseJson(text);
    if (json === undefined) throw fail(status === 200 ? 'transient' : 'bad_request', `answered ${status} with a body that is not JSON`);
    const parsed = yahooChartSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw barsFailure('bad_request', this.id, `${LABEL}: unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`, { code: 'provider_bad_response', status });
    }
    const { result, error } = parsed.data.chart;
    if (error || status === 404) {
      const said = error ? `${error.code}${error.description ? `: ${error.description}` : ''}` : `HTTP ${status}`;
      if (status === 404 || /not found|delisted/i.test(said)) throw fail('unknown_symbol', `has no data for ${symbol} (${excerpt(this.client, said)})`);
      throw fail('bad_request', `answered ${status}: ${excerpt(this.client, said)}`);
    }
    if (status < 200 || status >= 300) throw fail('bad_request', `answered ${status}`);
    const first = result?.[0];
    if (!first) return [];
    const zone = first.meta.exchangeTimezoneName && isKnownTimeZone(first.meta.exchangeTimezoneName) ? first.meta.exchangeTimezoneName : NEW_YORK;
    const timestamps = first.timestamp ?? [];
    const q = first.indicators.quote[0] ?? {};
    const adj = first.indicators.adjclose?.[0]?.adjclose;
    const bars: Bar[] = [];
    for (let i = 0; i < timestamps.length; i++) {
      const [open, high, low, close, volume] = [q.open?.[i], q.high?.[i], q.low?.[i], q.close?.[i], q.volume?.[i]];
      // A null anywhere drops the row: a zero would be a fake price or a fake volume.
      if (open == null || high == null || low == null || close == null || volume == null) continue;
      const adjClose = adj?.[i];
      bars.push({
        date: zonedDate(timestamps[i] * 1000, zone),
        open: roundPrice(open, 4),
        high: roundPrice(high, 4),
        low: roundPrice(low, 4),
        close: roundPrice(close, 4),
        volume,
        ...(adjClose == null ? {} : { adjClose: roundPrice(adjClose, 4) }),
      });
    }
    return dedupeByDate(bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
  }
}
