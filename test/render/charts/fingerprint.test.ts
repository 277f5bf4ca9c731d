import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/render/charts/fingerprint.js';

describe('fingerprint', () => {
  it('is stable for equal values and differs for any change in a number, string, key, order or shape', () => {
    const base = { symbol: 'NVDA', bars: [{ date: '2026-05-15', close: 225.32 }, { date: '2026-05-14', close: 230.1 }], n: null };
    expect(fingerprint(structuredClone(base))).toBe(fingerprint(base));
    const variants = [
      { ...base, symbol: 'AMD' },
      { ...base, bars: [{ date: '2026-05-15', close: 225.33 }, base.bars[1]] },
      { ...base, bars: [base.bars[1], base.bars[0]] },
      { ...base, bars: base.bars.slice(0, 1) },
      { ...base, n: 0 },
      { ...base, m: null },
      { symbol: 'NVDA', bars: base.bars, n: undefined },
      [base],
    ];
    const prints = new Set([fingerprint(base), ...variants.map(fingerprint)]);
    expect(prints.size).toBe(variants.length + 1);
    expect(fingerprint(0)).not.toBe(fingerprint(-0 + 1e-300));
  });
});
