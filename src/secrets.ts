/**
 * Configured secret values are cut out of everything that leaves the process: log lines (the logger's stream
 * hook), run events (and so SSE, the run store, chat and the CLI, which all read events). Redacting by value, not
 * by field name, catches a key wherever an upstream echoed it — a 400 body quoting the request, an error message,
 * a stack (issue 14, failure 4).
 */

/** Shorter values are not treated as secrets: cutting "abc" out of every text would mangle answers. */
const MIN_SECRET_LENGTH = 8;
const SECRET_NAME = /(?:KEY|TOKEN|SECRET|PASSWORD)(?:_ID)?$/;
export const REDACTED = '[redacted]';

/** The values of the settings whose names say they are secrets (…_KEY, …_TOKEN, …_SECRET). */
export function secretValues(settings: Readonly<Record<string, unknown>>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(settings)) {
    if (!SECRET_NAME.test(name) || typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) values.add(trimmed);
  }
  // Longest first, so a secret that contains another is cut whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export type Redactor = {
  /** Whether there is anything to redact (no secrets configured: every call is the identity). */
  readonly active: boolean;
  text(text: string): string;
  /** A copy of a JSON-like value with every string redacted; the value itself when nothing changed. */
  value<T>(value: T): T;
};

export function createRedactor(secrets: readonly string[]): Redactor {
  const list = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  const text = (input: string): string => {
    let out = input;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const value = <T>(input: T): T => {
    if (typeof input === 'string') return text(input) as T;
    if (Array.isArray(input)) {
      let changed = false;
      const out = input.map((item) => {
        const next = value(item);
        if (next !== item) changed = true;
        return next;
      });
      return (changed ? out : input) as T;
    }
    if (input && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) {
        const next = value(v);
        if (next !== v) changed = true;
        out[k] = next;
      }
      return (changed ? out : input) as T;
    }
    return input;
  };
  return list.length === 0 ? { active: false, text: (t) => t, value: (v) => v } : { active: true, text, value };
}
