/**
 * vega-lite → vega compilation, with vega-lite's global side effect contained.
 *
 * When it loads, vega-lite assigns `Set.prototype.toJSON` (its spec hashing relies on it). That global leaks into
 * every other library: discord.js fails to start once it is there ("string \"Set()\" is not iterable"). So the
 * patch is taken off right after vega-lite loads and put back only for the duration of a compile, which is
 * synchronous — nothing else can run while it is installed.
 */
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

const setToJson = Object.getOwnPropertyDescriptor(Set.prototype, 'toJSON');
if (setToJson) delete (Set.prototype as { toJSON?: unknown }).toJSON;

export function compileVegaLite(spec: TopLevelSpec): ReturnType<typeof vl.compile> {
  if (!setToJson) return vl.compile(spec);
  Object.defineProperty(Set.prototype, 'toJSON', setToJson);
  try {
    return vl.compile(spec);
  } finally {
    delete (Set.prototype as { toJSON?: unknown }).toJSON;
  }
}
