/**
 * A fast 64-bit content fingerprint of a JSON-like value (two independent 32-bit FNV-1a lanes over keys, strings
 * and the IEEE-754 bits of numbers). Used as the chart cache key: hashing a 260-bar series with its indicators this
 * way costs a fraction of JSON.stringify + sha1, and a collision needs two different inputs to agree on 64 bits.
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export function fingerprint(value: unknown): string {
  const state = { a: 0x811c9dc5, b: 0x01000193 ^ 0x9e3779b9 };
  walk(value, state);
  return (state.a >>> 0).toString(36) + '.' + (state.b >>> 0).toString(36);
}

type State = { a: number; b: number };

function mix(state: State, word: number): void {
  state.a = Math.imul(state.a ^ word, 0x01000193);
  state.b = Math.imul(state.b ^ (word + 0x7f4a7c15), 0x85ebca6b);
}

function mixString(state: State, text: string): void {
  mix(state, 0x5f3759df ^ text.length);
  for (let i = 0; i < text.length; i++) mix(state, text.charCodeAt(i));
}

function walk(value: unknown, state: State): void {
  switch (typeof value) {
    case 'number':
      f64[0] = value;
      mix(state, 1);
      mix(state, u32[0]);
      mix(state, u32[1]);
      return;
    case 'string':
      mix(state, 2);
      mixString(state, value);
      return;
    case 'boolean':
      mix(state, value ? 3 : 4);
      return;
    case 'undefined':
      mix(state, 5);
      return;
    case 'object':
      if (value === null) return mix(state, 6);
      if (Array.isArray(value)) {
        mix(state, 7 ^ (value.length << 4));
        for (const item of value) walk(item, state);
        return;
      }
      mix(state, 8);
      for (const key of Object.keys(value)) {
        mixString(state, key);
        walk((value as Record<string, unknown>)[key], state);
      }
      return;
    default:
      mix(state, 9);
  }
}
