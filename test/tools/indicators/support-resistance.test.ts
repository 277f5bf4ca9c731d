import { describe, expect, it } from 'vitest';
import { supportResistance } from '../../../src/tools/indicators/support-resistance.js';
import { syntheticSeries } from './synthetic-series.js';

/** A triangle wave between 90 and 110 (period 20), ending at 100 on the way up. */
function zigzag(cycles: number): number[] {
  const closes: number[] = [];
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < 10; i++) closes.push(90 + 2 * i);
    for (let i = 0; i < 10; i++) closes.push(110 - 2 * i);
  }
  for (let i = 0; i <= 5; i++) closes.push(90 + 2 * i);
  return closes;
}

describe('supportResistance', () => {
  it('clusters repeated swing lows/highs into levels with touch counts', () => {
    const { bars } = syntheticSeries('ZIG', zigzag(4));
    const { support, resistance } = supportResistance(bars, 0);
    expect(bars.at(-1)!.close).toBe(100);
    // Swing lows at 90 × 0.99, highs at 110 × 1.01 (the ±1% synthetic range), one level each.
    expect(support).toHaveLength(1);
    expect(support[0].price).toBeCloseTo(89.1, 2);
    expect(support[0].touches).toBe(4);
    expect(support[0].distancePct).toBeCloseTo(-10.9, 1);
    expect(resistance).toHaveLength(1);
    expect(resistance[0].price).toBeCloseTo(111.1, 2);
    expect(resistance[0].touches).toBe(4);
  });

  it('orders levels nearest first and caps their number', () => {
    // Falling stairs: each step leaves a swing low below the next; the last close is on top.
    const closes: number[] = [];
    for (let step = 0; step < 6; step++) for (const d of [0, -3, -6, -3, 0, 3, 6]) closes.push(100 + step * 10 + d);
    const { bars } = syntheticSeries('UP', closes);
    const { support } = supportResistance(bars, 0, { maxLevels: 2 });
    expect(support).toHaveLength(2);
    expect(support[0].price).toBeGreaterThan(support[1].price);
    expect(support.every((level) => level.price < bars.at(-1)!.close)).toBe(true);
  });

  it('finds nothing in a straight line and handles empty input', () => {
    const { bars } = syntheticSeries('LINE', Array.from({ length: 40 }, (_, i) => 50 + i));
    expect(supportResistance(bars, 0)).toEqual({ support: [], resistance: [] });
    expect(supportResistance([], 0)).toEqual({ support: [], resistance: [] });
  });
});
