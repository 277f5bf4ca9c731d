/**
 * Serialize-once for events: the run store and every SSE subscriber write the same string, so an event is
 * stringified once however many readers it has (events are immutable once appended).
 */
import type { RunEvent } from './events.js';

const cache = new WeakMap<RunEvent, string>();

export function eventJson(event: RunEvent): string {
  let json = cache.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    cache.set(event, json);
  }
  return json;
}
