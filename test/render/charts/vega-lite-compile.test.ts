import { describe, expect, it } from 'vitest';
import { compileVegaLite } from '../../../src/render/charts/vega-lite-compile.js';

describe('compileVegaLite', () => {
  it('compiles while leaving no Set.prototype.toJSON behind (discord.js breaks on it)', () => {
    expect('toJSON' in Set.prototype).toBe(false);
    const out = compileVegaLite({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
    expect(out.spec.marks?.length).toBeGreaterThan(0);
    expect('toJSON' in Set.prototype).toBe(false);
  });
});
