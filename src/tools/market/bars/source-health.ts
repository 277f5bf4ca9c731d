/**
 * What the chain remembers about providers, in the shared cache (so every process sees it once the cache is Redis):
 *  - a provider-wide cooldown after `rate_limited` (Retry-After, else the source's default), `blocked` (15 min) or
 *    `auth` (1 h) — nobody asks it until then (no request waits on it: the chain moves to the next provider);
 *  - a per-symbol absence after `unknown_symbol` (24 h) or `not_in_plan` (6 h) — that provider is not asked for
 *    that symbol again until then.
 * Only an explicit answer is remembered; a timeout or a 5xx is not.
 */
import type { BotError } from '../../../errors.js';
import type { Cache } from '../cache.js';
import { failureKind, type BarsFailureKind } from './bars-errors.js';

export type Hold = { kind: BarsFailureKind; code: string; message: string; until: number };

export const HOLD_MS = {
  unknown_symbol: 24 * 3_600_000,
  not_in_plan: 6 * 3_600_000,
  rate_limited: 60_000,
  blocked: 15 * 60_000,
  auth: 3_600_000,
} as const;

export class SourceHealth {
  constructor(
    private readonly cache: Cache,
    private readonly now: () => number,
  ) {}

  /** Why `provider` must not be asked for `symbol` now, if it must not. */
  async hold(provider: string, symbol: string): Promise<Hold | undefined> {
    const now = this.now();
    for (const key of [cooldownKey(provider), absenceKey(provider, symbol)]) {
      const hold = await this.cache.get<Hold>(key);
      if (hold && hold.until > now) return hold;
    }
    return undefined;
  }

  /** Remembers a failure when it is the kind that says something lasting about the provider or the symbol. */
  async record(provider: string, symbol: string, error: BotError): Promise<Hold | undefined> {
    const kind = failureKind(error);
    const now = this.now();
    let key: string;
    let ms: number;
    switch (kind) {
      case 'unknown_symbol':
      case 'not_in_plan':
        key = absenceKey(provider, symbol);
        ms = HOLD_MS[kind];
        break;
      case 'rate_limited':
        key = cooldownKey(provider);
        ms = Math.max(1_000, error.retryAfterMs ?? HOLD_MS.rate_limited);
        break;
      case 'blocked':
      case 'auth':
        key = cooldownKey(provider);
        ms = HOLD_MS[kind];
        break;
      default:
        return undefined;
    }
    const hold: Hold = { kind, code: error.code, message: error.message, until: now + ms };
    await this.cache.set(key, hold, ms);
    return hold;
  }
}

const cooldownKey = (provider: string) => `bars:v1:cooldown:${provider}`;
const absenceKey = (provider: string, symbol: string) => `bars:v1:absent:${provider}:${symbol}`;
