/**
 * Rate limits of the fake Discord (developers/topics/rate-limits): per-route buckets keyed by the major parameter,
 * `X-RateLimit-*` headers on every response, and 429s with a JSON `retry_after` plus `Retry-After` — either because a
 * bucket ran out, or because a test scripted them ("the next 2 message edits get 429").
 */
import { createHash } from 'node:crypto';

export type ScriptedRateLimit = {
  method: string;
  /** Route template as counted by the fake, e.g. `/channels/:id/messages/:id`. */
  route: string;
  times: number;
  retryAfterSeconds: number;
  global?: boolean;
};

export type RateLimitVerdict = {
  headers: Record<string, string>;
  /** Set when the request must get a 429. */
  limited?: { retryAfter: number; global: boolean; scope: string };
};

type Window = { start: number; count: number };

/** Limits by route template; the edit/create limits are the folklore "5 per 5 s per channel" (not published). */
function bucketLimit(method: string, template: string): { limit: number; windowMs: number } | undefined {
  if (template.startsWith('/interactions/')) return undefined; // not bound by rate limits (BurstHandler on the client)
  if (template.startsWith('/channels/:id/messages') && method !== 'GET') return { limit: 5, windowMs: 5000 };
  return { limit: 50, windowMs: 1000 };
}

export class FakeRateLimits {
  private readonly scripted: ScriptedRateLimit[] = [];
  private readonly windows = new Map<string, Window>();
  /** Number of 429s sent, by `METHOD route`. */
  readonly sent429 = new Map<string, number>();

  script(rule: ScriptedRateLimit): void {
    this.scripted.push({ ...rule });
  }

  check(method: string, template: string, majorParameter: string, now = Date.now()): RateLimitVerdict {
    const spec = bucketLimit(method, template);
    if (!spec) return { headers: {} };
    const bucket = createHash('sha1').update(`${method} ${template}`).digest('hex').slice(0, 16);
    const key = `${bucket}:${majorParameter}`;
    let window = this.windows.get(key);
    if (!window || now - window.start >= spec.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetAfter = (window.start + spec.windowMs - now) / 1000;
    const base = (remaining: number, reset: number) => ({
      'x-ratelimit-limit': String(spec.limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset-after': reset.toFixed(3),
      'x-ratelimit-reset': ((now + reset * 1000) / 1000).toFixed(3),
      'x-ratelimit-bucket': bucket,
    });

    const rule = this.scripted.find((r) => r.times > 0 && r.method === method && r.route === template);
    if (rule) {
      rule.times -= 1;
      return this.limited(method, template, { ...base(0, rule.retryAfterSeconds), 'x-ratelimit-scope': 'user' }, rule.retryAfterSeconds, rule.global ?? false);
    }
    if (window.count >= spec.limit) {
      return this.limited(method, template, { ...base(0, resetAfter), 'x-ratelimit-scope': 'user' }, resetAfter, false);
    }
    window.count += 1;
    return { headers: base(spec.limit - window.count, resetAfter) };
  }

  private limited(method: string, template: string, headers: Record<string, string>, retryAfter: number, global: boolean): RateLimitVerdict {
    const name = `${method} ${template}`;
    this.sent429.set(name, (this.sent429.get(name) ?? 0) + 1);
    // The header carries whole seconds; the JSON body carries the exact float.
    const extra: Record<string, string> = { 'retry-after': String(Math.ceil(retryAfter)) };
    if (global) extra['x-ratelimit-global'] = 'true';
    return { headers: { ...headers, ...extra }, limited: { retryAfter, global, scope: 'user' } };
  }
}
