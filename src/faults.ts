/**
 * Fault injection (`MARKETDESK_FAULTS`), so anyone can watch recovery:
 *   get_bars=error            every call to get_bars fails (a retryable error)
 *   get_bars=timeout@0.5      half the calls hang until their timeout fires
 *   render_chart=error,finnhub=timeout@0.3
 * A target is a tool name, a tool-name prefix ("technicals" → technicals_summary) or a provider key (the executor checks both; clients such as Finnhub check their own).
 * Kinds: error | fatal (non-retryable) | timeout (hang until aborted) | slow:<ms> | block:<ms>.
 * `block` stalls a thread synchronously, as a hung native call would; only the chart renderer acts on it (in the
 * render worker when there are workers): `render_chart=block:30000` shows a hung render isolated and abandoned.
 */
import { BotError } from './errors.js';

export type FaultKind = 'error' | 'fatal' | 'timeout' | 'slow' | 'block';
export type FaultRule = { target: string; kind: FaultKind; probability: number; delayMs?: number };

export function parseFaults(spec: string | undefined): FaultRule[] {
  if (!spec || !spec.trim()) return [];
  return spec.split(',').map((part) => {
    const match = /^\s*([\w^.:-]+)\s*=\s*(error|fatal|timeout|slow(?::(\d+))?|block(?::(\d+))?)\s*(?:@\s*([0-9.]+))?\s*$/.exec(part);
    if (!match) throw new Error(`MARKETDESK_FAULTS: cannot read "${part.trim()}" (expected target=error|fatal|timeout|slow:<ms>|block:<ms>[@probability])`);
    const [, target, kindRaw, slowMs, blockMs, prob] = match;
    const probability = prob === undefined ? 1 : Number(prob);
    if (!(probability >= 0 && probability <= 1)) throw new Error(`MARKETDESK_FAULTS: probability must be between 0 and 1 in "${part.trim()}"`);
    const kind = (kindRaw.startsWith('slow') ? 'slow' : kindRaw.startsWith('block') ? 'block' : kindRaw) as FaultKind;
    const delayMs = kind === 'slow' ? Number(slowMs ?? 1000) : kind === 'block' ? Number(blockMs ?? 30_000) : undefined;
    return { target, kind, probability, ...(delayMs !== undefined ? { delayMs } : {}) };
  });
}

export class FaultInjector {
  private readonly rules: readonly FaultRule[];
  private readonly random: () => number;

  constructor(rules: readonly FaultRule[] = [], options: { random?: () => number } = {}) {
    this.rules = rules;
    this.random = options.random ?? Math.random;
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Applies the first matching rule for any of the targets: throws, hangs until `signal` aborts, or delays. */
  async apply(targets: readonly string[], signal: AbortSignal): Promise<void> {
    if (this.rules.length === 0) return;
    for (const rule of this.rules) {
      // "technicals" matches the tool technicals_summary: a target names a tool, a tool family or a provider key.
      if (rule.kind === 'block' || !matches(rule, targets)) continue;
      if (this.random() >= rule.probability) continue;
      switch (rule.kind) {
        case 'error':
          throw new BotError('fault_injected', `injected fault: ${rule.target} failed`, { retryable: true });
        case 'fatal':
          throw new BotError('fault_injected', `injected fault: ${rule.target} failed (non-retryable)`);
        case 'timeout':
          await new Promise<never>((_, reject) => {
            if (signal.aborted) return reject(signal.reason);
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
          return;
        case 'slow':
          await sleep(rule.delayMs ?? 1000, signal);
          return;
      }
    }
  }

  /** How long a `block` rule for these targets stalls this call (its probability drawn now); undefined = none. */
  blockMs(targets: readonly string[]): number | undefined {
    for (const rule of this.rules) {
      if (rule.kind !== 'block' || !matches(rule, targets)) continue;
      if (this.random() >= rule.probability) continue;
      return rule.delayMs;
    }
    return undefined;
  }
}

function matches(rule: FaultRule, targets: readonly string[]): boolean {
  return targets.some((t) => t === rule.target || t.startsWith(`${rule.target}_`));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
